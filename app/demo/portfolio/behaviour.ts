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
  /** Probability that a call to a right number connects. */
  contactRate: number;
  /** Probability of a promise to pay after a conversation with the debtor. */
  promiseRate: number;
  promiseKeptRate: number;
  /** Share of calls and texts sent outside the legal contact hours. */
  offHoursShare: number;
  /** Share of texts to the debtor that threaten or insult. */
  abusiveSmsShare: number;
  /** Per event: probability that the day becomes a burst of repeated calls to one number. */
  burstShare: number;
  /** Share of texts sent to family members, revealing the debt. */
  familySmsShare: number;
  /** Share of calls made to family or colleagues without first trying the debtor. */
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
};

export const demoAgencyBehaviours: readonly AgencyBehaviour[] = [
  {
    code: "ANCHOR", region: "cn", layout: "canonical-csv", placementShare: 0.22, intensity: 1.0, agents: 30,
    contactRate: 0.34, promiseRate: 0.3, promiseKeptRate: 0.72, offHoursShare: 0, abusiveSmsShare: 0, burstShare: 0,
    familySmsShare: 0, familyCallShare: 0, wrongNumberAccountShare: 0.02, wrongNumberRepeatRate: 0, honoursCease: 1,
    recordingShare: 1, incompleteSmsShare: 0, contactAfterRecallRate: 0, callCapBreachRate: 0, complaintRate: 0.002,
  },
  {
    code: "BLITZ", region: "cn", layout: "canonical-csv", placementShare: 0.2, intensity: 1.8, agents: 35,
    contactRate: 0.4, promiseRate: 0.42, promiseKeptRate: 0.66, offHoursShare: 0.12, abusiveSmsShare: 0.1, burstShare: 0.012,
    familySmsShare: 0.02, familyCallShare: 0.03, wrongNumberAccountShare: 0.03, wrongNumberRepeatRate: 0.3, honoursCease: 0.2,
    recordingShare: 0.93, incompleteSmsShare: 0.15, contactAfterRecallRate: 0.25, callCapBreachRate: 1, complaintRate: 0.12,
  },
  {
    code: "CROSSLINE", region: "cn", layout: "canonical-csv", placementShare: 0.16, intensity: 1.0, agents: 25,
    contactRate: 0.26, promiseRate: 0.25, promiseKeptRate: 0.6, offHoursShare: 0.005, abusiveSmsShare: 0, burstShare: 0,
    familySmsShare: 0, familyCallShare: 0.01, wrongNumberAccountShare: 0.35, wrongNumberRepeatRate: 0.55, honoursCease: 0.9,
    recordingShare: 0.97, incompleteSmsShare: 0.05, contactAfterRecallRate: 0.02, callCapBreachRate: 0, complaintRate: 0.25,
  },
  {
    code: "KINLINK", region: "cn", layout: "gbk-csv", placementShare: 0.14, intensity: 1.0, agents: 20,
    contactRate: 0.3, promiseRate: 0.28, promiseKeptRate: 0.62, offHoursShare: 0.005, abusiveSmsShare: 0.005, burstShare: 0,
    familySmsShare: 0.28, familyCallShare: 0.12, wrongNumberAccountShare: 0.03, wrongNumberRepeatRate: 0.05, honoursCease: 0.9,
    recordingShare: 0.96, incompleteSmsShare: 0.05, contactAfterRecallRate: 0.02, callCapBreachRate: 0, complaintRate: 0.08,
  },
  {
    code: "IDLEWOOD", region: "us", layout: "xlsx", placementShare: 0.12, intensity: 0.22, agents: 15,
    contactRate: 0.2, promiseRate: 0.18, promiseKeptRate: 0.5, offHoursShare: 0, abusiveSmsShare: 0, burstShare: 0,
    familySmsShare: 0, familyCallShare: 0, wrongNumberAccountShare: 0.02, wrongNumberRepeatRate: 0, honoursCease: 1,
    recordingShare: 0.95, incompleteSmsShare: 0.02, contactAfterRecallRate: 0, callCapBreachRate: 0, complaintRate: 0.01,
  },
  {
    code: "MERIDIAN", region: "us", layout: "canonical-csv", placementShare: 0.16, intensity: 0.9, agents: 25,
    contactRate: 0.3, promiseRate: 0.3, promiseKeptRate: 0.64, offHoursShare: 0.01, abusiveSmsShare: 0.002, burstShare: 0,
    familySmsShare: 0.003, familyCallShare: 0.005, wrongNumberAccountShare: 0.03, wrongNumberRepeatRate: 0.05, honoursCease: 0.95,
    recordingShare: 0.97, incompleteSmsShare: 0.03, contactAfterRecallRate: 0.01, callCapBreachRate: 0.08, complaintRate: 0.02,
  },
];

export const regionZones: Record<Region, readonly string[]> = {
  cn: ["Asia/Shanghai"],
  us: ["America/New_York", "America/New_York", "America/Chicago", "America/Los_Angeles"],
};

export const regionCurrency: Record<Region, string> = { cn: "CNY", us: "USD" };

/** Legal contact hours of each region's rule pack, in the debtor's local time: [start, end). */
export const contactHours: Record<Region, { start: number; end: number }> = { cn: { start: 8, end: 22 }, us: { start: 8, end: 21 } };

export function behaviourOf(code: string): AgencyBehaviour {
  const behaviour = demoAgencyBehaviours.find((candidate) => candidate.code === code);
  if (!behaviour) throw new Error(`no demo behaviour for agency ${code}`);
  return behaviour;
}
