import { expect, test } from "vitest";
import { chinaPack, usRegFPack } from "../rule-pack";
import { NEW_YORK, events, evaluate, makeAccount, onlyRule, triggers } from "../../../test/support/rule-fixtures";

const pack = onlyRule(usRegFPack, "CONTACT_DURING_DISPUTE");
const accounts = [makeAccount({ timeZone: NEW_YORK }), makeAccount({ id: 2, timeZone: NEW_YORK })];
const at = events(NEW_YORK);
const dispute = (time: string) => at(time, { type: "DISPUTE", direction: "INBOUND", outcome: null, messageText: "I do not owe this" });
const note = (time: string, text: string) => at(time, { type: "NOTE", outcome: null, contactParty: null, phoneNumber: null, messageText: text });
const run = (list: Parameters<typeof evaluate>[0], parameters = pack) => evaluate(list, parameters, { accounts });

test("contact after a dispute is a violation until a NOTE marks it verified", () => {
  const raised = dispute("2026-04-01 10:00");
  const during = at("2026-04-03 10:00");
  const verified = note("2026-04-05 10:00", "DISPUTE_VERIFIED: statement mailed to debtor");
  const after = at("2026-04-06 10:00");
  const found = run([raised, during, verified, after]);
  expect(triggers(found)).toEqual([`CONTACT_DURING_DISPUTE:${during.id}`]);
  expect(found[0]).toMatchObject({
    severity: "HIGH",
    evidenceEventIds: [raised.id, during.id],
    explanation: { key: "rules.CONTACT_DURING_DISPUTE.explanation", params: { time: "2026-04-03 10:00", disputeTime: "2026-04-01 10:00" } },
  });
});

test.each([
  ["DISPUTE_VERIFIED", true],
  ["dispute_verified by team lead", true],
  ["异议已核实，核实完成", true],
  ["Dispute received, checking", false],
  ["verified", false],
])("a note saying %j closes the dispute: %s", (text, closes) => {
  const list = [dispute("2026-04-01 10:00"), note("2026-04-02 10:00", text), at("2026-04-03 10:00")];
  expect(run(list)).toHaveLength(closes ? 0 : 1);
});

test("a letter carrying the verification closes the dispute and is not itself contact during it", () => {
  const letter = at("2026-04-02 10:00", { type: "LETTER", outcome: null, phoneNumber: null, messageText: "VERIFICATION_SENT: itemised statement" });
  const plainLetter = at("2026-04-01 15:00", { type: "LETTER", outcome: null, phoneNumber: null, messageText: "Final demand" });
  const list = [dispute("2026-04-01 10:00"), plainLetter, letter, at("2026-04-03 10:00")];
  expect(triggers(run(list))).toEqual([`CONTACT_DURING_DISPUTE:${plainLetter.id}`]);
});

test("a new dispute after verification starts over", () => {
  const list = [dispute("2026-04-01 10:00"), note("2026-04-02 10:00", "DISPUTE_VERIFIED"), dispute("2026-04-10 10:00"), at("2026-04-11 10:00")];
  expect(run(list)).toHaveLength(1);
});

test.each([
  ["an inbound call", { direction: "INBOUND" as const, outcome: "CONNECTED" as const }, 0],
  ["a call on another account", { accountId: 2 }, 0],
  ["a payment taken", { type: "PAYMENT" as const, outcome: null, amount: "10.00" }, 0],
  ["an SMS", { type: "SMS" as const, outcome: "DELIVERED" as const }, 1],
])("%s during the dispute: %s violation(s)", (_name, overrides, expected) => {
  expect(run([dispute("2026-04-01 10:00"), at("2026-04-02 10:00", overrides)])).toHaveLength(expected);
});

test("off in the China pack", () => {
  expect(run([dispute("2026-04-01 10:00"), at("2026-04-02 10:00")], chinaPack)).toEqual(
    expect.not.arrayContaining([expect.objectContaining({ ruleCode: "CONTACT_DURING_DISPUTE" })]),
  );
});

test("scope ACCOUNT_AGENCY: one agency's verification does not close another's dispute", () => {
  const perAgency = onlyRule(usRegFPack, "CONTACT_DURING_DISPUTE", { scope: "ACCOUNT_AGENCY" });
  const list = [dispute("2026-04-01 10:00"), note("2026-04-02 10:00", "DISPUTE_VERIFIED"), at("2026-04-03 10:00")];
  list[1] = { ...list[1]!, agencyId: 2 };
  expect(run(list, perAgency)).toHaveLength(1);
  expect(run(list)).toHaveLength(0);
});
