import type { ComplaintCheckFigures } from "~/complaints/complaint-check-figures";
import type { AgencyFindingCounts } from "~/findings/finding-types";
// The contract between the metrics module and everything that shows its figures (dashboards, agency and agent
// pages, the CLI, the Excel audit). Every figure is defined once in docs/METRICS.md and computed by app/metrics;
// pages never compute a KPI themselves. Money is a number in the portfolio's currency, rounded to the cent; a rate
// whose denominator is zero is null (shown as "—"), never NaN.

import type { DpdBucket } from "./dpd-buckets";
import type { MoneyBasis } from "./money-basis";

export { dpdBuckets, type DpdBucket } from "./dpd-buckets";

/** Inclusive day range (YYYY-MM-DD, in the lender's reporting time zone) and optional filters. */
export type MetricFilters = {
  from: string;
  to: string;
  /** Already scoped by the route: an AGENCY user's filter always holds exactly their agency. */
  agencyIds?: number[];
  agentId?: number;
  product?: string;
  dpdBucket?: DpdBucket;
  /** Collected, recovery, commission and net back as reported (absent: the default) or as reconciled with the ledger (ADR 044). */
  basis?: MoneyBasis;
};

export type MetricValues = {
  placedAccounts: number;
  placedBalance: number;
  collected: number;
  recoveryRate: number | null;
  commission: number;
  netBack: number;
  accountsWorked: number;
  accountsContacted: number;
  accountsRightParty: number;
  contactRate: number | null;
  rpcRate: number | null;
  accountsWithPromise: number;
  ptpRate: number | null;
  promisesDue: number;
  promisesKept: number;
  ptpKeptRate: number | null;
  outboundContacts: number;
  complaints: number;
  complaintsPer1000Accounts: number | null;
  /** Complaints closed UPHELD or PARTLY_UPHELD, counted on the day they were received. */
  upheldComplaints: number;
  upheldComplaintsPer1000Accounts: number | null;
  violations: number;
  violationsHigh: number;
  openHighViolations: number;
  violationsPer1000Contacts: number | null;
  highViolationsPer1000Contacts: number | null;
  wrongPartyContacts: number;
  wrongPartyRate: number | null;
  thirdPartyContacts: number;
  thirdPartyShare: number | null;
};

export type MetricKey = keyof MetricValues;
export type MetricFormat = "count" | "money" | "percent" | "per1000" | "index";

export type ConfidenceInterval = { value: number; low: number; high: number };

export type Grade = "A" | "B" | "C" | "D";

export type ScorecardWeights = {
  recoveryIndex: number;
  violationsPer1000Contacts: number;
  complaintsPer1000Accounts: number;
  upheldComplaintsPer1000Accounts: number;
  /** Points taken off the total score per escalated finding (not a share of the mean: without escalations the grade is as before). */
  escalatedFindings: number;
};

export type AgencyScorecard = {
  agencyId: number;
  agencyCode: string;
  agencyName: string;
  /** Effective commission rate of the period: commission ÷ collected under the fee schedules (null: nothing collected). */
  commissionRate: number | null;
  metrics: MetricValues;
  /** 100 = collects what its mix of placements predicts; null when nothing was expected. */
  recoveryIndex: ConfidenceInterval | null;
  /** Codes of agencies whose index interval overlaps this one's: not distinguishable. */
  indistinguishableFrom: string[];
  grade: Grade | null;
  /** Set when the conduct gate capped the grade: the grade the scores alone gave, and the rate that passed the threshold. */
  conductGate: { uncappedGrade: Grade; highViolationsPer1000Contacts: number; threshold: number; capGrade: Grade } | null;
  /** Why there is no grade although figures exist: too little activity in the period (fewer than the minimum contacts). */
  gradeWithheld: { reason: "NOT_ENOUGH_ACTIVITY"; minimumOutboundContacts: number } | null;
  /** Each component's 0-100 score, so the page can show how the grade was made. */
  gradeScores: { recoveryIndex: number | null; violations: number | null; complaints: number | null; upheldComplaints: number | null; escalationPenalty: number; total: number | null };
  /** The agency's findings now: open, overdue, escalated (counted by the grade), repeats, median days to close. */
  findings: AgencyFindingCounts;
  /** The lender's complaints of the period checked against the agency's log, and the share with no matching log. */
  complaintChecks: ComplaintCheckFigures;
};

export type AgentMetricsRow = {
  agentId: number;
  externalId: string;
  agentName: string | null;
  agencyId: number;
  agencyCode: string;
  metrics: MetricValues;
  /** Violations per outbound contact far above the agency's (binomial z-score beyond 3). */
  violationOutlier: boolean;
  violationZScore: number | null;
};

export type KpiSummary = {
  period: { from: string; to: string };
  previousPeriod: { from: string; to: string };
  current: MetricValues;
  previous: MetricValues;
};

export type MonthlyMetricsPoint = { month: string; agencyId: number; agencyCode: string; metrics: MetricValues };

export type VintageCurve = {
  agencyId: number;
  agencyCode: string;
  /** Placement month, YYYY-MM. */
  vintage: string;
  placedBalance: number;
  points: { monthsSincePlacement: number; cumulativeRecoveryRate: number }[];
};

/** Per rule and severity: how many, and how many per 1,000 outbound contacts of the same filter (null when none). */
export type ViolationsByRule = { ruleCode: string; severity: "LOW" | "MEDIUM" | "HIGH"; count: number; per1000Contacts: number | null }[];
