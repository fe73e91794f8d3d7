import { describe, expect, test } from "vitest";
import { unitOrderOf } from "./placement-columns";
import { dayNumber, indexUnitsByAgency, type PlacementColumns } from "./recovery-index";

type Placement = { agencyId: number; accountId: number; segment: string; product: string; bucket: string; placedAt: string; recalledAt?: string; recallHorizon?: number; balance: number; payments: [month: number, amount: number][] };

function columnsOf(placements: Placement[]): PlacementColumns {
  const dictionary = (values: string[]) => [...new Set(values)];
  const segments = dictionary(placements.map((placement) => placement.segment));
  const products = dictionary(placements.map((placement) => placement.product));
  const buckets = dictionary(placements.map((placement) => placement.bucket));
  const payments = placements.flatMap((placement) => placement.payments);
  const paymentStart = new Int32Array(placements.length + 1);
  placements.forEach((placement, index) => (paymentStart[index + 1] = paymentStart[index]! + placement.payments.length));
  const agencyId = Int32Array.from(placements, (placement) => placement.agencyId);
  const accountId = Int32Array.from(placements, (placement) => placement.accountId);
  return {
    count: placements.length,
    agencyId,
    accountId,
    unitOrder: unitOrderOf(agencyId, accountId),
    segment: Int32Array.from(placements, (placement) => segments.indexOf(placement.segment)),
    segments,
    product: Int32Array.from(placements, (placement) => products.indexOf(placement.product)),
    products,
    dpdBucket: Int32Array.from(placements, (placement) => buckets.indexOf(placement.bucket)),
    dpdBuckets: buckets,
    placedDay: Int32Array.from(placements, (placement) => dayNumber(placement.placedAt)),
    placedMonthIndex: Int32Array.from(placements, (placement) => Number(placement.placedAt.slice(0, 4)) * 12 + Number(placement.placedAt.slice(5, 7))),
    placedDayOfMonth: Int32Array.from(placements, (placement) => Number(placement.placedAt.slice(8, 10))),
    recalledDay: Int32Array.from(placements, (placement) => (placement.recalledAt ? dayNumber(placement.recalledAt) : -1)),
    recallHorizon: Int32Array.from(placements, (placement) => placement.recallHorizon ?? -1),
    balance: Float64Array.from(placements, (placement) => placement.balance),
    paymentStart,
    paymentMonth: Int32Array.from(payments, ([month]) => month),
    paymentAmount: Float64Array.from(payments, ([, amount]) => amount),
  };
}

const segment = { segment: "CARD|0-89|0-4999", product: "CARD", bucket: "0-89" };
// Placed 15 January, seen to 1 April (the day after 31 March): two whole months each.
const portfolio = columnsOf([
  { agencyId: 1, accountId: 10, ...segment, placedAt: "2026-01-15", balance: 1000, payments: [[1, 100], [2, 50], [3, 999]] },
  { agencyId: 2, accountId: 20, ...segment, placedAt: "2026-01-15", balance: 1000, payments: [[1, 300]] },
  // Recalled after 10 days: never observed a whole month, so neither a unit nor part of the segment's rate.
  { agencyId: 1, accountId: 11, ...segment, placedAt: "2026-02-10", recalledAt: "2026-02-20", recallHorizon: 0, balance: 5000, payments: [[1, 5000]] },
  // Placed after the period: not yet anyone's.
  { agencyId: 2, accountId: 21, ...segment, placedAt: "2026-04-05", balance: 1000, payments: [[1, 1000]] },
  // Another account of agency 1 in another segment that collected nothing anywhere: expected 0, actual 0.
  { agencyId: 1, accountId: 12, segment: "LOAN|90-179|0-4999", product: "LOAN", bucket: "90-179", placedAt: "2026-01-20", balance: 700, payments: [] },
]);

describe("indexUnitsByAgency", () => {
  test("actual within each placement's horizon, expected at the portfolio's segment rate for that horizon", () => {
    const units = indexUnitsByAgency(portfolio, { from: "2026-03-01", to: "2026-03-31" });
    // The segment's rate at 2 months: (100 + 50 + 300) ÷ (1000 + 1000) = 0.225, so each is expected to collect 225.
    expect(units.get(1)).toEqual({ actual: Float64Array.of(150, 0), expected: Float64Array.of(225, 0) });
    expect(units.get(2)).toEqual({ actual: Float64Array.of(300), expected: Float64Array.of(225) });
  });

  test.each([
    ["an agency filter", { agencyIds: [2] }, [2]],
    ["a product filter", { product: "LOAN" }, [1]],
    ["a bucket no placement has", { dpdBucket: "360+" }, []],
  ])("%s picks units but not the rates", (_name, filter, agencies) => {
    const units = indexUnitsByAgency(portfolio, { from: "2026-03-01", to: "2026-03-31", ...filter });
    expect([...units.keys()].sort()).toEqual(agencies);
    if (units.has(2)) expect(units.get(2)!.expected).toEqual(Float64Array.of(225));
  });

  test("a placement recalled before the period is no unit; a shorter period means a shorter horizon", () => {
    const february = indexUnitsByAgency(portfolio, { from: "2026-02-01", to: "2026-02-28" });
    // Seen to 1 March: one whole month (15 January–14 February); the rate at 1 month is (100 + 300) ÷ 2000.
    expect(february.get(1)?.actual).toEqual(Float64Array.of(100, 0));
    expect(february.get(2)?.expected).toEqual(Float64Array.of(200));
  });
});
