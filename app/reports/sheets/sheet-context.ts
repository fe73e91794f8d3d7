// What every sheet writer shares: the report and its inputs, the translator, the masking of personal data, the
// content digest (through addSheet) and the progress reporting. A sheet writer reads only this.
import type { Hash } from "node:crypto";
import type ExcelJS from "exceljs";
import type { ReportStatus } from "~/generated/prisma/enums";
import type { Locale } from "~/i18n/locales";
import type { MessageKey } from "~/i18n/messages.en";
import { getMessages, translate, translateDynamic, type MessageParams } from "~/i18n/translate";
import type { AgencyScorecard, AgentMetricsRow, KpiSummary, MetricFormat, MetricKey, ViolationsByRule } from "~/metrics/metric-types";
import { maskName, maskPhone } from "~/privacy/mask";
import { maskFreeText } from "~/privacy/mask-free-text";
import { subjectsOfRow, type SubjectColumns } from "~/privacy/free-text-subjects.server";
import { explanationFormatFor } from "~/violations/render-explanation";
import type { ReportFinding } from "../load-report-findings.server";
import type { ReportPeriod } from "../report-period";
import type { PackInForce, PackVersionParameters, ReportScope } from "../report-rows.server";
import { SheetWriter, type SheetOptions } from "./sheet-writer";

export type ReportMetricDefinition = { key: MetricKey; format: MetricFormat; label: string; definition: string; lowerIsBetter: boolean };

export type ReportMetrics = {
  /** In the order the KPI columns appear. */
  definitions: ReportMetricDefinition[];
  kpis: KpiSummary;
  scorecards: AgencyScorecard[];
  agents: AgentMetricsRow[];
  violationsByRule: ViolationsByRule;
  /** Findings issued about the month (load-report-findings.server.ts). */
  findings: ReportFinding[];
  /**
   * Collected and commission as reconciled with the lender's ledger per agency id (docs/METRICS.md, ADR 044), when
   * the ledger has an entry in the period; the scorecards' figures stay as reported.
   */
  reconciled?: Record<number, { collected: number; commission: number }> | null;
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

export type SheetContext = {
  input: AuditWorkbookInput;
  report: AuditWorkbookReport;
  period: ReportPeriod;
  metrics: ReportMetrics;
  /** The period and agency the detail sheets read. */
  scope: ReportScope;
  t: (key: MessageKey, params?: MessageParams) => string;
  /** An enum value's label (`severity.HIGH`), the value itself when there is none. */
  tEnum: (prefix: string, value: string) => string;
  explanationFormat: ReturnType<typeof explanationFormatFor>;
  caseLink: (accountNumber: string) => { text: string; hyperlink: string };
  /** Masking, fixed per file: identity when the report is unmasked. */
  debtor: (name: string | null) => string | null;
  phone: (phone: string | null) => string | null;
  freeText: (text: string | null, row: Partial<SubjectColumns>, extraPhones?: (string | null)[]) => string | null;
  /** A new sheet after the last one, its rows counted in the content digest. */
  addSheet: (name: string, options: SheetOptions) => SheetWriter;
  /** Settles with the output stream: a detail sheet waiting for the zip stops waiting when the output failed. */
  finished: Promise<void>;
  progress: (percent: number) => Promise<void>;
  /** Counts written detail rows (violations, complaints) towards the 8–88% of the progress they take. */
  detailRowsWritten: (rows: number) => Promise<void>;
};

export function createSheetContext(input: AuditWorkbookInput, workbook: ExcelJS.stream.xlsx.WorkbookWriter, digest: Hash, finished: Promise<void>): SheetContext {
  const { report, locale, period } = input;
  const messages = getMessages(locale);
  let lastProgress = -1;
  const progress = async (percent: number) => {
    const rounded = Math.max(0, Math.min(99, Math.floor(percent)));
    if (rounded === lastProgress) return;
    lastProgress = rounded;
    await input.onProgress?.(rounded);
  };
  const expected = Math.max(1, input.expectedRows);
  let detailRows = 0;
  return {
    input,
    report,
    period,
    metrics: input.metrics,
    scope: { startUtc: period.startUtc, endUtc: period.endUtc, agencyId: report.scope?.agencyId ?? null, lenderTimeZone: period.timeZone },
    t: (key, params) => translate(locale, key, params),
    tEnum: (prefix, value) => translateDynamic(messages, `${prefix}.${value}`, value),
    explanationFormat: explanationFormatFor(locale),
    caseLink: (accountNumber) => ({ text: accountNumber, hyperlink: `${input.baseUrl.replace(/\/+$/, "")}/cases/${encodeURIComponent(accountNumber)}` }),
    debtor: (name) => (report.masked ? maskName(name) : name),
    phone: (phone) => (report.masked ? maskPhone(phone) : phone),
    // Review notes, complaint descriptions and resolutions repeat names and numbers: a masked file masks them too.
    freeText: (text, row, extraPhones = []) =>
      report.masked
        ? maskFreeText(text, subjectsOfRow({ subjectNames: row.subjectNames ?? null, subjectPhones: [...(row.subjectPhones ?? []), ...extraPhones.filter((phone) => phone !== null)] }))
        : text,
    addSheet: (name, options) => new SheetWriter(workbook, name, digest, options),
    finished,
    progress,
    detailRowsWritten: async (rows) => {
      detailRows += rows;
      await progress(8 + (80 * detailRows) / expected);
    },
  };
}
