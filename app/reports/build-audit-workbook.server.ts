// The monthly audit workbook, written with ExcelJS's streaming WorkbookWriter: each sheet is written and committed
// before the next one starts (the zip takes entries in order, so an open earlier sheet would hold every later row
// in memory), and the detail sheets read their rows through database cursors. Memory stays flat whatever the month
// holds. Every text cell goes through escapeCellText (agency text is untrusted); every figure is a number with a
// number format, never text. Each sheet has its writer in ./sheets/, sharing one SheetContext.
import { createHash } from "node:crypto";
import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import type { MessageKey } from "~/i18n/messages.en";
import type { AuditSummary } from "./audit-summary";
import { writeAgencyKpisSheet } from "./sheets/agency-kpis";
import { writeAgentKpisSheet } from "./sheets/agent-kpis";
import { writeCaseSampleSheet } from "./sheets/case-sample";
import { writeFindingsSheet } from "./sheets/findings";
import { writeComplaintsSheet } from "./sheets/complaints";
import { metricValue } from "./sheets/formats";
import { writeMethodSheet } from "./sheets/method";
import { createSheetContext, type AuditWorkbookInput } from "./sheets/sheet-context";
import { writeSummarySheet } from "./sheets/summary";
import { writeViolationsSheet } from "./sheets/violations";

export type { AuditWorkbookInput, AuditWorkbookReport, ReportMetricDefinition, ReportMetrics } from "./sheets/sheet-context";
export { SAMPLE_VERDICTS } from "./sheets/case-sample";
export { columnLetter } from "./sheets/formats";

export const SHEET_KEYS = [
  "reports.sheet.summary",
  "reports.sheet.agencyKpis",
  "reports.sheet.agentKpis",
  "reports.sheet.violations",
  "reports.sheet.complaints",
  "reports.sheet.findings",
  "reports.sheet.sample",
  "reports.sheet.method",
] as const satisfies readonly MessageKey[];

/**
 * ExcelJS's streaming writer stamps each zip entry with the current time; pinning them (and the workbook's
 * created/modified properties) to the report's generation time makes a regenerated draft of unchanged data
 * byte-identical. The first entries are added inside the constructor, hence the override of its first call.
 */
function deterministicWriterClass(date: Date) {
  const pin = (zip: { append: (source: unknown, data: Record<string, unknown>) => unknown; __pinned?: boolean }) => {
    if (zip.__pinned) return;
    const append = zip.append.bind(zip);
    zip.append = (source, data) => append(source, { ...data, date });
    zip.__pinned = true;
  };
  return class DeterministicWorkbookWriter extends ExcelJS.stream.xlsx.WorkbookWriter {
    override addThemes(): Promise<void> {
      pin((this as unknown as { zip: Parameters<typeof pin>[0] }).zip);
      return super.addThemes();
    }
  };
}

/**
 * Writes the whole workbook to `output` and resolves when the zip is finished. Returns the Summary's figures (for
 * the preview) and the digest of the content.
 */
export async function buildAuditWorkbook(input: AuditWorkbookInput, output: Writable): Promise<AuditSummary> {
  const { report, locale, period, metrics } = input;
  const digest = createHash("sha256");
  const Writer = deterministicWriterClass(report.generatedAt);
  // Fastest deflate: a 200,000-row sheet compresses about three times faster for a somewhat larger file.
  const workbook = new Writer({ stream: output, useStyles: true, useSharedStrings: false, zip: { zlib: { level: 1 } } });
  workbook.creator = "Agency Oversight";
  workbook.lastModifiedBy = "Agency Oversight";
  workbook.created = report.generatedAt;
  workbook.modified = report.generatedAt;
  const finished = new Promise<void>((resolve, reject) => {
    output.once("finish", resolve);
    output.once("error", reject);
  });
  const ctx = createSheetContext(input, workbook, digest, finished);

  // The sheets in SHEET_KEYS order; the progress shares are the sheets' usual part of the time.
  const { highByRule, outliers } = writeSummarySheet(ctx);
  await ctx.progress(5);
  writeAgencyKpisSheet(ctx);
  writeAgentKpisSheet(ctx);
  await ctx.progress(8);
  const violationCount = await writeViolationsSheet(ctx);
  const complaintCount = await writeComplaintsSheet(ctx);
  writeFindingsSheet(ctx);
  const sample = await writeCaseSampleSheet(ctx);
  await ctx.progress(93);
  writeMethodSheet(ctx, sample);

  await workbook.commit();
  await finished;

  const definitions = metrics.definitions;
  const contentSha256 = digest.digest("hex");
  return {
    version: 1,
    locale,
    month: period.month,
    from: period.from,
    to: period.to,
    timeZone: period.timeZone,
    scope: report.scope,
    masked: report.masked,
    rulePacks: input.packs.agencies.map((pack) => ({ agencyCode: pack.agencyCode, packCode: pack.packCode, version: pack.version })),
    generatedByName: report.generatedByName,
    generatedAt: report.generatedAt.toISOString(),
    kpis: definitions.map((definition) => ({ key: definition.key, format: definition.format, current: metricValue(metrics.kpis.current, definition.key), previous: metricValue(metrics.kpis.previous, definition.key) })),
    grades: metrics.scorecards.map((card) => ({ agencyCode: card.agencyCode, agencyName: card.agencyName, grade: card.grade, totalScore: card.gradeScores.total, recoveryIndex: card.recoveryIndex?.value ?? null })),
    topRules: highByRule.map((entry) => ({ ruleCode: entry.ruleCode, count: entry.count })),
    outliers: outliers.map((agent) => ({ agencyCode: agent.agencyCode, agentExternalId: agent.externalId, agentName: agent.agentName, violations: agent.metrics.violations, zScore: agent.violationZScore })),
    wrongPartyContacts: metrics.kpis.current.wrongPartyContacts,
    thirdPartyContacts: metrics.kpis.current.thirdPartyContacts,
    rowCounts: { violations: violationCount, complaints: complaintCount, sample: sample.rows.length, agencies: metrics.scorecards.length, agents: metrics.agents.length },
    sampling: sample.agencies.map((agency) => ({ agencyCode: agency.agencyCode, population: agency.population, sampleSize: agency.sampleSize })),
    contentSha256,
  };
}
