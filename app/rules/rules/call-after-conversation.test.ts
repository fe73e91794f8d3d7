import { describe, expect, test } from "vitest";
import { usRegFPack } from "../rule-pack";
import { DEBTOR_PHONE, NEW_YORK, events, evaluate, makeAccount, onlyRule, triggers } from "../../../test/support/rule-fixtures";

const pack = onlyRule(usRegFPack, "CALL_AFTER_CONVERSATION");
const accounts = [makeAccount({ timeZone: NEW_YORK }), makeAccount({ id: 2, timeZone: NEW_YORK })];
const call = events(NEW_YORK);
const run = (calls: Parameters<typeof evaluate>[0], parameters = pack) => evaluate(calls, parameters, { accounts });

test("a conversation on Fri 14 Aug 2026 bars a call on Thu 20 Aug, not one on Fri 21 Aug", () => {
  const conversation = call("2026-08-14 10:00", { outcome: "CONNECTED" });
  const thursday = call("2026-08-20 10:00");
  const friday = call("2026-08-21 08:00");
  const found = run([conversation, thursday, friday]);
  expect(triggers(found)).toEqual([`CALL_AFTER_CONVERSATION:${thursday.id}`]);
  expect(found[0]).toMatchObject({
    evidenceEventIds: [conversation.id, thursday.id],
    explanation: {
      key: "rules.CALL_AFTER_CONVERSATION.debtor",
      params: { time: "2026-08-20 10:00", conversationTime: "2026-08-14 10:00", days: 7 },
    },
  });
});

test.each([
  ["later the same day", "2026-08-14 16:00", true],
  ["the next morning", "2026-08-15 08:30", true],
  ["late on day 7", "2026-08-20 20:59", true],
  ["early on day 8", "2026-08-21 00:05", false],
])("a call %s is a violation: %s", (_name, time, violates) => {
  const found = run([call("2026-08-14 10:00", { outcome: "CONNECTED" }), call(time)]);
  expect(found).toHaveLength(violates ? 1 : 0);
});

test("an inbound call from the debtor that connects is a conversation", () => {
  const inbound = call("2026-08-14 10:00", { direction: "INBOUND", outcome: "CONNECTED" });
  const callback = call("2026-08-17 10:00");
  expect(triggers(run([inbound, callback]))).toEqual([`CALL_AFTER_CONVERSATION:${callback.id}`]);
});

test.each([
  ["a connected call with a family member", { contactParty: "FAMILY" as const, outcome: "CONNECTED" as const }],
  ["an unanswered call", { outcome: "NO_ANSWER" as const }],
  ["an SMS exchange", { type: "SMS" as const, outcome: "DELIVERED" as const }],
])("%s is not a conversation with the debtor", (_name, overrides) => {
  expect(run([call("2026-08-14 10:00", overrides), call("2026-08-15 10:00")])).toEqual([]);
});

test.each([
  ["BUSY", { outcome: "BUSY" as const }],
  ["NOT_IN_SERVICE", { outcome: "NOT_IN_SERVICE" as const }],
  ["an SMS", { type: "SMS" as const, outcome: "DELIVERED" as const }],
  ["an inbound call", { direction: "INBOUND" as const, outcome: "NO_ANSWER" as const }],
])("%s after a conversation is not a placed call", (_name, overrides) => {
  expect(run([call("2026-08-14 10:00", { outcome: "CONNECTED" }), call("2026-08-15 10:00", overrides)])).toEqual([]);
});

test("a conversation is per debt: a call about another account is not barred", () => {
  expect(run([call("2026-08-14 10:00", { outcome: "CONNECTED" }), call("2026-08-15 10:00", { accountId: 2 })])).toEqual([]);
});

test("each new conversation restarts the quiet period and is the one cited", () => {
  const first = call("2026-08-14 10:00", { outcome: "CONNECTED" });
  const second = call("2026-08-18 10:00", { outcome: "CONNECTED" });
  const later = call("2026-08-24 10:00");
  const found = run([first, second, later]);
  expect(triggers(found)).toEqual([`CALL_AFTER_CONVERSATION:${second.id}`, `CALL_AFTER_CONVERSATION:${later.id}`]);
  expect(found[1]?.evidenceEventIds).toEqual([second.id, later.id]);
});

describe("a conversation starts the window of the person spoken with (1006.14(b)(2)(i)(B))", () => {
  const SPOUSE = { contactParty: "SPOUSE" as const, phoneNumber: "2125550102" };

  test("a conversation with the spouse bars calls to the spouse, not to the debtor", () => {
    const conversation = call("2026-08-14 10:00", { ...SPOUSE, outcome: "CONNECTED" });
    const spouseAgain = call("2026-08-17 10:00", SPOUSE);
    const debtor = call("2026-08-17 11:00");
    const found = run([conversation, spouseAgain, debtor]);
    expect(triggers(found)).toEqual([`CALL_AFTER_CONVERSATION:${spouseAgain.id}`]);
    expect(found[0]?.explanation).toMatchObject({
      key: "rules.CALL_AFTER_CONVERSATION.person",
      params: { party: "contactParty.SPOUSE", phone: "212****0102", conversationTime: "2026-08-14 10:00" },
    });
  });

  test("the spouse calling in and connecting is a conversation with the spouse", () => {
    const inbound = call("2026-08-14 10:00", { ...SPOUSE, direction: "INBOUND", outcome: "CONNECTED" });
    expect(run([inbound, call("2026-08-15 10:00", SPOUSE)])).toHaveLength(1);
  });

  test("a conversation with a relative found by a location call bars calls back to that relative", () => {
    const relative = { contactParty: "FAMILY" as const, phoneNumber: "2125550103" };
    expect(run([call("2026-08-14 10:00", { ...relative, outcome: "CONNECTED" }), call("2026-08-18 10:00", relative)])).toHaveLength(1);
  });

  test("a connected call to a number later found to be someone else's was a conversation with that someone", () => {
    const other = "2125550177";
    const onFile = [makeAccount({ timeZone: NEW_YORK, phoneNumbers: [DEBTOR_PHONE, other] })];
    const conversation = call("2026-08-14 10:00", { phoneNumber: other, outcome: "CONNECTED" });
    const debtorsOwn = call("2026-08-16 10:00");
    const sameNumber = call("2026-08-16 11:00", { phoneNumber: other, contactParty: "UNKNOWN" });
    const finding = call("2026-08-25 10:00", { phoneNumber: other, contactParty: "UNKNOWN", outcome: "WRONG_NUMBER" });
    const found = evaluate([conversation, debtorsOwn, sameNumber, finding], pack, { accounts: onFile });
    expect(triggers(found)).toEqual([`CALL_AFTER_CONVERSATION:${sameNumber.id}`]);
    expect(found[0]?.explanation.params.party).toBe("contactParty.UNKNOWN");
  });
});

describe("whose conversations count: each agency's own by default", () => {
  test("after agency 1 speaks with the debtor, agency 2 (placed after a recall) may call the next day", () => {
    const calls = [call("2026-08-14 10:00", { agencyId: 1, outcome: "CONNECTED" }), call("2026-08-15 10:00", { agencyId: 2 })];
    expect(run(calls)).toEqual([]);
    const found = run(calls, onlyRule(usRegFPack, "CALL_AFTER_CONVERSATION", { scope: "ACCOUNT" }));
    expect(found[0]?.explanation.key).toBe("rules.CALL_AFTER_CONVERSATION.debtorAllAgencies");
  });
});

describe("calls excluded by 1006.14(b)(3)", () => {
  test("(b)(3)(i): \"call me back tomorrow\" — the consented call does not count; once it connects, the consent ends", () => {
    const conversation = call("2026-08-14 10:00", { outcome: "CONNECTED" });
    const consent = call("2026-08-14 10:05", { type: "CONSENT", direction: "INBOUND", outcome: null, facts: { consentScope: "CALLS_ABOUT_DEBT" } });
    const callback = call("2026-08-15 10:00", { outcome: "CONNECTED" });
    const dayAfter = call("2026-08-16 10:00");
    const found = run([conversation, consent, callback, dayAfter]);
    expect(triggers(found)).toEqual([`CALL_AFTER_CONVERSATION:${dayAfter.id}`]);
    expect(found[0]?.evidenceEventIds).toEqual([callback.id, dayAfter.id]);
    expect(triggers(run([conversation, callback]))).toEqual([`CALL_AFTER_CONVERSATION:${callback.id}`]);
  });

  test("(b)(3)(iii): a conversation with the consumer's attorney starts no window and calls to the attorney never count", () => {
    const attorney = { contactParty: "ATTORNEY" as const, phoneNumber: "2125550150" };
    expect(run([call("2026-08-14 10:00", { ...attorney, outcome: "CONNECTED" }), call("2026-08-15 10:00", attorney)])).toEqual([]);
  });
});
