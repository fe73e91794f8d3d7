// The Summary sheet's figures as stored on the report row (AuditReport.summary), for the in-page preview: the page
// shows exactly what the workbook says without opening it.
import type { Locale } from "~/i18n/locales";
import type { Grade, MetricFormat, MetricKey } from "~/metrics/metric-types";

export type AuditSummaryKpi = { key: MetricKey; format: MetricFormat; current: number | null; previous: number | null };

export type AuditSummary = {
  version: 1;
  locale: Locale;
  month: string;
  from: string;
  to: string;
  timeZone: string;
  scope: { agencyId: number; agencyCode: string; agencyName: string } | null;
  masked: boolean;
  rulePacks: { agencyCode: string; packCode: string; version: number | null }[];
  generatedByName: string | null;
  generatedAt: string;
  kpis: AuditSummaryKpi[];
  grades: { agencyCode: string; agencyName: string; grade: Grade | null; totalScore: number | null; recoveryIndex: number | null }[];
  topRules: { ruleCode: string; count: number }[];
  outliers: { agencyCode: string; agentExternalId: string; agentName: string | null; violations: number; zScore: number | null }[];
  wrongPartyContacts: number;
  thirdPartyContacts: number;
  rowCounts: { violations: number; complaints: number; sample: number; agencies: number; agents: number };
  sampling: { agencyCode: string; population: number; sampleSize: number }[];
  /** SHA-256 over every figure and row of the workbook except its lifecycle fields (status, sign-off). */
  contentSha256: string;
};

/** Reads a stored summary back; null when it is missing or of another shape (an older version of this code). */
export function parseAuditSummary(value: unknown): AuditSummary | null {
  if (typeof value !== "object" || value === null) return null;
  const candidate = value as Partial<AuditSummary>;
  return candidate.version === 1 && Array.isArray(candidate.kpis) && typeof candidate.contentSha256 === "string" ? (candidate as AuditSummary) : null;
}
