// The monthly audit workbook, written with ExcelJS's streaming WorkbookWriter: each sheet is written and committed
// before the next one starts (the zip takes entries in order, so an open earlier sheet would hold every later row
// in memory), and the detail sheets read their rows through database cursors. Memory stays flat whatever the month
// holds. Every text cell goes through escapeCellText (agency text is untrusted); every figure is a number with a
// number format, never text.
import { createHash, type Hash } from "node:crypto";
import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import type { ReportStatus } from "~/generated/prisma/enums";
import type { Locale } from "~/i18n/locales";
import type { MessageKey } from "~/i18n/messages.en";
import { getMessages, translate, translateDynamic, type MessageParams } from "~/i18n/translate";
import type { AgencyScorecard, AgentMetricsRow, KpiSummary, MetricFormat, MetricKey, MetricValues, ViolationsByRule } from "~/metrics/metric-types";
import { agencyOnlyMetrics } from "~/metrics/definitions";
import { maskName, maskPhone } from "~/privacy/mask";
import { maskFreeText } from "~/privacy/mask-free-text";
import { subjectsOfRow, type SubjectColumns } from "~/privacy/free-text-subjects.server";
import { RULE_CODES } from "~/rules/rule-pack";
import { explanationFormatFor, renderViolationExplanation, ruleName } from "~/violations/render-explanation";
import type { AuditSummary } from "./audit-summary";
import { escapeCellText } from "./escape-cell";
import type { ReportPeriod } from "./report-period";
import { drawCaseSample, streamReportComplaints, streamReportViolations, type PackInForce, type PackVersionParameters, type ReportScope } from "./report-rows.server";

export type ReportMetricDefinition = { key: MetricKey; format: MetricFormat; label: string; definition: string; lowerIsBetter: boolean };

export type ReportMetrics = {
  /** In the order the KPI columns appear. */
  definitions: ReportMetricDefinition[];
  kpis: KpiSummary;
  scorecards: AgencyScorecard[];
  agents: AgentMetricsRow[];
  violationsByRule: ViolationsByRule;
};

export type AuditWorkbookReport = {
  id: number;
  scope: { agencyId: number; agencyCode: string; agencyName: string } | null;
  masked: boolean;
  status: ReportStatus;
  /** Fixes every timestamp in the file (workbook properties, zip entries). */
  generatedAt: Date;
  generatedByName: string | null;
  finalizedByName: string | null;
  finalizedAt: Date | null;
  signOffNote: string | null;
};

export type AuditWorkbookInput = {
  report: AuditWorkbookReport;
  locale: Locale;
  period: ReportPeriod;
  /** Origin of the app, for hyperlinks to case pages. */
  baseUrl: string;
  metrics: ReportMetrics;
  packs: { agencies: PackInForce[]; versions: PackVersionParameters[] };
  /** Expected detail rows, for progress only. */
  expectedRows: number;
  onProgress?: (percent: number) => void | Promise<void>;
};

export const SHEET_KEYS = [
  "reports.sheet.summary",
  "reports.sheet.agencyKpis",
  "reports.sheet.agentKpis",
  "reports.sheet.violations",
  "reports.sheet.complaints",
  "reports.sheet.sample",
  "reports.sheet.method",
] as const satisfies readonly MessageKey[];

export const SAMPLE_VERDICTS = ["COMPLIANT", "MINOR", "MAJOR", "NOT_REVIEWABLE"] as const;

const numberFormats: Record<MetricFormat, string> = {
  count: "#,##0",
  money: "#,##0.00",
  percent: "0.0%",
  per1000: "0.00",
  index: "0.0",
};
const changeFormats: Record<MetricFormat, string> = {
  count: "+#,##0;-#,##0;0",
  money: "+#,##0.00;-#,##0.00;0.00",
  percent: "+0.0%;-0.0%;0.0%",
  per1000: "+0.00;-0.00;0.00",
  index: "+0.0;-0.0;0.0",
};
const DATE_TIME_FORMAT = "yyyy-mm-dd hh:mm:ss";
const DATE_FORMAT = "yyyy-mm-dd";
const ID_FORMAT = "0";

const headerStyle: Partial<ExcelJS.Style> = {
  font: { bold: true, color: { argb: "FFFFFFFF" } },
  fill: { type: "pattern", pattern: "solid", fgColor: { argb: "FF1F4E78" } },
  alignment: { vertical: "middle", wrapText: true },
};
const headingFont: Partial<ExcelJS.Font> = { bold: true, size: 12, color: { argb: "FF1F4E78" } };
const linkFont: Partial<ExcelJS.Font> = { color: { argb: "FF0563C1" }, underline: true };
const labelFont: Partial<ExcelJS.Font> = { bold: true };
// Green for good, red for bad: the direction depends on the metric.
const goodHigh = [{ argb: "FFF8696B" }, { argb: "FFFFEB84" }, { argb: "FF63BE7B" }];
const goodLow = [{ argb: "FF63BE7B" }, { argb: "FFFFEB84" }, { argb: "FFF8696B" }];

type CellInput = string | number | Date | null | undefined | { text: string; hyperlink: string };

type Column = { header: string; width: number; numFmt?: string };

/** Wall-clock "YYYY-MM-DD HH:MM:SS" as the Date ExcelJS writes as that serial date-time (it writes UTC fields). */
function wallClockDate(localTime: string): Date {
  return new Date(`${localTime.replace(" ", "T")}Z`);
}

function wallClockIn(date: Date, timeZone: string): Date {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  return new Date(`${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}Z`);
}

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

class SheetWriter {
  private rowCount = 0;
  private readonly sheet: ExcelJS.Worksheet;
  // One style object per column (and per column and override): ExcelJS's style registry caches by object identity,
  // so sharing them saves rendering a style per cell, which dominates the time of a 200,000-row sheet.
  private readonly columnStyles: Partial<ExcelJS.Style>[];
  private readonly linkStyles: Partial<ExcelJS.Style>[];
  private readonly overrides = new Map<Partial<ExcelJS.Style>, Partial<ExcelJS.Style>[]>();
  private readonly emptyStyle: Partial<ExcelJS.Style> = {};

  constructor(
    workbook: ExcelJS.stream.xlsx.WorkbookWriter,
    name: string,
    private readonly digest: Hash,
    options: { frozenRows?: number; frozenColumns?: number; columns: { width: number; numFmt?: string }[] },
  ) {
    this.sheet = workbook.addWorksheet(name, {
      views: options.frozenRows || options.frozenColumns ? [{ state: "frozen", xSplit: options.frozenColumns ?? 0, ySplit: options.frozenRows ?? 0 }] : [],
      pageSetup: { orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 },
      properties: { defaultRowHeight: 15 },
    });
    this.sheet.columns = options.columns.map((column) => ({ width: column.width }));
    this.columnStyles = options.columns.map((column) => (column.numFmt ? { numFmt: column.numFmt } : {}));
    this.linkStyles = this.columnStyles.map((style) => ({ ...style, font: linkFont }));
    this.digest.update(`sheet\u0000${name}\n`);
  }

  get rows(): number {
    return this.rowCount;
  }

  get worksheet(): ExcelJS.Worksheet & { dataValidations: { add: (range: string, validation: ExcelJS.DataValidation) => void } } {
    // The streaming worksheet has dataValidations, which ExcelJS's types leave out.
    return this.sheet as ExcelJS.Worksheet & { dataValidations: { add: (range: string, validation: ExcelJS.DataValidation) => void } };
  }

  private styleFor(index: number, override: Partial<ExcelJS.Style> | undefined): Partial<ExcelJS.Style> {
    const base = this.columnStyles[index] ?? this.emptyStyle;
    if (!override) return base;
    let merged = this.overrides.get(override);
    if (!merged) {
      merged = [];
      this.overrides.set(override, merged);
    }
    return (merged[index] ??= { ...base, ...override });
  }

  /**
   * One row. Strings are escaped; hyperlinks become link cells; per-cell styles override the column's. Rows flagged
   * `lifecycle` (status, sign-off) are left out of the content digest, so a FINAL render can be compared with its draft.
   */
  row(values: CellInput[], options: { style?: Partial<ExcelJS.Style>; cellStyles?: (Partial<ExcelJS.Style> | undefined)[]; lifecycle?: boolean } = {}): void {
    const cells = values.map((value) => {
      if (typeof value === "string") return escapeCellText(value);
      if (value && typeof value === "object" && !(value instanceof Date)) return { text: escapeCellText(value.text), hyperlink: value.hyperlink };
      return value ?? null;
    });
    if (!options.lifecycle) this.digest.update(`${JSON.stringify(cells)}\n`);
    const row = this.sheet.addRow(cells);
    for (let index = 0; index < cells.length; index++) {
      const value = cells[index];
      const cell = row.getCell(index + 1);
      const isLink = value !== null && typeof value === "object" && !(value instanceof Date);
      // Whole style objects only: a setter like cell.font would change the shared object for every cell.
      cell.style = isLink ? (this.linkStyles[index] ?? this.emptyStyle) : this.styleFor(index, options.cellStyles?.[index] ?? options.style);
    }
    row.commit();
    this.rowCount += 1;
  }

  header(columns: string[]): void {
    this.row(columns, { style: headerStyle });
  }

  blank(): void {
    this.row([]);
  }

  heading(text: string): void {
    this.row([text], { style: { font: headingFont } });
  }

  autoFilter(columns: number): void {
    if (this.rowCount >= 1) this.sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(this.rowCount, 1), column: columns } };
  }

  /**
   * Waits until the zip has taken in the XML written so far. ExcelJS's sheet stream takes every write at once (it
   * never returns false or emits "drain"), while the deflate behind it only moves a chunk per event-loop turn: a
   * sheet written page after page from a cursor would pile its whole XML up in memory before the commit. Archiver
   * wraps the sheet stream in a PassThrough (its only pipe), so that PassThrough's write buffer is the backlog, and
   * it emits "drain" once the zip has read it. Called between pages of the detail sheets.
   */
  async drain(failed: Promise<unknown>): Promise<void> {
    const sheetStream = (this.sheet as unknown as { stream?: { pipes?: unknown[] } }).stream;
    const entry = sheetStream?.pipes?.[0] as BufferedWritable | undefined;
    if (!entry || typeof entry.once !== "function") return;
    if (backlogBytes(entry) <= DRAIN_BACKLOG_BYTES) return;
    await Promise.race([new Promise<void>((resolve) => entry.once("drain", () => resolve())), failed]);
  }

  commit(): void {
    this.sheet.commit();
  }
}

/** Archiver's PassThrough comes from readable-stream 2, which has no writableLength yet. */
type BufferedWritable = { writableLength?: number; _writableState?: { length: number }; once: (event: "drain", listener: () => void) => unknown };

function backlogBytes(entry: BufferedWritable): number {
  return entry.writableLength ?? entry._writableState?.length ?? 0;
}

// Well above the stream's 16 KB high-water mark (so a write has asked for "drain") and below a page of rows.
const DRAIN_BACKLOG_BYTES = 1 << 20;

function metricValue(values: MetricValues, key: MetricKey): number | null {
  const value = values[key];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/**
 * Writes the whole workbook to `output` and resolves when the zip is finished. Returns the Summary's figures (for
 * the preview) and the digest of the content.
 */
export async function buildAuditWorkbook(input: AuditWorkbookInput, output: Writable): Promise<AuditSummary> {
  const { report, locale, period, metrics } = input;
  const messages = getMessages(locale);
  const t = (key: MessageKey, params?: MessageParams) => translate(locale, key, params);
  const tEnum = (prefix: string, value: string) => translateDynamic(messages, `${prefix}.${value}`, value);
  const explanationFormat = explanationFormatFor(locale);
  const digest = createHash("sha256");
  const caseLink = (accountNumber: string) => ({ text: accountNumber, hyperlink: `${input.baseUrl.replace(/\/+$/, "")}/cases/${encodeURIComponent(accountNumber)}` });
  const debtor = (name: string | null) => (report.masked ? maskName(name) : name);
  // Review notes, complaint descriptions and resolutions repeat names and numbers: a masked file masks them too.
  const freeText = (text: string | null, row: Partial<SubjectColumns>, extraPhones: (string | null)[] = []) =>
    report.masked
      ? maskFreeText(text, subjectsOfRow({ subjectNames: row.subjectNames ?? null, subjectPhones: [...(row.subjectPhones ?? []), ...extraPhones.filter((phone) => phone !== null)] }))
      : text;
  const scopeSql: ReportScope = { startUtc: period.startUtc, endUtc: period.endUtc, agencyId: report.scope?.agencyId ?? null, lenderTimeZone: period.timeZone };

  let lastProgress = -1;
  const progress = async (percent: number) => {
    const rounded = Math.max(0, Math.min(99, Math.floor(percent)));
    if (rounded === lastProgress) return;
    lastProgress = rounded;
    await input.onProgress?.(rounded);
  };

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

  const definitions = metrics.definitions;
  const highByRule = metrics.violationsByRule
    .filter((entry) => entry.severity === "HIGH" && entry.count > 0)
    .sort((a, b) => b.count - a.count || (a.ruleCode < b.ruleCode ? -1 : 1))
    .slice(0, 5);
  const outliers = metrics.agents
    .filter((agent) => agent.violationOutlier)
    .sort((a, b) => (b.violationZScore ?? 0) - (a.violationZScore ?? 0))
    .slice(0, 10);
  const scopeText = report.scope ? `${report.scope.agencyCode} ${report.scope.agencyName}` : t("common.allAgencies");
  const packsText = input.packs.agencies.map((pack) => `${pack.agencyCode}: ${pack.packCode} v${pack.version ?? "?"}`).join("; ");
  const statusText = tEnum("reportStatus", report.status);

  // 1. Summary ----------------------------------------------------------------------------------------------------
  const summary = new SheetWriter(workbook, t("reports.sheet.summary"), digest, { columns: [{ width: 34 }, { width: 30 }, { width: 18 }, { width: 18 }, { width: 16 }, { width: 14 }] });
  summary.row([t("reports.summary.title")], { style: { font: { bold: true, size: 16 } } });
  summary.blank();
  const fact = (label: MessageKey, value: CellInput, options: { lifecycle?: boolean; numFmt?: string } = {}) =>
    summary.row([t(label), value], { lifecycle: options.lifecycle, cellStyles: [{ font: labelFont }, options.numFmt ? { numFmt: options.numFmt, alignment: { horizontal: "left" } } : { alignment: { wrapText: true, vertical: "top" } }] });
  fact("reports.summary.period", t("reports.summary.periodRange", { month: period.month, from: period.from, to: period.to, timeZone: period.timeZone }));
  fact("reports.summary.scope", scopeText);
  fact("reports.summary.rulePacks", packsText || t("common.none"));
  fact("reports.summary.generatedBy", report.generatedByName ?? t("reports.summary.system"));
  fact("reports.summary.generatedAt", wallClockIn(report.generatedAt, period.timeZone), { numFmt: DATE_TIME_FORMAT });
  fact("reports.summary.reportId", report.id, { numFmt: ID_FORMAT });
  fact("reports.summary.personalData", report.masked ? t("reports.summary.masked") : t("reports.summary.unmasked"));
  fact("reports.summary.status", statusText, { lifecycle: true });
  if (report.status === "FINAL") {
    fact("reports.summary.finalizedBy", report.finalizedByName ?? t("common.none"), { lifecycle: true });
    fact("reports.summary.finalizedAt", report.finalizedAt ? wallClockIn(report.finalizedAt, period.timeZone) : null, { lifecycle: true, numFmt: DATE_TIME_FORMAT });
    fact("reports.summary.signOffNote", report.signOffNote ?? "", { lifecycle: true });
  }
  summary.blank();
  summary.heading(t("reports.summary.kpis"));
  summary.header([t("reports.summary.metric"), t("reports.summary.current"), t("reports.summary.previous"), t("reports.summary.change")]);
  for (const definition of definitions) {
    const current = metricValue(metrics.kpis.current, definition.key);
    const previous = metricValue(metrics.kpis.previous, definition.key);
    const change = current !== null && previous !== null ? current - previous : null;
    summary.row([definition.label, current, previous, change], {
      cellStyles: [undefined, { numFmt: numberFormats[definition.format] }, { numFmt: numberFormats[definition.format] }, { numFmt: changeFormats[definition.format] }],
    });
  }
  summary.blank();
  summary.heading(t("reports.summary.grades"));
  summary.header([t("reports.col.agency"), t("reports.col.agencyName"), t("reports.summary.grade"), t("reports.col.recoveryIndex"), t("reports.col.gradeScore")]);
  for (const card of metrics.scorecards) {
    summary.row([card.agencyCode, card.agencyName, card.grade ?? t("common.none"), card.recoveryIndex?.value ?? null, card.gradeScores.total], {
      cellStyles: [undefined, undefined, { alignment: { horizontal: "center" }, font: { bold: true } }, { numFmt: numberFormats.index }, { numFmt: "0" }],
    });
  }
  summary.blank();
  summary.heading(t("reports.summary.topFindings"));
  summary.row([t("reports.summary.topRules")], { style: { font: labelFont } });
  if (highByRule.length === 0) summary.row([t("reports.summary.noHighViolations")]);
  else {
    summary.header([t("reports.col.rule"), t("reports.col.ruleName"), t("reports.summary.highCount")]);
    for (const entry of highByRule) summary.row([entry.ruleCode, ruleName(entry.ruleCode, t), entry.count], { cellStyles: [undefined, undefined, { numFmt: numberFormats.count }] });
  }
  summary.blank();
  summary.row([t("reports.summary.outliers")], { style: { font: labelFont } });
  if (outliers.length === 0) summary.row([t("reports.summary.noOutliers")]);
  else {
    summary.header([t("reports.col.agency"), t("reports.col.agent"), t("reports.col.agentName"), t("reports.col.violations"), t("reports.col.zScore")]);
    for (const agent of outliers) {
      summary.row([agent.agencyCode, agent.externalId, agent.agentName, agent.metrics.violations, agent.violationZScore], {
        cellStyles: [undefined, undefined, undefined, { numFmt: numberFormats.count }, { numFmt: "0.00" }],
      });
    }
  }
  summary.blank();
  summary.row([t("reports.summary.wrongParty"), metrics.kpis.current.wrongPartyContacts], { cellStyles: [{ font: labelFont }, { numFmt: numberFormats.count }] });
  summary.row([t("reports.summary.thirdParty"), metrics.kpis.current.thirdPartyContacts], { cellStyles: [{ font: labelFont }, { numFmt: numberFormats.count }] });
  summary.commit();
  await progress(5);

  // 2. Agency KPIs and 3. Agent KPIs ------------------------------------------------------------------------------
  const metricColumns = definitions.map((definition) => ({ header: definition.label, width: Math.max(12, Math.min(24, definition.label.length + 2)), numFmt: numberFormats[definition.format] }));
  const rateFormatting = (sheet: SheetWriter, firstMetricColumn: number, lastRow: number) => {
    if (lastRow < 2) return;
    definitions.forEach((definition, index) => {
      if (definition.format !== "percent" && definition.format !== "per1000") return;
      const letter = columnLetter(firstMetricColumn + index);
      sheet.worksheet.addConditionalFormatting({
        ref: `${letter}2:${letter}${lastRow}`,
        rules: [
          {
            type: "colorScale",
            priority: index + 1,
            cfvo: [{ type: "min" }, { type: "percentile", value: 50 }, { type: "max" }],
            color: definition.lowerIsBetter ? goodLow : goodHigh,
          },
        ],
      });
    });
  };

  const agencyColumns: Column[] = [
    { header: t("reports.col.agency"), width: 12 },
    { header: t("reports.col.agencyName"), width: 28 },
    { header: t("reports.col.commissionRate"), width: 12, numFmt: numberFormats.percent },
    { header: t("reports.summary.grade"), width: 8 },
    { header: t("reports.col.gradeScore"), width: 10, numFmt: "0" },
    { header: t("reports.col.recoveryIndex"), width: 12, numFmt: numberFormats.index },
    { header: t("reports.col.recoveryIndexLow"), width: 12, numFmt: numberFormats.index },
    { header: t("reports.col.recoveryIndexHigh"), width: 12, numFmt: numberFormats.index },
    ...metricColumns,
  ];
  const agencySheet = new SheetWriter(workbook, t("reports.sheet.agencyKpis"), digest, { frozenRows: 1, frozenColumns: 1, columns: agencyColumns });
  agencySheet.header(agencyColumns.map((column) => column.header));
  for (const card of metrics.scorecards) {
    agencySheet.row([
      card.agencyCode,
      card.agencyName,
      card.commissionRate,
      card.grade,
      card.gradeScores.total,
      card.recoveryIndex?.value ?? null,
      card.recoveryIndex?.low ?? null,
      card.recoveryIndex?.high ?? null,
      ...definitions.map((definition) => metricValue(card.metrics, definition.key)),
    ]);
  }
  agencySheet.autoFilter(agencyColumns.length);
  rateFormatting(agencySheet, 9, agencySheet.rows);
  agencySheet.commit();

  const agentColumns: Column[] = [
    { header: t("reports.col.agency"), width: 12 },
    { header: t("reports.col.agent"), width: 14 },
    { header: t("reports.col.agentName"), width: 18 },
    { header: t("reports.col.outlier"), width: 9 },
    { header: t("reports.col.zScore"), width: 9, numFmt: "0.00" },
    ...metricColumns,
  ];
  const agentSheet = new SheetWriter(workbook, t("reports.sheet.agentKpis"), digest, { frozenRows: 1, frozenColumns: 2, columns: agentColumns });
  agentSheet.header(agentColumns.map((column) => column.header));
  for (const agent of metrics.agents) {
    agentSheet.row([
      agent.agencyCode,
      agent.externalId,
      agent.agentName,
      agent.violationOutlier ? t("common.yes") : t("common.no"),
      agent.violationZScore,
      ...definitions.map((definition) => (agencyOnlyMetrics.has(definition.key) ? t("common.none") : metricValue(agent.metrics, definition.key))),
    ]);
  }
  agentSheet.autoFilter(agentColumns.length);
  rateFormatting(agentSheet, 6, agentSheet.rows);
  agentSheet.commit();
  await progress(8);

  // 4. Violations --------------------------------------------------------------------------------------------------
  const expected = Math.max(1, input.expectedRows);
  let detailRows = 0;
  const violationColumns: Column[] = [
    { header: t("reports.col.id"), width: 10, numFmt: ID_FORMAT },
    { header: t("reports.col.rule"), width: 24 },
    { header: t("reports.col.ruleName"), width: 24 },
    { header: t("reports.col.severity"), width: 10 },
    { header: t("reports.col.status"), width: 11 },
    { header: t("reports.col.reviewNote"), width: 28 },
    { header: t("reports.col.localTime"), width: 19, numFmt: DATE_TIME_FORMAT },
    { header: t("reports.col.timeZone"), width: 16 },
    { header: t("reports.col.agency"), width: 12 },
    { header: t("reports.col.agent"), width: 12 },
    { header: t("reports.col.account"), width: 18 },
    { header: t("reports.col.debtor"), width: 12 },
    { header: t("reports.col.explanation"), width: 70 },
    { header: t("reports.col.evidence"), width: 30 },
    { header: t("reports.col.rulePack"), width: 10 },
  ];
  const violationSheet = new SheetWriter(workbook, t("reports.sheet.violations"), digest, { frozenRows: 1, columns: violationColumns });
  violationSheet.header(violationColumns.map((column) => column.header));
  const ruleNames = new Map<string, string>(RULE_CODES.map((code) => [code, ruleName(code, t)]));
  let violationCount = 0;
  for await (const page of streamReportViolations(scopeSql, { withSubjects: report.masked })) {
    for (const violation of page) {
      violationSheet.row([
        Number(violation.id),
        violation.ruleCode,
        ruleNames.get(violation.ruleCode) ?? ruleName(violation.ruleCode, t),
        tEnum("severity", violation.severity),
        tEnum("violationStatus", violation.status),
        freeText(violation.reviewNote, violation),
        wallClockDate(violation.localTime),
        violation.timeZone,
        violation.agencyCode,
        violation.agentExternalId,
        caseLink(violation.accountNumber),
        debtor(violation.debtorName),
        renderViolationExplanation(violation.explanation, t, explanationFormat),
        violation.evidenceEventIds.join(", "),
        `${violation.rulePackCode} v${violation.rulePackVersion}`,
      ]);
    }
    violationCount += page.length;
    detailRows += page.length;
    await violationSheet.drain(finished);
    await progress(8 + (80 * detailRows) / expected);
  }
  violationSheet.autoFilter(violationColumns.length);
  violationSheet.commit();

  // 5. Complaints --------------------------------------------------------------------------------------------------
  const complaintColumns: Column[] = [
    { header: t("reports.col.complaintRef"), width: 16 },
    { header: t("reports.col.receivedAt"), width: 19, numFmt: DATE_TIME_FORMAT },
    { header: t("reports.col.timeZone"), width: 16 },
    { header: t("reports.col.source"), width: 12 },
    { header: t("reports.col.category"), width: 16 },
    { header: t("reports.col.severity"), width: 10 },
    { header: t("reports.col.status"), width: 12 },
    { header: t("reports.col.agency"), width: 12 },
    { header: t("reports.col.agent"), width: 12 },
    { header: t("reports.col.account"), width: 18 },
    { header: t("reports.col.debtor"), width: 12 },
    { header: t("reports.col.phone"), width: 15 },
    { header: t("reports.col.description"), width: 50 },
    { header: t("reports.col.resolution"), width: 30 },
    { header: t("reports.col.linkedEvents"), width: 24 },
  ];
  const complaintSheet = new SheetWriter(workbook, t("reports.sheet.complaints"), digest, { frozenRows: 1, columns: complaintColumns });
  complaintSheet.header(complaintColumns.map((column) => column.header));
  let complaintCount = 0;
  for await (const page of streamReportComplaints(scopeSql, { withSubjects: report.masked })) {
    for (const complaint of page) {
      complaintSheet.row([
        complaint.complaintRef,
        wallClockDate(complaint.localTime),
        complaint.timeZone,
        tEnum("complaintSource", complaint.source),
        complaint.category,
        tEnum("severity", complaint.severity),
        tEnum("complaintStatus", complaint.status),
        complaint.agencyCode,
        complaint.agentExternalId,
        complaint.accountNumber ? caseLink(complaint.accountNumber) : null,
        debtor(complaint.debtorName),
        report.masked ? maskPhone(complaint.phoneNumber) : complaint.phoneNumber,
        freeText(complaint.description, complaint, [complaint.phoneNumber]),
        freeText(complaint.resolution, complaint, [complaint.phoneNumber]),
        complaint.linkedEventIds.join(", "),
      ]);
    }
    complaintCount += page.length;
    detailRows += page.length;
    await complaintSheet.drain(finished);
    await progress(8 + (80 * detailRows) / expected);
  }
  complaintSheet.autoFilter(complaintColumns.length);
  complaintSheet.commit();

  // 6. Case sample -------------------------------------------------------------------------------------------------
  const sample = await drawCaseSample(scopeSql, report.id);
  const verdicts = SAMPLE_VERDICTS.map((verdict) => t(`reports.verdict.${verdict}`));
  const sampleColumns: Column[] = [
    { header: t("reports.col.agency"), width: 12 },
    { header: t("reports.col.account"), width: 18 },
    { header: t("reports.col.debtor"), width: 12 },
    { header: t("reports.col.events"), width: 12, numFmt: numberFormats.count },
    { header: t("reports.col.violations"), width: 12, numFmt: numberFormats.count },
    { header: t("reports.col.complaints"), width: 12, numFmt: numberFormats.count },
    { header: t("reports.col.verdict"), width: 18 },
    { header: t("reports.col.reviewer"), width: 16 },
    { header: t("reports.col.reviewedOn"), width: 12, numFmt: DATE_FORMAT },
    { header: t("reports.col.reviewerNotes"), width: 40 },
  ];
  const sampleSheet = new SheetWriter(workbook, t("reports.sheet.sample"), digest, { frozenRows: 1, columns: sampleColumns });
  sampleSheet.header(sampleColumns.map((column) => column.header));
  for (const row of sample.rows) {
    sampleSheet.row([row.agencyCode, caseLink(row.accountNumber), debtor(row.debtorName), row.events, row.violations, row.complaints, null, null, null, null]);
  }
  if (sample.rows.length > 0) {
    const last = sample.rows.length + 1;
    // The verdict is a choice from a list, so the reviewed sample can be counted with a filter or COUNTIF.
    sampleSheet.worksheet.dataValidations.add(`G2:G${last}`, {
      type: "list",
      allowBlank: true,
      formulae: [`"${verdicts.map((verdict) => verdict.replaceAll('"', "")).join(",")}"`],
      showErrorMessage: true,
    });
    sampleSheet.worksheet.dataValidations.add(`I2:I${last}`, { type: "date", operator: "greaterThan", allowBlank: true, formulae: [new Date(Date.UTC(2000, 0, 1))], showErrorMessage: true });
  }
  sampleSheet.autoFilter(sampleColumns.length);
  sampleSheet.commit();
  await progress(93);

  // 7. Method ------------------------------------------------------------------------------------------------------
  const method = new SheetWriter(workbook, t("reports.sheet.method"), digest, { columns: [{ width: 14 }, { width: 10 }, { width: 30 }, { width: 28 }, { width: 28 }, { width: 9 }, { width: 10 }, { width: 90 }] });
  method.heading(t("reports.method.rules"));
  method.header([t("reports.col.rulePack"), t("reports.col.version"), t("reports.col.agencyName"), t("reports.col.rule"), t("reports.col.ruleName"), t("reports.col.enabled"), t("reports.col.severity"), t("reports.col.parameters")]);
  for (const pack of input.packs.versions) {
    const parameters = (typeof pack.parameters === "object" && pack.parameters !== null ? pack.parameters : {}) as Record<string, unknown>;
    for (const [code, value] of Object.entries(parameters).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const { enabled, severity, ...rest } = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
      method.row(
        [pack.code, pack.version, pack.name, code, ruleName(code, t), enabled === false ? t("common.no") : t("common.yes"), typeof severity === "string" ? tEnum("severity", severity) : null, JSON.stringify(rest)],
        { cellStyles: [undefined, { numFmt: "0" }, undefined, undefined, undefined, undefined, undefined, { alignment: { wrapText: true, vertical: "top" } }] },
      );
    }
  }
  method.blank();
  method.header([t("reports.col.agency"), t("reports.col.rulePack"), t("reports.col.version")]);
  for (const pack of input.packs.agencies) method.row([pack.agencyCode, pack.packCode, pack.version], { cellStyles: [undefined, undefined, { numFmt: "0" }] });
  method.blank();
  method.heading(t("reports.method.metrics"));
  method.header([t("reports.summary.metric"), t("reports.col.format"), t("reports.col.definition")]);
  for (const definition of definitions) method.row([definition.label, definition.format, definition.definition], { cellStyles: [undefined, undefined, { alignment: { wrapText: true, vertical: "top" } }] });
  method.blank();
  method.heading(t("reports.method.sampling"));
  method.row([t("reports.method.samplingText")], { style: { alignment: { wrapText: false } } });
  method.header([t("reports.col.agency"), t("reports.col.population"), t("reports.col.sampleSize"), t("reports.col.seed")]);
  for (const agency of sample.agencies) {
    method.row([agency.agencyCode, agency.population, agency.sampleSize, agency.seed], { cellStyles: [undefined, { numFmt: "#,##0" }, { numFmt: "#,##0" }, { numFmt: "0" }] });
  }
  method.blank();
  method.heading(t("reports.method.notes"));
  method.row([t("reports.method.periodText", { timeZone: period.timeZone })]);
  method.row([t("reports.method.escapingText")]);
  method.row([report.masked ? t("reports.method.maskingText") : t("reports.method.unmaskedText")]);
  method.commit();

  await workbook.commit();
  await finished;

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

/** 1 → A, 27 → AA. */
export function columnLetter(column: number): string {
  let letters = "";
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}
