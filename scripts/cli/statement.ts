import { writeFile } from "node:fs/promises";
import { logAccess } from "../../app/audit/log-access.server";
import { getPrisma } from "../../app/db/client.server";
import { closePool } from "../../app/db/pg.server";
import { isLocale } from "../../app/i18n/locales";
import { enterInvoice, finalizeStatement, generateStatement, getStatement, readStatementFile, StatementError } from "../../app/money/statements.server";
import { isReportMonth } from "../../app/reports/report-period";
import { prepareDatabase } from "../../server/prepare-database";
import { CliUsageError, parseFlags } from "./errors";

export const statementUsage = `  statement --month YYYY-MM --agency CODE --out FILE.xlsx [--finalize] [--invoice TOTAL [--invoice-ref REF]] [--locale en|zh-CN]
      The agency's commission statement for the month: makes the draft again (or reads the final one) and writes
      it to FILE. --finalize finalises the draft just made; --invoice records the agency's invoice total and prints
      the difference and the lines that explain it.
`;

/** `oversight statement --month 2026-10 --agency CODE --out FILE.xlsx`. */
export async function statementCommand(args: string[]): Promise<void> {
  const flags = { month: { type: "string" }, agency: { type: "string" }, out: { type: "string" }, finalize: { type: "boolean" }, invoice: { type: "string" }, "invoice-ref": { type: "string" }, locale: { type: "string" } } as const;
  const values = parseFlags(args, flags, statementUsage);
  if (typeof values.month !== "string" || !isReportMonth(values.month)) throw new CliUsageError(`--month must be a month YYYY-MM (2000-2100).\n\n${statementUsage}`);
  if (typeof values.agency !== "string" || values.agency.trim() === "") throw new CliUsageError(`--agency CODE is required.\n\n${statementUsage}`);
  if (typeof values.out !== "string" || !values.out.toLowerCase().endsWith(".xlsx")) throw new CliUsageError(`--out FILE.xlsx is required.\n\n${statementUsage}`);
  const locale = values.locale ?? "en";
  if (!isLocale(locale)) throw new CliUsageError("--locale must be en or zh-CN.");

  const database = await prepareDatabase();
  try {
    const agency = await getPrisma().agency.findUnique({ where: { code: values.agency }, select: { id: true } });
    if (!agency) throw new CliUsageError(`No agency with code "${values.agency}".`);
    const final = await getPrisma().commissionStatement.findFirst({ where: { agencyId: agency.id, month: new Date(`${values.month}-01T00:00:00Z`), status: "FINAL" }, select: { id: true } });
    let statement = final ? null : await generateStatement({ agencyId: agency.id, month: values.month, userId: null, locale });
    let id = final?.id ?? statement!.id;
    if (values.finalize && statement) statement = await finalizeStatement({ id, expectedContentSha256: statement.contentSha256, userId: null, locale });
    if (typeof values.invoice === "string") statement = await enterInvoice({ id, total: values.invoice, reference: values["invoice-ref"] ?? null, userId: null });
    const detail = statement ?? (await getStatement(id))!;
    id = detail.id;
    console.log(`Statement ${id}: ${values.agency} ${values.month}, ${detail.status}, ${detail.lines.length} lines`);
    console.log(`  payments ${detail.paymentsTotal}, commission ${detail.commissionTotal}, adjustments ${detail.adjustmentsTotal}, flat fees ${detail.flatFeesTotal}, total due ${detail.totalDue}`);
    if (detail.comparison.status === "MATCHES") console.log(`  invoice ${detail.invoiceTotal}: matches`);
    if (detail.comparison.status === "DIFFERS") {
      console.log(`  invoice ${detail.invoiceTotal}: differs by ${detail.comparison.difference}`);
      for (const index of detail.comparison.explaining) {
        const line = detail.lines[index]!;
        console.log(`    ${line.kind} ${line.accountNumber} ${line.day} amount ${line.amount} commission ${line.commission}${line.eventId ? ` (event ${line.eventId})` : ""}`);
      }
      if (detail.comparison.explaining.length === 0) console.log("    no single line or pair of lines makes up the difference");
    }
    const file = await readStatementFile(id);
    if (!file) throw new Error(`Statement ${id} has no file.`);
    await writeFile(values.out, file.bytes);
    await logAccess({ userId: null, action: "EXPORT", resourceType: "CommissionStatement", resourceId: id, detail: { via: "CLI", file: values.out, sha256: file.sha256 } });
    console.log(`Wrote ${values.out} (${file.bytes.length} bytes)\nSHA-256 ${file.sha256}`);
  } catch (error) {
    if (error instanceof StatementError) throw new CliUsageError(error.message);
    throw error;
  } finally {
    await closePool();
    await database.close();
  }
}
