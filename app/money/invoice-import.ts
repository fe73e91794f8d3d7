// The agencies' invoice totals from a file (ADR 045): columns agency_code, month, invoice_ref, invoice_total, currency,
// one row per agency and month. Pure: the header and each row are checked here (which row, which field, why, as a
// message key with its parameters); what needs the database (the agency, its statement) is checked by
// invoice-import.server.ts. Money stays a decimal string.

export const invoiceColumns = ["agency_code", "month", "invoice_ref", "invoice_total", "currency"] as const;
export type InvoiceColumn = (typeof invoiceColumns)[number];
/** invoice_ref and currency may be left out of a file (no reference; the statements' currency). */
const requiredColumns: readonly InvoiceColumn[] = ["agency_code", "month", "invoice_total"];
export const MAX_INVOICE_ROWS = 5_000;

export type InvoiceErrorKey =
  | "invoiceImport.error.missingColumn"
  | "invoiceImport.error.required"
  | "invoiceImport.error.month"
  | "invoiceImport.error.amount"
  | "invoiceImport.error.currency"
  | "invoiceImport.error.tooLong"
  | "invoiceImport.error.unknownAgency"
  | "invoiceImport.error.otherAgency"
  | "invoiceImport.error.noStatement"
  | "invoiceImport.error.currencyMismatch"
  | "invoiceImport.error.duplicate"
  | "invoiceImport.error.empty"
  | "invoiceImport.error.tooMany";

/** A problem with the file (row null) or one row's field, as a message key and its parameters. */
export type InvoiceRowError = { row: number | null; field: InvoiceColumn | null; key: InvoiceErrorKey; params: Record<string, string | number> };

export type InvoiceRow = { row: number; agencyCode: string; month: string; reference: string | null; total: string; currency: string | null };

/** The file's column names → canonical columns (case, spaces and a BOM ignored); null when a required one is missing. */
export function mapInvoiceHeader(headers: readonly string[]): { columns: Partial<Record<InvoiceColumn, string>>; errors: InvoiceRowError[] } {
  const columns: Partial<Record<InvoiceColumn, string>> = {};
  for (const header of headers) {
    const canonical = header.replace(/^\uFEFF/, "").trim().toLowerCase().replace(/[\s-]+/g, "_");
    if ((invoiceColumns as readonly string[]).includes(canonical) && columns[canonical as InvoiceColumn] === undefined) columns[canonical as InvoiceColumn] = header;
  }
  const errors = requiredColumns.filter((column) => columns[column] === undefined).map((column): InvoiceRowError => ({ row: null, field: column, key: "invoiceImport.error.missingColumn", params: { column } }));
  return { columns, errors };
}

/** "1,234.5" / "1234.56" / "-20" → "1234.50"; null for anything else (more than two decimals included). */
export function parseInvoiceAmount(value: string): string | null {
  let text = value.trim();
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) text = text.replace(/,/g, "");
  const match = /^(-)?(\d{1,13})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return null;
  return `${match[1] ?? ""}${BigInt(match[2]!).toString()}.${(match[3] ?? "").padEnd(2, "0")}`;
}

/** "2026-04" or the month's first day "2026-04-01" → "2026-04"; null for anything else. */
export function parseInvoiceMonth(value: string): string | null {
  const match = /^(\d{4})-(0[1-9]|1[0-2])(?:-01)?$/.exec(value.trim());
  return match ? `${match[1]}-${match[2]}` : null;
}

/** Every row checked on its own and against the rows before it (one invoice per agency and month). */
export function parseInvoiceRows(columns: Partial<Record<InvoiceColumn, string>>, rows: readonly { rowNumber: number; values: Record<string, string> }[]): { rows: InvoiceRow[]; errors: InvoiceRowError[] } {
  const errors: InvoiceRowError[] = [];
  if (rows.length === 0) return { rows: [], errors: [{ row: null, field: null, key: "invoiceImport.error.empty", params: {} }] };
  if (rows.length > MAX_INVOICE_ROWS) return { rows: [], errors: [{ row: null, field: null, key: "invoiceImport.error.tooMany", params: { maximum: MAX_INVOICE_ROWS } }] };
  const parsed: InvoiceRow[] = [];
  const seen = new Map<string, number>();
  for (const source of rows) {
    const get = (column: InvoiceColumn) => {
      const name = columns[column];
      return name === undefined ? "" : (source.values[name] ?? "").trim();
    };
    const fail = (field: InvoiceColumn, key: InvoiceErrorKey, params: Record<string, string | number> = {}) => errors.push({ row: source.rowNumber, field, key, params });
    const before = errors.length;
    const agencyCode = get("agency_code").toUpperCase();
    if (agencyCode === "") fail("agency_code", "invoiceImport.error.required");
    else if (agencyCode.length > 40) fail("agency_code", "invoiceImport.error.tooLong", { maximum: 40 });
    const monthText = get("month");
    const month = parseInvoiceMonth(monthText);
    if (monthText === "") fail("month", "invoiceImport.error.required");
    else if (month === null) fail("month", "invoiceImport.error.month", { value: monthText.slice(0, 40) });
    const totalText = get("invoice_total");
    const total = parseInvoiceAmount(totalText);
    if (totalText === "") fail("invoice_total", "invoiceImport.error.required");
    else if (total === null) fail("invoice_total", "invoiceImport.error.amount", { value: totalText.slice(0, 40) });
    const reference = get("invoice_ref");
    if (reference.length > 100) fail("invoice_ref", "invoiceImport.error.tooLong", { maximum: 100 });
    const currency = get("currency").toUpperCase();
    if (currency !== "" && !/^[A-Z]{3}$/.test(currency)) fail("currency", "invoiceImport.error.currency", { value: currency.slice(0, 40) });
    if (errors.length > before) continue;
    const key = `${agencyCode}|${month}`;
    const first = seen.get(key);
    if (first !== undefined) {
      fail("month", "invoiceImport.error.duplicate", { row: first });
      continue;
    }
    seen.set(key, source.rowNumber);
    parsed.push({ row: source.rowNumber, agencyCode, month: month!, reference: reference === "" ? null : reference, total: total!, currency: currency === "" ? null : currency });
  }
  return { rows: parsed, errors };
}
