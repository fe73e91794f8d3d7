import { expect, test } from "vitest";
import { chinaPack } from "../rule-pack";
import { events, evaluate, onlyRule, triggers } from "../../../test/support/rule-fixtures";
import type { RulePlacement } from "../types";

const pack = onlyRule(chinaPack, "CONTACT_AFTER_RECALL");
const at = events();
const payment = (time: string, amount: string, overrides = {}) =>
  at(time, { type: "PAYMENT", direction: "INBOUND", outcome: null, amount, phoneNumber: null, ...overrides });
const placement = (overrides: Partial<RulePlacement> = {}): RulePlacement => ({
  accountId: 1,
  agencyId: 1,
  placedAt: "2026-03-01",
  recalledAt: null,
  placedBalance: "1000.00",
  currency: "CNY",
  ...overrides,
});

test("activity on the days after the recall date is a violation; on the recall day it is tolerated", () => {
  const placements = [placement({ recalledAt: "2026-04-10" })];
  const recallDay = at("2026-04-10 21:00");
  const nextMorning = at("2026-04-11 08:00");
  const found = evaluate([recallDay, nextMorning], pack, { placements });
  expect(triggers(found)).toEqual([`CONTACT_AFTER_RECALL:${nextMorning.id}`]);
  expect(found[0]).toMatchObject({
    severity: "HIGH",
    evidenceEventIds: [nextMorning.id],
    explanation: { key: "rules.CONTACT_AFTER_RECALL.explanation", params: { time: "2026-04-11 08:00", recalledOn: "2026-04-10" } },
  });
});

test("recall dates as Prisma returns them (Date at UTC midnight) read the same", () => {
  const placements = [placement({ placedAt: new Date(Date.UTC(2026, 2, 1)), recalledAt: new Date(Date.UTC(2026, 3, 10)) })];
  expect(evaluate([at("2026-04-10 21:00"), at("2026-04-11 08:00")], pack, { placements })).toHaveLength(1);
});

test("grace days postpone the end", () => {
  const placements = [placement({ recalledAt: "2026-04-10" })];
  const lenient = onlyRule(chinaPack, "CONTACT_AFTER_RECALL", { graceDays: 2 });
  const list = [at("2026-04-12 10:00"), at("2026-04-13 10:00")];
  expect(triggers(evaluate(list, lenient, { placements }))).toEqual([`CONTACT_AFTER_RECALL:${list[1]!.id}`]);
});

test.each([
  ["an inbound call from the debtor", { direction: "INBOUND" as const, outcome: "CONNECTED" as const }, 0],
  ["a note", { type: "NOTE" as const, outcome: null }, 0],
  ["a payment the agency still takes", { type: "PAYMENT" as const, direction: "INBOUND" as const, outcome: null, amount: "50.00" }, 1],
  ["a promise the agency still takes", { type: "PROMISE" as const, outcome: null }, 1],
  ["a call by another agency", { agencyId: 2 }, 0],
])("after recall, %s: %s violation(s)", (_name, overrides, expected) => {
  const placements = [placement({ recalledAt: "2026-04-10" })];
  expect(evaluate([at("2026-04-15 10:00", overrides)], pack, { placements })).toHaveLength(expected);
});

test("an account placed again with the same agency is judged by the new placement", () => {
  const placements = [placement({ recalledAt: "2026-04-10" }), placement({ placedAt: "2026-05-01" })];
  const gap = at("2026-04-20 10:00");
  const replaced = at("2026-05-02 10:00");
  expect(triggers(evaluate([gap, replaced], pack, { placements }))).toEqual([`CONTACT_AFTER_RECALL:${gap.id}`]);
});

test("activity before any placement or without one is not this rule's business", () => {
  expect(evaluate([at("2026-02-01 10:00")], pack, { placements: [placement({ recalledAt: "2026-04-10" })] })).toEqual([]);
  expect(evaluate([at("2026-05-01 10:00")], pack)).toEqual([]);
});

test("once the agency's payments reach the placed balance, in exact cents, further activity is a violation", () => {
  const placements = [placement({ placedBalance: "1000.30" })];
  const payments = [payment("2026-04-01 10:00", "500.10"), payment("2026-04-05 10:00", "0.10"), payment("2026-04-06 10:00", "500.10")];
  const sameDay = at("2026-04-06 15:00");
  const found = evaluate([...payments, sameDay], pack, { placements });
  expect(triggers(found)).toEqual([`CONTACT_AFTER_RECALL:${sameDay.id}`]);
  expect(found[0]).toMatchObject({
    evidenceEventIds: [...payments, sameDay].map((event) => event.id),
    explanation: { key: "rules.CONTACT_AFTER_RECALL.paidInFull", params: { balance: "1000.30 CNY", paidAt: "2026-04-06 10:00", time: "2026-04-06 15:00" } },
  });
});

test("short by a cent is not paid in full", () => {
  const placements = [placement({ placedBalance: "0.30" })];
  expect(evaluate([payment("2026-04-01 10:00", "0.10"), payment("2026-04-01 11:00", "0.19"), at("2026-04-02 10:00")], pack, { placements })).toEqual([]);
  expect(evaluate([payment("2026-04-01 10:00", "0.10"), payment("2026-04-01 11:00", "0.20"), at("2026-04-02 10:00")], pack, { placements })).toHaveLength(1);
});

test("a payment beyond the balance is itself activity after payoff, and a reversal reopens the placement", () => {
  const placements = [placement({ placedBalance: "100.00" })];
  const full = payment("2026-04-01 10:00", "100.00");
  const overpaid = payment("2026-04-02 10:00", "20.00");
  const reversal = payment("2026-04-03 10:00", "-50.00", { type: "PAYMENT" });
  const call = at("2026-04-04 10:00");
  const found = evaluate([full, overpaid, reversal, call], pack, { placements });
  // The reversal itself is a PAYMENT after payoff; the call after it is fine again.
  expect(triggers(found)).toEqual([`CONTACT_AFTER_RECALL:${overpaid.id}`, `CONTACT_AFTER_RECALL:${reversal.id}`]);
});

test("payments to other agencies do not pay off this agency's placement", () => {
  const placements = [placement({ placedBalance: "100.00" }), placement({ agencyId: 2, placedBalance: "100.00" })];
  expect(evaluate([payment("2026-04-01 10:00", "100.00", { agencyId: 2 }), at("2026-04-02 10:00")], pack, { placements })).toEqual([]);
});

test("paid-in-full checking can be switched off", () => {
  const placements = [placement({ placedBalance: "100.00" })];
  const off = onlyRule(chinaPack, "CONTACT_AFTER_RECALL", { checkPaidInFull: false });
  expect(evaluate([payment("2026-04-01 10:00", "100.00"), at("2026-04-02 10:00")], off, { placements })).toEqual([]);
});
