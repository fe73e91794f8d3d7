import { expect, test } from "vitest";
import { chinaPack } from "../rule-pack";
import { DEBTOR_PHONE, events, evaluate, makeAccount, onlyRule, triggers } from "../../../test/support/rule-fixtures";

const pack = onlyRule(chinaPack, "DAILY_ATTEMPTS_PER_NUMBER");
const call = events();

test("the 7th attempt to one number in a local day is a violation, whatever the outcomes and agencies", () => {
  const outcomes = ["NO_ANSWER", "BUSY", "CONNECTED", "VOICEMAIL", "NOT_IN_SERVICE", null, "NO_ANSWER", "NO_ANSWER"] as const;
  const calls = outcomes.map((outcome, index) => call(`2026-04-01 ${10 + index}:00`, { outcome, agencyId: (index % 2) + 1 }));
  const found = evaluate(calls, pack);
  expect(triggers(found)).toEqual([`DAILY_ATTEMPTS_PER_NUMBER:${calls[6]!.id}`, `DAILY_ATTEMPTS_PER_NUMBER:${calls[7]!.id}`]);
  expect(found[0]).toMatchObject({
    evidenceEventIds: calls.slice(0, 7).map((c) => c.id),
    explanation: { params: { count: 7, max: 6, phone: "138****0001", date: "2026-04-01" } },
  });
});

test("numbers are counted apart, and formatting differences are not a different number", () => {
  const calls = [
    ...[9, 10, 11].map((hour) => call(`2026-04-01 ${hour}:00`, { phoneNumber: "138 0000 0001" })),
    ...[12, 13, 14].map((hour) => call(`2026-04-01 ${hour}:00`, { phoneNumber: DEBTOR_PHONE })),
    ...[15, 16, 17].map((hour) => call(`2026-04-01 ${hour}:00`, { phoneNumber: "13900000002" })),
  ];
  expect(triggers(evaluate(calls, pack))).toEqual([]);
  const seventh = call("2026-04-01 18:00", { phoneNumber: "138-0000-0001" });
  expect(triggers(evaluate([...calls, seventh], pack))).toEqual([`DAILY_ATTEMPTS_PER_NUMBER:${seventh.id}`]);
});

test("attempts on different accounts of the customer add up", () => {
  const calls = [1, 2, 3, 4, 5, 6, 7].map((n) => call(`2026-04-01 ${8 + n}:00`, { accountId: n % 2 === 0 ? 1 : 2 }));
  expect(evaluate(calls, pack, { accounts: [makeAccount(), makeAccount({ id: 2 })] })).toHaveLength(1);
});

test("a new local day starts a new count", () => {
  const calls = [
    ...[9, 10, 11, 12, 13, 14].map((hour) => call(`2026-04-01 ${hour}:00`)),
    ...[9, 10, 11, 12, 13, 14].map((hour) => call(`2026-04-02 ${hour}:00`)),
  ];
  expect(evaluate(calls, pack)).toEqual([]);
});

test.each([
  ["SMS", { type: "SMS" as const }],
  ["inbound calls", { direction: "INBOUND" as const }],
  ["calls without a number", { phoneNumber: null }],
])("%s are not attempts", (_name, overrides) => {
  const calls = [9, 10, 11, 12, 13, 14, 15].map((hour) => call(`2026-04-01 ${hour}:00`, hour === 15 ? overrides : {}));
  expect(evaluate(calls, pack)).toEqual([]);
});

test("a counted-outcomes list limits the count to those outcomes", () => {
  const unanswered = onlyRule(chinaPack, "DAILY_ATTEMPTS_PER_NUMBER", { countedOutcomes: ["NO_ANSWER", "BUSY"] });
  const calls = [9, 10, 11, 12, 13, 14, 15].map((hour) => call(`2026-04-01 ${hour}:00`, { outcome: hour === 12 ? "CONNECTED" : "NO_ANSWER" }));
  expect(evaluate(calls, unanswered)).toEqual([]);
  expect(evaluate([...calls, call("2026-04-01 16:00")], unanswered)).toHaveLength(1);
});
