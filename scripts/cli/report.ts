import { writeFile } from "node:fs/promises";
import { getPrisma } from "../../app/db/client.server";
import { logAccess } from "../../app/audit/log-access.server";
import { isLocale } from "../../app/i18n/locales";
import { stopQueue } from "../../app/jobs/queue.server";
import { requestAuditReport, runAuditReportJob } from "../../app/reports/generate-audit-report.server";
import { isReportMonth } from "../../app/reports/report-period";
import { closePool } from "../../app/db/pg.server";
import { prepareDatabase } from "../../server/prepare-database";
import { CliUsageError, parseFlags } from "./errors";

export const reportUsage = `  report --month YYYY-MM [--agency CODE] [--masked] [--locale en|zh-CN] --out FILE.xlsx
      Generate the monthly audit workbook (all agencies, or one) as a DRAFT report, inline with progress, and write
      it to FILE. Prints the report id and the file's SHA-256. --masked masks debtor names and phone numbers.
`;

/** `oversight report --month 2026-10 [--agency CODE] --out FILE.xlsx`: for scheduled runs. */
export async function reportCommand(args: string[]): Promise<void> {
  const values = parseFlags(args, { month: { type: "string" }, agency: { type: "string" }, out: { type: "string" }, masked: { type: "boolean" }, locale: { type: "string" } }, reportUsage);
  if (typeof values.month !== "string" || !isReportMonth(values.month)) throw new CliUsageError(`--month must be a month YYYY-MM (2000-2100).\n\n${reportUsage}`);
  if (typeof values.out !== "string" || values.out.trim() === "") throw new CliUsageError(`--out FILE.xlsx is required.\n\n${reportUsage}`);
  if (!values.out.toLowerCase().endsWith(".xlsx")) throw new CliUsageError("--out must name an .xlsx file.");
  const locale = values.locale ?? "en";
  if (!isLocale(locale)) throw new CliUsageError("--locale must be en or zh-CN.");

  const database = await prepareDatabase();
  try {
    let agencyId: number | null = null;
    if (values.agency !== undefined) {
      const agency = await getPrisma().agency.findUnique({ where: { code: values.agency }, select: { id: true } });
      if (!agency) throw new CliUsageError(`No agency with code "${values.agency}".`);
      agencyId = agency.id;
    }
    const { id } = await requestAuditReport({ month: values.month, agencyId, masked: values.masked === true, userId: null, locale }, { enqueue: false });
    console.log(`Report ${id}: ${values.month}, ${values.agency ?? "all agencies"}${values.masked ? ", masked" : ""}`);
    let shown = -10;
    await runAuditReportJob(
      { reportId: id, mode: "draft", locale, userId: null },
      {
        onProgress: (percent) => {
          if (percent - shown < 10) return;
          shown = percent;
          console.log(`  ${percent}%`);
        },
      },
    );
    const report = await getPrisma().auditReport.findUniqueOrThrow({ where: { id }, select: { jobState: true, errorMessage: true, fileBytes: true, fileSha256: true, fileSize: true } });
    if (report.jobState !== "SUCCEEDED" || !report.fileBytes) throw new Error(`Report ${id} failed: ${report.errorMessage ?? "unknown error"}`);
    await writeFile(values.out, report.fileBytes);
    await logAccess({ userId: null, action: "EXPORT", resourceType: "AuditReport", resourceId: id, detail: { via: "CLI", file: values.out, sha256: report.fileSha256 } });
    console.log(`  100%\nWrote ${values.out} (${report.fileSize} bytes)\nSHA-256 ${report.fileSha256}`);
  } finally {
    await stopQueue();
    await closePool();
    await database.close();
  }
}
