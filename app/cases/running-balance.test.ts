import { expect, test } from "vitest";
import { computeRunningBalances, type BalanceEvent, type BalancePlacement } from "./running-balance";

const placements: BalancePlacement[] = [
  { agencyCode: "A", placedAt: "2026-01-01", recalledAt: "2026-03-31", placedBalance: "1000.00", currency: "CNY" },
  { agencyCode: "B", placedAt: "2026-04-01", recalledAt: null, placedBalance: "700.50", currency: "CNY" },
  { agencyCode: "A", placedAt: "2026-06-01", recalledAt: null, placedBalance: "650.50", currency: "CNY" },
];
const event = (id: string, agencyCode: string, day: string, type = "CALL", amount: string | null = null): BalanceEvent => ({ id, agencyCode, day: day.slice(0, 10), type, amount });

test.each<[string, BalanceEvent[], Record<string, string | undefined>]>([
  ["payments reduce their own placement", [event("1", "A", "2026-01-05T02:00:00Z"), event("2", "A", "2026-01-06T02:00:00Z", "PAYMENT", "300"), event("3", "A", "2026-02-01T02:00:00Z")], { "1": "1000.00", "2": "700.00", "3": "700.00" }],
  [
    "each agency's placement runs separately",
    [event("1", "A", "2026-02-01T00:00:00Z", "PAYMENT", "0.30"), event("2", "B", "2026-04-02T00:00:00Z", "PAYMENT", "50.25"), event("3", "A", "2026-06-02T00:00:00Z", "PAYMENT", "0.50")],
    { "1": "999.70", "2": "650.25", "3": "650.00" },
  ],
  ["events before any placement of their agency get none", [event("1", "B", "2026-03-01T00:00:00Z"), event("2", "C", "2026-05-01T00:00:00Z")], { "1": undefined, "2": undefined }],
  ["overpayment shows a negative balance", [event("1", "B", "2026-04-02T00:00:00Z", "PAYMENT", "800")], { "1": "-99.50" }],
  [
    "a payment after the recall reduces nothing (it was not collected under the placement)",
    [event("1", "A", "2026-03-31", "PAYMENT", "100"), event("2", "A", "2026-04-15", "PAYMENT", "200"), event("3", "A", "2026-06-01", "PAYMENT", "50")],
    { "1": "900.00", "2": undefined, "3": "600.50" },
  ],
])("%s", (_name, events, expected) => {
  const balances = computeRunningBalances(placements, events);
  for (const [id, balance] of Object.entries(expected)) expect(balances.get(id)?.balance, id).toBe(balance);
});

test("a malformed amount is an error, not a silent zero", () => {
  expect(() => computeRunningBalances(placements, [event("1", "A", "2026-01-02T00:00:00Z", "PAYMENT", "12,5")])).toThrow(/decimal/);
});
