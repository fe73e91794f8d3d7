// The arithmetic behind every figure, as pure functions: ratios that are null (shown "—") when the denominator is
// zero, money rounded to the cent, the scorecard grade, the seeded bootstrap interval and the binomial z-score.
import type { ConfidenceInterval, Grade, MetricValues, ScorecardWeights } from "./metric-types";

/** numerator ÷ denominator, or null when the denominator is zero (or not a finite number). */
export function ratio(numerator: number, denominator: number): number | null {
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator) || denominator === 0) return null;
  return numerator / denominator;
}

/** Rate per 1,000 of the denominator, null on zero. */
export function per1000(numerator: number, denominator: number): number | null {
  const value = ratio(numerator, denominator);
  return value === null ? null : value * 1000;
}

/** Half away from zero, to the cent, without the binary-float surprises of Math.round(x * 100) / 100. */
export function roundToCents(value: number): number {
  if (!Number.isFinite(value)) return 0;
  const rounded = Math.round(Math.abs(value) * 100 + 1e-9) / 100;
  return value < 0 ? -rounded : rounded;
}

/** The counts and sums every figure is derived from (what the roll-ups store and the recomputation counts). */
export type MetricBase = Pick<
  MetricValues,
  | "placedAccounts"
  | "placedBalance"
  | "collected"
  | "commission"
  | "accountsWorked"
  | "accountsContacted"
  | "accountsRightParty"
  | "accountsWithPromise"
  | "promisesDue"
  | "promisesKept"
  | "outboundContacts"
  | "complaints"
  | "upheldComplaints"
  | "violations"
  | "violationsHigh"
  | "openHighViolations"
  | "wrongPartyContacts"
  | "thirdPartyContacts"
>;

export const emptyMetricBase: MetricBase = Object.freeze({
  placedAccounts: 0,
  placedBalance: 0,
  collected: 0,
  commission: 0,
  accountsWorked: 0,
  accountsContacted: 0,
  accountsRightParty: 0,
  accountsWithPromise: 0,
  promisesDue: 0,
  promisesKept: 0,
  outboundContacts: 0,
  complaints: 0,
  upheldComplaints: 0,
  violations: 0,
  violationsHigh: 0,
  openHighViolations: 0,
  wrongPartyContacts: 0,
  thirdPartyContacts: 0,
});

/** Every ratio from the base counts; money is rounded to the cent here, once. */
export function deriveMetricValues(base: MetricBase): MetricValues {
  const placedBalance = roundToCents(base.placedBalance);
  const collected = roundToCents(base.collected);
  const commission = roundToCents(base.commission);
  return {
    ...base,
    placedBalance,
    collected,
    commission,
    recoveryRate: ratio(collected, placedBalance),
    netBack: roundToCents(collected - commission),
    contactRate: ratio(base.accountsContacted, base.accountsWorked),
    rpcRate: ratio(base.accountsRightParty, base.accountsWorked),
    ptpRate: ratio(base.accountsWithPromise, base.accountsRightParty),
    ptpKeptRate: ratio(base.promisesKept, base.promisesDue),
    complaintsPer1000Accounts: per1000(base.complaints, base.placedAccounts),
    upheldComplaintsPer1000Accounts: per1000(base.upheldComplaints, base.placedAccounts),
    violationsPer1000Contacts: per1000(base.violations, base.outboundContacts),
    highViolationsPer1000Contacts: per1000(base.violationsHigh, base.outboundContacts),
    wrongPartyRate: ratio(base.wrongPartyContacts, base.outboundContacts),
    thirdPartyShare: ratio(base.thirdPartyContacts, base.outboundContacts),
  };
}

/** Adds base counts (money in whole cents to stay exact). */
export function addMetricBases(left: MetricBase, right: MetricBase): MetricBase {
  const sum = { ...left };
  for (const key of Object.keys(right) as (keyof MetricBase)[]) sum[key] = left[key] + right[key];
  sum.placedBalance = roundToCents(sum.placedBalance);
  sum.collected = roundToCents(sum.collected);
  sum.commission = Math.round(sum.commission * 1e6) / 1e6;
  return sum;
}

// ---------------------------------------------------------------------------------------------------------------
// Scorecard

// Upheld complaints weigh in as in the DOMAIN's published scorecard example (15 %), taken from the other three.
export const defaultScorecardWeights: ScorecardWeights = {
  recoveryIndex: 0.45,
  violationsPer1000Contacts: 0.25,
  complaintsPer1000Accounts: 0.15,
  upheldComplaintsPer1000Accounts: 0.15,
  escalatedFindings: 10,
};

/** Points off the total score for the agency's escalated findings (weight × count, never more than the score). */
export function escalationPenalty(escalatedFindings: number, pointsPerFinding: number): number {
  if (!(escalatedFindings > 0) || !(pointsPerFinding > 0)) return 0;
  return Math.min(100, escalatedFindings * pointsPerFinding);
}

/** Component scores 0-100: where each input maps, documented in docs/METRICS.md ("Scorecard"). */
export const scoreScales = {
  /** Index 80 or below scores 0, 120 or above scores 100; 100 (as predicted) scores 50. */
  recoveryIndex: { zeroAt: 80, fullAt: 120 },
  /** 0 violations per 1,000 contacts scores 100, 20 or more scores 0. */
  violationsPer1000Contacts: { fullAt: 0, zeroAt: 20 },
  /** 0 complaints per 1,000 accounts scores 100, 10 or more scores 0. */
  complaintsPer1000Accounts: { fullAt: 0, zeroAt: 10 },
  /** 0 upheld complaints per 1,000 accounts scores 100, 5 or more scores 0 (an upheld complaint is a proven one). */
  upheldComplaintsPer1000Accounts: { fullAt: 0, zeroAt: 5 },
} as const;

/** Lower bound of the total score for each grade, best first; below the last, D. */
export const gradeThresholds: readonly { grade: Grade; minimum: number }[] = [
  { grade: "A", minimum: 75 },
  { grade: "B", minimum: 60 },
  { grade: "C", minimum: 45 },
];

const clampScore = (value: number) => Math.min(100, Math.max(0, value));
const linearScore = (value: number, zeroAt: number, fullAt: number) => clampScore(((value - zeroAt) / (fullAt - zeroAt)) * 100);

export function componentScores(inputs: {
  recoveryIndex: number | null;
  violationsPer1000Contacts: number | null;
  complaintsPer1000Accounts: number | null;
  upheldComplaintsPer1000Accounts?: number | null;
}) {
  const upheld = inputs.upheldComplaintsPer1000Accounts ?? null;
  return {
    recoveryIndex: inputs.recoveryIndex === null ? null : linearScore(inputs.recoveryIndex, scoreScales.recoveryIndex.zeroAt, scoreScales.recoveryIndex.fullAt),
    violations:
      inputs.violationsPer1000Contacts === null
        ? null
        : linearScore(inputs.violationsPer1000Contacts, scoreScales.violationsPer1000Contacts.zeroAt, scoreScales.violationsPer1000Contacts.fullAt),
    complaints:
      inputs.complaintsPer1000Accounts === null
        ? null
        : linearScore(inputs.complaintsPer1000Accounts, scoreScales.complaintsPer1000Accounts.zeroAt, scoreScales.complaintsPer1000Accounts.fullAt),
    upheldComplaints: upheld === null ? null : linearScore(upheld, scoreScales.upheldComplaintsPer1000Accounts.zeroAt, scoreScales.upheldComplaintsPer1000Accounts.fullAt),
  };
}

/**
 * An agency is graded only with at least this many outbound contacts in the period: a period without activity (a
 * future month, a newly signed agency) would otherwise score full marks on "no violations, no complaints".
 */
export const MIN_OUTBOUND_CONTACTS_FOR_GRADE = 50;

export function hasEnoughActivityForGrade(metrics: { outboundContacts: number }): boolean {
  return metrics.outboundContacts >= MIN_OUTBOUND_CONTACTS_FOR_GRADE;
}

/**
 * The weighted mean of the component scores that exist (weights of missing ones are dropped and the rest
 * re-normalised), less the escalated findings' points (never below 0), and its grade. No component at all, or only
 * zero weights: no grade.
 */
export function gradeFromScores(
  scores: { recoveryIndex: number | null; violations: number | null; complaints: number | null; upheldComplaints?: number | null },
  weights: ScorecardWeights,
  escalatedFindings = 0,
): { total: number | null; grade: Grade | null } {
  const parts: [number | null, number][] = [
    [scores.recoveryIndex, weights.recoveryIndex],
    [scores.violations, weights.violationsPer1000Contacts],
    [scores.complaints, weights.complaintsPer1000Accounts],
    [scores.upheldComplaints ?? null, weights.upheldComplaintsPer1000Accounts],
  ];
  let weighted = 0;
  let weightSum = 0;
  for (const [score, weight] of parts) {
    if (score === null || weight <= 0) continue;
    weighted += score * weight;
    weightSum += weight;
  }
  if (weightSum === 0) return { total: null, grade: null };
  const total = Math.max(0, Math.round((weighted / weightSum - escalationPenalty(escalatedFindings, weights.escalatedFindings)) * 10) / 10);
  return { total, grade: gradeThresholds.find((threshold) => total >= threshold.minimum)?.grade ?? "D" };
}

// ---------------------------------------------------------------------------------------------------------------
// Uncertainty

/**
 * 100 × Σactual ÷ Σexpected with a percentile bootstrap interval: `resamples` draws of the units (the agency's
 * accounts) with replacement, from a PRNG seeded with `seed`, so the same data always gives the same interval.
 * Null when nothing was expected; the interval is the value itself when no resample expected anything.
 */
export function bootstrapIndex(actual: Float64Array, expected: Float64Array, options: { resamples?: number; seed: number; confidence?: number }): ConfidenceInterval | null {
  const n = actual.length;
  if (n !== expected.length) throw new Error("actual and expected must have the same length");
  let totalActual = 0;
  let totalExpected = 0;
  for (let index = 0; index < n; index++) {
    totalActual += actual[index]!;
    totalExpected += expected[index]!;
  }
  if (n === 0 || totalExpected <= 0) return null;
  const value = (100 * totalActual) / totalExpected;
  const resamples = options.resamples ?? 200;
  // seededRandom's mulberry32, inlined: this loop runs resamples × units times (millions on a large portfolio).
  let state = options.seed >>> 0;
  const draws = new Float64Array(resamples);
  let kept = 0;
  for (let draw = 0; draw < resamples; draw++) {
    let sumActual = 0;
    let sumExpected = 0;
    for (let pick = 0; pick < n; pick++) {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const unit = ((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * n) | 0;
      sumActual += actual[unit]!;
      sumExpected += expected[unit]!;
    }
    // A resample with nothing expected has no index: it is left out rather than counted as 0 or infinity.
    if (sumExpected > 0) draws[kept++] = (100 * sumActual) / sumExpected;
  }
  if (kept === 0) return { value, low: value, high: value };
  const sorted = draws.subarray(0, kept).sort();
  const alpha = (1 - (options.confidence ?? 0.95)) / 2;
  return { value, low: quantile(sorted, alpha), high: quantile(sorted, 1 - alpha) };
}

/** Linear interpolation between order statistics (type 7, as R and NumPy default). */
export function quantile(sorted: ArrayLike<number>, probability: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const position = (n - 1) * Math.min(1, Math.max(0, probability));
  const below = Math.floor(position);
  const above = Math.min(n - 1, below + 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

export function intervalsOverlap(left: ConfidenceInterval, right: ConfidenceInterval): boolean {
  return left.low <= right.high && right.low <= left.high;
}

/**
 * How far `events` out of `trials` lies above what the reference rate predicts, in standard deviations
 * (normal approximation to the binomial). Null when it says nothing: no trials, or a reference rate of 0 or 1.
 */
export function binomialZScore(events: number, trials: number, referenceRate: number): number | null {
  if (trials <= 0 || !(referenceRate > 0 && referenceRate < 1)) return null;
  const expected = trials * referenceRate;
  return (events - expected) / Math.sqrt(expected * (1 - referenceRate));
}

export const OUTLIER_Z = 3;
