import { expect, test } from "vitest";
import { evaluateRules } from "../evaluate";
import { chinaPack, usRegFPack } from "../rule-pack";
import { events, evaluate, makeAccount, onlyRule, packOf, triggers } from "../../../test/support/rule-fixtures";

const pack = onlyRule(chinaPack, "DAILY_CONNECTED_CALLS");
const connected = events(undefined, { outcome: "CONNECTED" });

test("the 4th connected call of a local day across two agencies and two accounts is a violation", () => {
  const calls = [
    connected("2026-04-01 09:00", { agencyId: 1 }),
    connected("2026-04-01 10:00", { agencyId: 2, accountId: 2 }),
    connected("2026-04-01 11:00", { agencyId: 1 }),
    connected("2026-04-01 12:00", { agencyId: 2, accountId: 2 }),
    connected("2026-04-01 13:00", { agencyId: 1 }),
  ];
  const found = evaluate(calls, pack, { accounts: [makeAccount(), makeAccount({ id: 2 })] });
  expect(triggers(found)).toEqual([`DAILY_CONNECTED_CALLS:${calls[3]!.id}`, `DAILY_CONNECTED_CALLS:${calls[4]!.id}`]);
  expect(found[0]).toMatchObject({
    agencyId: 2,
    accountId: 2,
    evidenceEventIds: calls.slice(0, 4).map((call) => call.id),
    explanation: {
      key: "rules.DAILY_CONNECTED_CALLS.explanation",
      params: { count: 4, max: 3, date: "2026-04-01", times: "2026-04-01 09:00, 2026-04-01 10:00, 2026-04-01 11:00, 2026-04-01 12:00" },
    },
  });
  expect(found[1]?.evidenceEventIds).toEqual(calls.map((call) => call.id));
});

test.each([
  ["unanswered calls", { outcome: "NO_ANSWER" as const }],
  ["inbound calls", { direction: "INBOUND" as const }],
  ["calls to family", { contactParty: "FAMILY" as const }],
  ["SMS", { type: "SMS" as const }],
])("%s do not count", (_name, overrides) => {
  const calls = [
    connected("2026-04-01 09:00"),
    connected("2026-04-01 10:00"),
    connected("2026-04-01 11:00", overrides),
    connected("2026-04-01 12:00"),
  ];
  expect(evaluate(calls, pack)).toEqual([]);
});

test("an UNKNOWN or unrecorded party counts as the debtor", () => {
  const calls = [
    connected("2026-04-01 09:00", { contactParty: null }),
    connected("2026-04-01 10:00", { contactParty: "UNKNOWN" }),
    connected("2026-04-01 11:00"),
    connected("2026-04-01 12:00"),
  ];
  expect(evaluate(calls, pack)).toHaveLength(1);
});

test("local days split at Shanghai midnight (16:00Z), not at UTC midnight", () => {
  // 3 calls on 1 Apr local, then the 4th at 00:30 on 2 Apr local (16:30Z on 1 Apr): a new day.
  const calls = [
    connected("2026-04-01 09:00"),
    connected("2026-04-01 10:00"),
    connected("2026-04-01 23:30"),
    connected("2026-04-02 00:30"),
    connected("2026-04-02 09:00"),
    connected("2026-04-02 10:00"),
  ];
  expect(evaluate(calls, pack)).toEqual([]);
});

test("each agency is judged by its own pack, counting every agency's calls", () => {
  // Agency 2 runs the US pack, where the rule is off: its calls still count toward agency 1's limit.
  const calls = [
    connected("2026-04-01 09:00", { agencyId: 2 }),
    connected("2026-04-01 10:00", { agencyId: 2 }),
    connected("2026-04-01 11:00", { agencyId: 2 }),
    connected("2026-04-01 12:00", { agencyId: 2 }),
    connected("2026-04-01 13:00", { agencyId: 1 }),
  ];
  const usPack = packOf(onlyRule(usRegFPack, "CONTACT_HOURS", { enabled: false }), 2, "us");
  const found = evaluateRules({
    events: calls,
    accounts: [makeAccount()],
    pack: packOf(pack),
    packForAgency: (agencyId) => (agencyId === 2 ? usPack : null),
  });
  expect(triggers(found)).toEqual([`DAILY_CONNECTED_CALLS:${calls[4]!.id}`]);
  expect(found[0]).toMatchObject({ rulePackId: 1, explanation: { params: { count: 5 } } });
});

test("customers are counted apart", () => {
  const calls = [1, 2, 3, 4].map((hour) => connected(`2026-04-01 1${hour}:00`, { accountId: hour % 2 === 0 ? 1 : 2 }));
  const accounts = [makeAccount(), makeAccount({ id: 2, customerId: 200 })];
  expect(evaluate(calls, pack, { accounts })).toEqual([]);
});
