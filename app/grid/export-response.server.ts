import type { ZodError } from "zod";
import { z } from "zod";
import { contentDisposition, exportTableCsv, exportTableXlsx, xlsxContentType } from "./export-table.server";
import type { ExportTable } from "./export-table";

// What every grid download route shares: the format parameter, a 400 that names the bad filter, and the file response
// (never cached by a proxy, never sniffed as HTML), so each resource route only guards, prepares its table and logs.

export const gridExportFormats = ["csv", "xlsx"] as const;
export type GridExportFormat = (typeof gridExportFormats)[number];

const downloadHeaders = { "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" } as const;

/** The `format` parameter among `allowed`, or the 400 that lists the formats this download offers. */
export function parseExportFormat<const Format extends string>(
  params: URLSearchParams,
  allowed: readonly [Format, ...Format[]],
): { ok: true; format: Format } | { ok: false; response: Response } {
  const parsed = z.enum(allowed).safeParse(params.get("format"));
  if (parsed.success) return { ok: true, format: parsed.data as Format };
  const listed = allowed.length === 1 ? allowed[0] : `${allowed.slice(0, -1).join(", ")} or ${allowed[allowed.length - 1]}`;
  return { ok: false, response: new Response(`format must be ${listed}`, { status: 400 }) };
}

/** A 400 naming each filter that did not parse and why, one per line. */
export function invalidFiltersResponse(error: ZodError): Response {
  return new Response(error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("\n"), { status: 400 });
}

/** The filters a download was made with, as `name=value&…` for the access log and the file's notes ("—" for none). */
export function describeFilters<Name extends string>(names: readonly Name[], values: Partial<Record<Name, unknown>>): string {
  return names.flatMap((name) => (values[name] ? [`${name}=${String(values[name])}`] : [])).join("&") || "—";
}

/** A file of any content the browser must save rather than show. */
export function downloadResponse(body: BodyInit, contentType: string, fileName: string): Response {
  return new Response(body, { headers: { ...downloadHeaders, "Content-Type": contentType, "Content-Disposition": contentDisposition(fileName) } });
}

/** A grid's export table as the CSV or Excel file `fileBase`.csv|xlsx, with the notes under the rows. */
export async function exportTableResponse<Row>(
  format: GridExportFormat,
  table: ExportTable<Row>,
  options: { fileBase: string; sheetName: string; notes?: readonly string[] },
): Promise<Response> {
  const notes = options.notes ?? [];
  if (format === "csv") return downloadResponse(exportTableCsv(table, notes), "text/csv; charset=utf-8", `${options.fileBase}.csv`);
  const workbook = await exportTableXlsx(table, { sheetName: options.sheetName, notes });
  return downloadResponse(new Uint8Array(workbook), xlsxContentType, `${options.fileBase}.xlsx`);
}
