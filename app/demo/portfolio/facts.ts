// Stable facts about the generated demo portfolio that tests (unit, integration, browser) may rely on at any
// scale and for any anchor date: scripted accounts whose events are always generated, whatever else is random.
// Relative imports only: Playwright's loader does not know the "~" alias.

export type ShowcaseAccount = {
  agencyCode: string;
  accountNumber: string;
  debtorName: string;
  phone: string;
  /** Rule codes that always have at least one violation on this account. */
  violations: readonly string[];
  /** The account always has at least one payment. */
  hasPayment: boolean;
};

export const showcaseAccounts: readonly ShowcaseAccount[] = [
  { agencyCode: "ANCHOR", accountNumber: "6222099900000001", debtorName: "王建国", phone: "13800000001", violations: [], hasPayment: true },
  { agencyCode: "BLITZ", accountNumber: "6222099900000002", debtorName: "张伟", phone: "13800000002", violations: ["CONTACT_HOURS", "ABUSIVE_LANGUAGE", "DAILY_ATTEMPTS_PER_NUMBER"], hasPayment: true },
  { agencyCode: "CROSSLINE", accountNumber: "6222099900000003", debtorName: "李娜", phone: "13800000003", violations: ["WRONG_PARTY_REPEAT"], hasPayment: false },
  { agencyCode: "KINLINK", accountNumber: "6222099900000004", debtorName: "刘洋", phone: "13800000004", violations: ["THIRD_PARTY_DISCLOSURE", "THIRD_PARTY_CONTACT"], hasPayment: false },
  { agencyCode: "IDLEWOOD", accountNumber: "4000199900000005", debtorName: "Mary Johnson", phone: "+12125550105", violations: [], hasPayment: false },
  { agencyCode: "MERIDIAN", accountNumber: "4000199900000006", debtorName: "Robert Garcia", phone: "+13125550106", violations: ["CALL_FREQUENCY_7IN7", "CONSUMER_RESTRICTION", "ATTORNEY_REPRESENTED"], hasPayment: true },
];

/** The BLITZ account with late-night calls, an abusive text, a promise and a payment. */
export const DEMO_VIOLATION_ACCOUNT = "6222099900000002";
/** The number CROSSLINE keeps calling after it was reported as wrong; a NON_BORROWER complaint names it. */
export const DEMO_WRONG_NUMBER = "13900000003";
/** Rejected rows: every generated file carries a few deliberately bad rows (impossible date, unknown code). */
export const DEMO_BAD_ROWS_PER_FILE = { placements: 3, activities: 2, complaints: 2 } as const;
/** The KINLINK mapping profile (GBK CSV, Chinese headers and values). */
export const DEMO_MAPPING_PROFILE_NAME = "亲联催收记录";
