// Invoice totals imported from a file (ADR 045), from the statements page (an agency's users: their own invoices) and
// `oversight invoices import FILE`. The file is read by the ingest readers (CSV or XLSX, held to the input limits),
// every row is checked — its fields (invoice-import.ts), its agency, the agency's statement of the month, the
// currency — and only a file without a single row in error is recorded, in one transaction: nothing half-imported.
import { Readable } from "node:stream";
import { getPrisma } from "~/db/client.server";
import type { Locale } from "~/i18n/locales";
import { isIngestFileError, openRows } from "~/ingest/readers/read-rows";
import { fileErrorReasons } from "~/ingest/readers/file-error";
import type { ImportMessage } from "~/ingest/rows/import-message";
import type { SourceRow } from "~/ingest/readers/source-row";
import { getSetting } from "~/settings/settings.server";
import { mapInvoiceHeader, MAX_INVOICE_ROWS, parseInvoiceRows, type InvoiceRowError } from "./invoice-import";
import type { InvoiceComparison } from "./statement-lines";
import { getStatement, recordInvoiceTotals } from "./statements.server";

export type RecordedInvoice = { row: number; agencyCode: string; month: string; statementId: number; invoiceTotal: string; totalDue: string; comparison: InvoiceComparison };

export type InvoiceImportResult =
  | { status: "RECORDED"; recorded: RecordedInvoice[] }
  /** Rows (or the header) in error: nothing was recorded. */
  | { status: "REJECTED"; errors: InvoiceRowError[] }
  /** The file itself could not be read (format, encoding, input limits). */
  | { status: "FILE_ERROR"; reasons: ImportMessage[] };

/**
 * Reads and records a file of invoice totals. `agencyId` holds an AGENCY user to their own agency: a row of another
 * agency is a row error, like an unknown one.
 */
export async function importInvoiceTotals(input: { fileName: string; bytes: Uint8Array; agencyId?: number; userId: number | null; locale: Locale }): Promise<InvoiceImportResult> {
  let headers: string[];
  const rows: SourceRow[] = [];
  try {
    const source = await openRows({ stream: Readable.from([Buffer.from(input.bytes)]), fileName: input.fileName });
    headers = source.headers;
    for await (const row of source.rows) {
      rows.push(row);
      // One over the limit is enough to refuse the file.
      if (rows.length > MAX_INVOICE_ROWS) break;
    }
  } catch (error) {
    if (isIngestFileError(error)) return { status: "FILE_ERROR", reasons: fileErrorReasons(error, input.fileName) };
    throw error;
  }
  const header = mapInvoiceHeader(headers);
  if (header.errors.length > 0) return { status: "REJECTED", errors: header.errors };
  const parsed = parseInvoiceRows(header.columns, rows);
  const errors = [...parsed.errors];

  const codes = [...new Set(parsed.rows.map((row) => row.agencyCode))];
  const agencies = new Map((await getPrisma().agency.findMany({ where: { code: { in: codes } }, select: { id: true, code: true } })).map((agency) => [agency.code, agency.id]));
  const currency = await getSetting("imports.defaultCurrency");
  const entries: { row: number; agencyCode: string; month: string; statementId: number; total: string; reference: string | null }[] = [];
  for (const row of parsed.rows) {
    const agencyId = agencies.get(row.agencyCode);
    if (agencyId === undefined || (input.agencyId !== undefined && agencyId !== input.agencyId)) {
      // Another agency's code reads as unknown to an agency user only when it does not exist: say which it is.
      errors.push({ row: row.row, field: "agency_code", key: agencyId === undefined ? "invoiceImport.error.unknownAgency" : "invoiceImport.error.otherAgency", params: { value: row.agencyCode } });
      continue;
    }
    if (row.currency !== null && row.currency !== currency) {
      errors.push({ row: row.row, field: "currency", key: "invoiceImport.error.currencyMismatch", params: { value: row.currency, expected: currency } });
      continue;
    }
    const statement = await getPrisma().commissionStatement.findFirst({ where: { agencyId, month: new Date(`${row.month}-01T00:00:00Z`) }, orderBy: { status: "desc" }, select: { id: true } });
    if (!statement) {
      errors.push({ row: row.row, field: "month", key: "invoiceImport.error.noStatement", params: { agency: row.agencyCode, month: row.month } });
      continue;
    }
    entries.push({ row: row.row, agencyCode: row.agencyCode, month: row.month, statementId: statement.id, total: row.total, reference: row.reference });
  }
  if (errors.length > 0) return { status: "REJECTED", errors: errors.sort((left, right) => (left.row ?? 0) - (right.row ?? 0)) };

  await recordInvoiceTotals(
    entries.map((entry) => ({ statementId: entry.statementId, total: entry.total, reference: entry.reference })),
    { userId: input.userId, locale: input.locale },
  );
  const recorded: RecordedInvoice[] = [];
  for (const entry of entries) {
    const statement = (await getStatement(entry.statementId))!;
    recorded.push({ row: entry.row, agencyCode: entry.agencyCode, month: entry.month, statementId: entry.statementId, invoiceTotal: entry.total, totalDue: statement.totalDue, comparison: statement.comparison });
  }
  return { status: "RECORDED", recorded };
}
