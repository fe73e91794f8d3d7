import { describe, expect, test } from "vitest";
import { seededRandom } from "~/demo/seeded-random";
import {
  hasEnoughActivityForGrade,
  MIN_OUTBOUND_CONTACTS_FOR_GRADE,
  binomialZScore,
  bootstrapIndex,
  componentScores,
  defaultScorecardWeights,
  escalationPenalty,
  deriveMetricValues,
  emptyMetricBase,
  gradeFromScores,
  per1000,
  quantile,
  ratio,
  roundToCents,
} from "./metric-formulas";

describe("ratios", () => {
  test.each([
    [1, 2, 0.5],
    [0, 5, 0],
    [3, 0, null],
    [0, 0, null],
    [Number.NaN, 1, null],
  ])("ratio(%s, %s) = %s", (numerator, denominator, expected) => {
    expect(ratio(numerator, denominator)).toBe(expected);
  });
  test.each([
    [3, 1500, 2],
    [1, 0, null],
  ])("per1000(%s, %s) = %s", (numerator, denominator, expected) => {
    expect(per1000(numerator, denominator)).toBe(expected);
  });
  test.each([
    [1.005, 1.01],
    [2.675, 2.68],
    [-1.005, -1.01],
    [0.1 + 0.2, 0.3],
    [123456789.125, 123456789.13],
  ])("roundToCents(%s) = %s", (value, expected) => {
    expect(roundToCents(value)).toBe(expected);
  });
});

describe("deriveMetricValues", () => {
  test("an empty period: zeros and null rates, never NaN", () => {
    const values = deriveMetricValues(emptyMetricBase);
    for (const [key, value] of Object.entries(values)) {
      if (/Rate$|Share$|Per1000/.test(key)) expect(value, key).toBeNull();
      else expect(value, key).toBe(0);
    }
  });
  test("the worked example of the domain notes: 20k collected at 15% nets 17k", () => {
    const values = deriveMetricValues({ ...emptyMetricBase, placedBalance: 200_000, collected: 20_000, commission: 3_000, placedAccounts: 100, complaints: 2 });
    expect(values).toMatchObject({ recoveryRate: 0.1, netBack: 17_000, complaintsPer1000Accounts: 20 });
  });
  test.each([
    ["contactRate", { accountsWorked: 10, accountsContacted: 4 }, 0.4],
    ["rpcRate", { accountsWorked: 10, accountsRightParty: 3 }, 0.3],
    ["ptpRate", { accountsRightParty: 4, accountsWithPromise: 2 }, 0.5],
    ["ptpRate", { accountsRightParty: 0, accountsWithPromise: 2 }, null],
    ["ptpKeptRate", { promisesDue: 4, promisesKept: 3 }, 0.75],
    ["violationsPer1000Contacts", { outboundContacts: 4000, violations: 6 }, 1.5],
    ["highViolationsPer1000Contacts", { outboundContacts: 4000, violations: 6, violationsHigh: 2 }, 0.5],
    ["highViolationsPer1000Contacts", { outboundContacts: 0, violations: 0, violationsHigh: 0 }, null],
    ["wrongPartyRate", { outboundContacts: 50, wrongPartyContacts: 5 }, 0.1],
    ["thirdPartyShare", { outboundContacts: 0, thirdPartyContacts: 0 }, null],
  ] as const)("%s from %j = %s", (key, base, expected) => {
    expect(deriveMetricValues({ ...emptyMetricBase, ...base })[key]).toBe(expected);
  });
});

describe("scorecard", () => {
  test.each([
    [{ recoveryIndex: 100, violationsPer1000Contacts: 0, complaintsPer1000Accounts: 0 }, { recoveryIndex: 50, violations: 100, complaints: 100, upheldComplaints: null }],
    [
      { recoveryIndex: 130, violationsPer1000Contacts: 25, complaintsPer1000Accounts: 5, upheldComplaintsPer1000Accounts: 2.5 },
      { recoveryIndex: 100, violations: 0, complaints: 50, upheldComplaints: 50 },
    ],
    [
      { recoveryIndex: 70, violationsPer1000Contacts: 10, complaintsPer1000Accounts: null, upheldComplaintsPer1000Accounts: 7 },
      { recoveryIndex: 0, violations: 50, complaints: null, upheldComplaints: 0 },
    ],
  ])("componentScores(%j)", (inputs, expected) => {
    expect(componentScores(inputs)).toEqual(expected);
  });
  test.each([
    [{ recoveryIndex: 50, violations: 100, complaints: 100, upheldComplaints: 100 }, 77.5, "A"],
    // The same agency with upheld complaints at the scale's worst drops a grade.
    [{ recoveryIndex: 50, violations: 100, complaints: 100, upheldComplaints: 0 }, 62.5, "B"],
    [{ recoveryIndex: 50, violations: 100, complaints: 50, upheldComplaints: 100 }, 70, "B"],
    [{ recoveryIndex: 50, violations: 50, complaints: 50, upheldComplaints: 50 }, 50, "C"],
    [{ recoveryIndex: 0, violations: 100, complaints: 74.5, upheldComplaints: 0 }, 36.2, "D"],
    [{ recoveryIndex: null, violations: 100, complaints: 100, upheldComplaints: 100 }, 100, "A"],
    // No upheld score (nothing placed): its weight is dropped and the rest re-normalised.
    [{ recoveryIndex: 50, violations: 100, complaints: 100, upheldComplaints: null }, 73.5, "B"],
    [{ recoveryIndex: null, violations: null, complaints: null, upheldComplaints: null }, null, null],
  ])("gradeFromScores(%j) with the default weights = %s %s", (scores, total, grade) => {
    expect(gradeFromScores(scores, defaultScorecardWeights)).toEqual({ total, grade });
  });
  test.each([
    // Without escalations the grade is the weighted mean alone.
    [{ recoveryIndex: 50, violations: 100, complaints: 100, upheldComplaints: 100 }, 0, 77.5, "A"],
    [{ recoveryIndex: 50, violations: 100, complaints: 100, upheldComplaints: 100 }, 1, 67.5, "B"],
    [{ recoveryIndex: 50, violations: 100, complaints: 100, upheldComplaints: 100 }, 3, 47.5, "C"],
    [{ recoveryIndex: 50, violations: 50, complaints: 50, upheldComplaints: 50 }, 6, 0, "D"],
    [{ recoveryIndex: null, violations: null, complaints: null, upheldComplaints: null }, 2, null, null],
  ])("gradeFromScores(%j) with %s escalated findings at 10 points each = %s %s", (scores, escalated, total, grade) => {
    expect(gradeFromScores(scores, defaultScorecardWeights, escalated)).toEqual({ total, grade });
  });
  test.each([
    [0, 10, 0],
    [2, 10, 20],
    [3, 0, 0],
    [20, 10, 100],
  ])("escalationPenalty(%s findings, %s points) = %s", (count, points, penalty) => {
    expect(escalationPenalty(count, points)).toBe(penalty);
  });
  test("boundaries: exactly 75, 60 and 45 take the better grade", () => {
    const weights = { recoveryIndex: 1, violationsPer1000Contacts: 0, complaintsPer1000Accounts: 0, upheldComplaintsPer1000Accounts: 0, escalatedFindings: 0 };
    expect(gradeFromScores({ recoveryIndex: 75, violations: 0, complaints: 0 }, weights).grade).toBe("A");
    expect(gradeFromScores({ recoveryIndex: 74.9, violations: 0, complaints: 0 }, weights).grade).toBe("B");
    expect(gradeFromScores({ recoveryIndex: 60, violations: 0, complaints: 0 }, weights).grade).toBe("B");
    expect(gradeFromScores({ recoveryIndex: 45, violations: 0, complaints: 0 }, weights).grade).toBe("C");
    expect(gradeFromScores({ recoveryIndex: 44.9, violations: 0, complaints: 0 }, weights).grade).toBe("D");
  });
});

describe("bootstrap", () => {
  const actual = Float64Array.from({ length: 300 }, (_, index) => (index % 7) * 10);
  const expected = Float64Array.from({ length: 300 }, () => 30);
  test("the same seed gives the same interval; the value is the plain index", () => {
    const first = bootstrapIndex(actual, expected, { seed: 7 });
    expect(first).toEqual(bootstrapIndex(actual, expected, { seed: 7 }));
    expect(first?.value).toBeCloseTo((100 * actual.reduce((sum, value) => sum + value, 0)) / 9000, 10);
    expect(first!.low).toBeLessThan(first!.value);
    expect(first!.high).toBeGreaterThan(first!.value);
    expect(bootstrapIndex(actual, expected, { seed: 8 })).not.toEqual(first);
  });
  test("more units, narrower interval", () => {
    const small = bootstrapIndex(actual.subarray(0, 30), expected.subarray(0, 30), { seed: 1 })!;
    const large = bootstrapIndex(actual, expected, { seed: 1 })!;
    expect(large.high - large.low).toBeLessThan(small.high - small.low);
  });
  test("draws exactly what seededRandom would: percentiles of 200 resamples of the units", () => {
    const random = seededRandom(42);
    const draws: number[] = [];
    for (let draw = 0; draw < 200; draw++) {
      let sumActual = 0;
      let sumExpected = 0;
      for (let pick = 0; pick < actual.length; pick++) {
        const unit = Math.floor(random() * actual.length);
        sumActual += actual[unit]!;
        sumExpected += expected[unit]!;
      }
      draws.push((100 * sumActual) / sumExpected);
    }
    draws.sort((left, right) => left - right);
    expect(bootstrapIndex(actual, expected, { seed: 42 })).toMatchObject({ low: quantile(draws, 0.025), high: quantile(draws, 0.975) });
  });
  test("a single unit with everything expected of it: the interval is the value", () => {
    expect(bootstrapIndex(Float64Array.of(50), Float64Array.of(40), { seed: 3 })).toEqual({ value: 125, low: 125, high: 125 });
  });
  test("nothing expected: no index", () => {
    expect(bootstrapIndex(new Float64Array(0), new Float64Array(0), { seed: 1 })).toBeNull();
    expect(bootstrapIndex(Float64Array.of(5), Float64Array.of(0), { seed: 1 })).toBeNull();
  });
  test.each([
    [[1, 2, 3, 4], 0.5, 2.5],
    [[1, 2, 3, 4], 0, 1],
    [[1, 2, 3, 4], 1, 4],
    [[10], 0.3, 10],
  ])("quantile(%j, %s) = %s", (values, probability, expectedValue) => {
    expect(quantile(values, probability)).toBe(expectedValue);
  });
});

describe("binomial z-score", () => {
  test.each([
    [10, 100, 0.1, 0],
    [19, 100, 0.1, 3],
    [5, 0, 0.1, null],
    [5, 100, 0, null],
    [5, 100, 1, null],
  ])("z(%s of %s at %s) = %s", (events, trials, rate, expected) => {
    const z = binomialZScore(events, trials, rate);
    if (expected === null) expect(z).toBeNull();
    else expect(z).toBeCloseTo(expected, 10);
  });
});

describe("hasEnoughActivityForGrade", () => {
  test.each([
    [0, false],
    [MIN_OUTBOUND_CONTACTS_FOR_GRADE - 1, false],
    [MIN_OUTBOUND_CONTACTS_FOR_GRADE, true],
    [10_000, true],
  ])("%i outbound contacts: graded %s", (outboundContacts, graded) => {
    expect(hasEnoughActivityForGrade({ outboundContacts })).toBe(graded);
  });
});
