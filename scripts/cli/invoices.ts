import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { getPrisma } from "../../app/db/client.server";
import { closePool } from "../../app/db/pg.server";
import { isLocale } from "../../app/i18n/locales";
import type { MessageKey } from "../../app/i18n/messages.en";
import { translate } from "../../app/i18n/translate";
import { renderImportMessages } from "../../app/ingest/rows/import-message";
import { importInvoiceTotals } from "../../app/money/invoice-import.server";
import { prepareDatabase } from "../../server/prepare-database";
import { CliUsageError } from "./errors";

export const invoicesUsage = `  invoices import [--agency CODE] [--locale en|zh-CN] FILE
      Records the agencies' invoice totals from a CSV or Excel file (agency_code, month, invoice_ref, invoice_total,
      currency) and prints each one's difference from its statement. --agency accepts that agency's rows only. A file
      with any row in error records nothing: every error is printed with its row and field, and the exit code is 1.
`;

/** `oversight invoices import FILE`: the statements page's upload, from the command line. */
export async function invoicesCommand(args: string[]): Promise<void> {
  const [subcommand, ...rest] = args;
  if (subcommand !== "import") throw new CliUsageError(`Unknown invoices command "${subcommand ?? ""}".\n\n${invoicesUsage}`);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { agency: { type: "string" }, locale: { type: "string" } }, strict: true, allowPositionals: true });
  } catch (error) {
    throw new CliUsageError(`${error instanceof Error ? error.message : String(error)}\n\n${invoicesUsage}`);
  }
  const file = parsed.positionals[0];
  if (!file || parsed.positionals.length > 1) throw new CliUsageError(`One FILE is required.\n\n${invoicesUsage}`);
  const locale = parsed.values.locale ?? "en";
  if (!isLocale(locale)) throw new CliUsageError("--locale must be en or zh-CN.");
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new CliUsageError(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }

  const database = await prepareDatabase();
  try {
    let agencyId: number | undefined;
    if (parsed.values.agency !== undefined) {
      const agency = await getPrisma().agency.findUnique({ where: { code: parsed.values.agency }, select: { id: true } });
      if (!agency) throw new CliUsageError(`No agency with code "${parsed.values.agency}".`);
      agencyId = agency.id;
    }
    const result = await importInvoiceTotals({ fileName: path.basename(file), bytes, agencyId, userId: null, locale });
    if (result.status === "FILE_ERROR") {
      console.error(renderImportMessages(result.reasons, locale));
      process.exitCode = 1;
      return;
    }
    if (result.status === "REJECTED") {
      console.error(`${file}: nothing recorded; ${result.errors.length} error(s):`);
      for (const error of result.errors) {
        console.error(`  ${error.row === null ? "file" : `row ${error.row}`}${error.field ? `, ${error.field}` : ""}: ${translate(locale, error.key as MessageKey, error.params)}`);
      }
      process.exitCode = 1;
      return;
    }
    for (const entry of result.recorded) {
      const comparison = entry.comparison.status === "DIFFERS" ? `differs by ${entry.comparison.difference}` : "matches";
      console.log(`Row ${entry.row}: ${entry.agencyCode} ${entry.month} statement ${entry.statementId}, invoice ${entry.invoiceTotal}, total due ${entry.totalDue}: ${comparison}`);
    }
    console.log(`${result.recorded.length} invoice total(s) recorded.`);
  } finally {
    await closePool();
    await database.close();
  }
}
