import { expect, test } from "vitest";
import { chinaPack, parseRulePackParameters, usRegFPack } from "../rule-pack";
import { NEW_YORK, events, evaluate, makeAccount, onlyRule, triggers } from "../../../test/support/rule-fixtures";
import type { RuleEvent } from "../types";

const pack = onlyRule(usRegFPack, "CONTACT_DURING_DISPUTE");
const accounts = [makeAccount({ timeZone: NEW_YORK }), makeAccount({ id: 2, timeZone: NEW_YORK })];
const at = events(NEW_YORK);
const dispute = (time: string, form: "WRITTEN" | "ORAL" | null = "WRITTEN") =>
  at(time, { type: "DISPUTE", direction: "INBOUND", outcome: null, messageText: "I do not owe this", facts: form === null ? null : { disputeForm: form } });
const verification = (time: string, overrides: Partial<RuleEvent> = {}) => at(time, { type: "VERIFICATION_SENT", outcome: null, phoneNumber: null, ...overrides });
const validation = (time: string, periodEnd: string) => at(time, { type: "VALIDATION_NOTICE", outcome: null, phoneNumber: null, facts: { endsAt: periodEnd } });
const note = (time: string, text: string) => at(time, { type: "NOTE", outcome: null, contactParty: null, phoneNumber: null, messageText: text });
const run = (list: Parameters<typeof evaluate>[0], parameters = pack) => evaluate(list, parameters, { accounts });

// 12 CFR 1006.38(d)(2)(i): a written dispute within the validation period stops collection until verification is sent.
test("§1006.38(d)(2): contact after a written dispute is a violation until the verification is sent", () => {
  const raised = dispute("2026-04-01 10:00");
  const during = at("2026-04-03 10:00");
  const verified = verification("2026-04-05 10:00");
  const after = at("2026-04-06 10:00");
  const found = run([raised, during, verified, after]);
  expect(triggers(found)).toEqual([`CONTACT_DURING_DISPUTE:${during.id}`]);
  expect(found[0]).toMatchObject({
    severity: "HIGH",
    evidenceEventIds: [raised.id, during.id],
    explanation: { key: "rules.CONTACT_DURING_DISPUTE.explanation", params: { time: "2026-04-03 10:00", disputeTime: "2026-04-01 10:00" } },
  });
});

test.each<[string, RuleEvent[], number]>([
  ["§1006.38(d)(2): an oral dispute does not stop collection (US pack)", [dispute("2026-04-01 10:00", "ORAL"), at("2026-04-02 10:00")], 0],
  ["a dispute without its form is read as written", [dispute("2026-04-01 10:00", null), at("2026-04-02 10:00")], 1],
  ["§1006.34(b)(5): a written dispute within the validation period stops collection", [validation("2026-03-20 10:00", "2026-04-25T04:00:00Z"), dispute("2026-04-01 10:00"), at("2026-04-02 10:00")], 1],
  ["§1006.38(d)(2): a written dispute after the validation period does not", [validation("2026-02-20 10:00", "2026-03-25T04:00:00Z"), dispute("2026-04-01 10:00"), at("2026-04-02 10:00")], 0],
  // The undocumented text markers of before no longer close a dispute: only VERIFICATION_SENT does.
  ["a NOTE saying DISPUTE_VERIFIED is not a verification", [dispute("2026-04-01 10:00"), note("2026-04-02 10:00", "DISPUTE_VERIFIED"), at("2026-04-03 10:00")], 1],
  ["a new dispute after verification starts over", [dispute("2026-04-01 10:00"), verification("2026-04-02 10:00"), dispute("2026-04-10 10:00"), at("2026-04-11 10:00")], 1],
])("%s → %i", (_name, list, count) => {
  expect(run(list)).toHaveLength(count);
});

test("the verification is not itself contact during the dispute; a letter before it is", () => {
  const plainLetter = at("2026-04-01 15:00", { type: "LETTER", outcome: null, phoneNumber: null, messageText: "Final demand" });
  const list = [dispute("2026-04-01 10:00"), plainLetter, verification("2026-04-02 10:00"), at("2026-04-03 10:00")];
  expect(triggers(run(list))).toEqual([`CONTACT_DURING_DISPUTE:${plainLetter.id}`]);
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
  const list = [dispute("2026-04-01 10:00"), verification("2026-04-02 10:00", { agencyId: 2 }), at("2026-04-03 10:00")];
  expect(run(list, perAgency)).toHaveLength(1);
  expect(run(list)).toHaveLength(0);
});

test("a pack stored before ADR 027 still parses: its markers are dropped, oral disputes still stop, every dispute counts", () => {
  const stored = { CONTACT_DURING_DISPUTE: { enabled: true, severity: "HIGH", contactTypes: ["CALL"], verificationTypes: ["NOTE"], verifiedMarkers: ["DISPUTE_VERIFIED"], scope: "ACCOUNT" } };
  expect(parseRulePackParameters(stored).CONTACT_DURING_DISPUTE).toEqual({
    enabled: true,
    severity: "HIGH",
    contactTypes: ["CALL"],
    oralDisputesStop: true,
    validationPeriodOnly: false,
    scope: "ACCOUNT",
  });
});
