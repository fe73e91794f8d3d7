// One definition per figure: its display format and the i18n keys of its name and one-sentence definition
// (full definitions: docs/METRICS.md). Pages, the CLI and the audit workbook's Method sheet read this table.
import type { MetricFormat, MetricKey } from "./metric-types";

export type MetricDefinition = { format: MetricFormat; nameKey: `metrics.${MetricKey}.name`; definitionKey: `metrics.${MetricKey}.definition` };

const define = <Key extends MetricKey>(key: Key, format: MetricFormat) => ({ format, nameKey: `metrics.${key}.name`, definitionKey: `metrics.${key}.definition` }) as const;

export const metricDefinitions = {
  placedAccounts: define("placedAccounts", "count"),
  placedBalance: define("placedBalance", "money"),
  collected: define("collected", "money"),
  recoveryRate: define("recoveryRate", "percent"),
  commission: define("commission", "money"),
  netBack: define("netBack", "money"),
  accountsWorked: define("accountsWorked", "count"),
  accountsContacted: define("accountsContacted", "count"),
  accountsRightParty: define("accountsRightParty", "count"),
  contactRate: define("contactRate", "percent"),
  rpcRate: define("rpcRate", "percent"),
  accountsWithPromise: define("accountsWithPromise", "count"),
  ptpRate: define("ptpRate", "percent"),
  promisesDue: define("promisesDue", "count"),
  promisesKept: define("promisesKept", "count"),
  ptpKeptRate: define("ptpKeptRate", "percent"),
  outboundContacts: define("outboundContacts", "count"),
  complaints: define("complaints", "count"),
  complaintsPer1000Accounts: define("complaintsPer1000Accounts", "per1000"),
  upheldComplaints: define("upheldComplaints", "count"),
  upheldComplaintsPer1000Accounts: define("upheldComplaintsPer1000Accounts", "per1000"),
  violations: define("violations", "count"),
  violationsHigh: define("violationsHigh", "count"),
  openHighViolations: define("openHighViolations", "count"),
  violationsPer1000Contacts: define("violationsPer1000Contacts", "per1000"),
  highViolationsPer1000Contacts: define("highViolationsPer1000Contacts", "per1000"),
  wrongPartyContacts: define("wrongPartyContacts", "count"),
  wrongPartyRate: define("wrongPartyRate", "percent"),
  thirdPartyContacts: define("thirdPartyContacts", "count"),
  thirdPartyShare: define("thirdPartyShare", "percent"),
} satisfies Record<MetricKey, MetricDefinition>;

/** In the order the CLI and the Method sheet list them. */
export const metricKeys = Object.keys(metricDefinitions) as MetricKey[];

/**
 * Figures that exist per agency only: placements belong to agencies, not agents, so an agent's row has no placed
 * accounts or balance (and so no recovery rate). Shown as "—" for agents, never as 0.
 */
export const agencyOnlyMetrics: ReadonlySet<MetricKey> = new Set<MetricKey>(["placedAccounts", "placedBalance", "recoveryRate"]);
