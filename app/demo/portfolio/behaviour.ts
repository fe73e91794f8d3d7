// How each demo agency behaves, as numbers. The simulator reads only these, so "BLITZ is aggressive" is a row in
// this table rather than branches scattered through the code, and tests can check the generated rows against it.

export type Region = "cn" | "us";
/** How the agency sends its activity file: canonical UTF-8 CSV, its own Chinese layout in GBK, or an XLSX workbook. */
export type FileLayout = "canonical-csv" | "gbk-csv" | "xlsx";

export type AgencyBehaviour = {
  code: string;
  region: Region;
  layout: FileLayout;
  /** Share of all placements. */
  placementShare: number;
  /** Relative number of events per active placement day (1 = average). */
  intensity: number;
  agents: number;
  /**
   * Share of accounts whose debtor can be reached by phone at all (at 90–179 days past due; dpdReach scales it).
   * The others never answer: numbers switched off, changed or ignored. Calls to them never connect with the debtor.
   */
  reachableShare: number;
  /** Per call to a reachable debtor: probability that the debtor answers (a right-party contact). */
  answerRate: number;
  /** Share of reached debtors willing to promise at all (the rest refuse, plead hardship or hang up). */
  willingShare: number;
  /** Per conversation with a willing debtor without an open promise: probability of a promise to pay. */
  promiseRate: number;
  promiseKeptRate: number;
  /**
   * Per call slot on an account whose last three call attempts failed: probability of a call to the debtor's
   * emergency contact instead (answered, debt not mentioned: a contact that is not a right-party contact). At most
   * one per placement.
   */
  locationCallShare: number;
  /** Share of calls and texts sent outside the legal contact hours. */
  offHoursShare: number;
  /** Share of texts to the debtor that threaten or insult. */
  abusiveSmsShare: number;
  /** Per event: probability that the day becomes a burst of repeated calls to one number. */
  burstShare: number;
  /** Share of texts sent to family members, revealing the debt. */
  familySmsShare: number;
  /** Share of calls made to family or colleagues without first trying the debtor (on a third of the accounts, three times as often). */
  familyCallShare: number;
  /** Share of this agency's accounts that carry a number belonging to somebody else. */
  wrongNumberAccountShare: number;
  /** After a wrong-number outcome: probability that a later contact still goes to that number. */
  wrongNumberRepeatRate: number;
  /** Probability that contact stops after a cease request (else it goes on). */
  honoursCease: number;
  /** Share of connected calls that have a recording id. */
  recordingShare: number;
  /** Share of texts without the required content (contact number, repayment method, opt-out). */
  incompleteSmsShare: number;
  /** Probability that contact goes on for a few days after the recall. */
  contactAfterRecallRate: number;
  /** US: probability that a call breaching 7 calls in 7 days or the quiet week after a conversation is made anyway. */
  callCapBreachRate: number;
  /** Complaints per placement that suffered the agency's typical misconduct. */
  complaintRate: number;
  /** Complaints per placement whatever the conduct (service, payments not credited, disputes about the debt). */
  baseComplaintRate: number;
  /** Share of placements moved to another collector once during the placement (workload balancing, leave). */
  reassignShare: number;
};

export const demoAgencyBehaviours: readonly AgencyBehaviour[] = [
  {
    code: "ANCHOR", region: "cn", layout: "canonical-csv", placementShare: 0.22, intensity: 1.0, agents: 22,
    reachableShare: 0.5, answerRate: 0.24, willingShare: 0.42, promiseRate: 0.55, promiseKeptRate: 0.66, locationCallShare: 0.012,
    offHoursShare: 0, abusiveSmsShare: 0, burstShare: 0,
    familySmsShare: 0, familyCallShare: 0, wrongNumberAccountShare: 0.02, wrongNumberRepeatRate: 0, honoursCease: 1,
    recordingShare: 1, incompleteSmsShare: 0, contactAfterRecallRate: 0, callCapBreachRate: 0, complaintRate: 0.002, baseComplaintRate: 0.005, reassignShare: 0.1,
  },
  {
    code: "BLITZ", region: "cn", layout: "canonical-csv", placementShare: 0.2, intensity: 1.8, agents: 24,
    reachableShare: 0.42, answerRate: 0.22, willingShare: 0.5, promiseRate: 0.6, promiseKeptRate: 0.62, locationCallShare: 0.015,
    offHoursShare: 0.12, abusiveSmsShare: 0.1, burstShare: 0.012,
    familySmsShare: 0.02, familyCallShare: 0.03, wrongNumberAccountShare: 0.03, wrongNumberRepeatRate: 0.3, honoursCease: 0.2,
    recordingShare: 0.93, incompleteSmsShare: 0.15, contactAfterRecallRate: 0.25, callCapBreachRate: 1, complaintRate: 0.12, baseComplaintRate: 0.008, reassignShare: 0.15,
  },
  {
    code: "CROSSLINE", region: "cn", layout: "canonical-csv", placementShare: 0.16, intensity: 1.0, agents: 16,
    reachableShare: 0.42, answerRate: 0.2, willingShare: 0.38, promiseRate: 0.5, promiseKeptRate: 0.55, locationCallShare: 0.01,
    offHoursShare: 0.005, abusiveSmsShare: 0, burstShare: 0,
    familySmsShare: 0, familyCallShare: 0.01, wrongNumberAccountShare: 0.35, wrongNumberRepeatRate: 0.55, honoursCease: 0.9,
    recordingShare: 0.97, incompleteSmsShare: 0.05, contactAfterRecallRate: 0.02, callCapBreachRate: 0, complaintRate: 0.25, baseComplaintRate: 0.005, reassignShare: 0.12,
  },
  {
    code: "KINLINK", region: "cn", layout: "gbk-csv", placementShare: 0.14, intensity: 1.0, agents: 14,
    reachableShare: 0.46, answerRate: 0.2, willingShare: 0.4, promiseRate: 0.5, promiseKeptRate: 0.56, locationCallShare: 0.008,
    offHoursShare: 0.005, abusiveSmsShare: 0.005, burstShare: 0,
    familySmsShare: 0.28, familyCallShare: 0.12, wrongNumberAccountShare: 0.03, wrongNumberRepeatRate: 0.05, honoursCease: 0.9,
    recordingShare: 0.96, incompleteSmsShare: 0.05, contactAfterRecallRate: 0.02, callCapBreachRate: 0, complaintRate: 0.08, baseComplaintRate: 0.005, reassignShare: 0.12,
  },
  {
    code: "IDLEWOOD", region: "us", layout: "xlsx", placementShare: 0.12, intensity: 0.22, agents: 10,
    reachableShare: 0.38, answerRate: 0.25, willingShare: 0.3, promiseRate: 0.6, promiseKeptRate: 0.5, locationCallShare: 0.008,
    offHoursShare: 0, abusiveSmsShare: 0, burstShare: 0,
    familySmsShare: 0, familyCallShare: 0, wrongNumberAccountShare: 0.02, wrongNumberRepeatRate: 0, honoursCease: 1,
    recordingShare: 0.95, incompleteSmsShare: 0.02, contactAfterRecallRate: 0, callCapBreachRate: 0, complaintRate: 0.01, baseComplaintRate: 0.008, reassignShare: 0.08,
  },
  {
    code: "MERIDIAN", region: "us", layout: "canonical-csv", placementShare: 0.16, intensity: 0.9, agents: 16,
    reachableShare: 0.45, answerRate: 0.2, willingShare: 0.38, promiseRate: 0.5, promiseKeptRate: 0.58, locationCallShare: 0.012,
    offHoursShare: 0.01, abusiveSmsShare: 0.002, burstShare: 0,
    familySmsShare: 0.003, familyCallShare: 0.005, wrongNumberAccountShare: 0.03, wrongNumberRepeatRate: 0.05, honoursCease: 0.95,
    recordingShare: 0.97, incompleteSmsShare: 0.03, contactAfterRecallRate: 0.01, callCapBreachRate: 0.08, complaintRate: 0.02, baseComplaintRate: 0.006, reassignShare: 0.1,
  },
];

export const regionZones: Record<Region, readonly string[]> = {
  cn: ["Asia/Shanghai"],
  us: ["America/New_York", "America/New_York", "America/Chicago", "America/Los_Angeles"],
};

export const regionCurrency: Record<Region, string> = { cn: "CNY", us: "USD" };

/** Legal contact hours of each region's rule pack, in the debtor's local time: [start, end). */
export const contactHours: Record<Region, { start: number; end: number }> = { cn: { start: 8, end: 22 }, us: { start: 8, end: 21 } };

/**
 * How days past due at placement scale reachability and willingness to pay: the older the debt, the fewer debtors
 * answer or pay (30–89 days: early-stage recoveries; 360+: written-off debt that rarely comes back).
 */
export function dpdFactor(dpd: number): number {
  if (dpd < 90) return 1.35;
  if (dpd < 180) return 1;
  if (dpd < 360) return 0.8;
  return 0.55;
}

/**
 * Relative contact volume per local hour inside the legal hours: busiest late morning and early afternoon, a dip
 * at lunch, and the evening (when debtors are home) worked until the rule pack's closing hour.
 */
export const hourWeights: Readonly<Record<number, number>> = {
  8: 0.5, 9: 1, 10: 1.2, 11: 1.2, 12: 0.6, 13: 0.8, 14: 1.1, 15: 1.1, 16: 1, 17: 0.9, 18: 0.9, 19: 0.9, 20: 0.7, 21: 0.45,
};

export function behaviourOf(code: string): AgencyBehaviour {
  const behaviour = demoAgencyBehaviours.find((candidate) => candidate.code === code);
  if (!behaviour) throw new Error(`no demo behaviour for agency ${code}`);
  return behaviour;
}
