import { expect, test } from "vitest";
import { chinaPack, usRegFPack } from "../rule-pack";
import { NEW_YORK, events, evaluate, makeAccount, onlyRule, triggers } from "../../../test/support/rule-fixtures";
import type { RuleEvent } from "../types";

const us = onlyRule(usRegFPack, "ATTORNEY_REPRESENTED");
const at = events(NEW_YORK);
const accounts = [makeAccount({ timeZone: NEW_YORK })];
const run = (list: RuleEvent[], pack = us) => evaluate(list, pack, { accounts });
const ATTORNEY_PHONE = "12125550199";
const notice = (time = "2026-04-01 10:00") => at(time, { type: "ATTORNEY_NOTICE", direction: "INBOUND", outcome: null, contactParty: "ATTORNEY", phoneNumber: ATTORNEY_PHONE });
const toAttorney = (time: string) => at(time, { type: "LETTER", outcome: null, contactParty: "ATTORNEY", phoneNumber: null });
const fromAttorney = (time: string) => at(time, { direction: "INBOUND", outcome: "CONNECTED", contactParty: "ATTORNEY", phoneNumber: ATTORNEY_PHONE });
const directConsent = (time: string, party: RuleEvent["contactParty"]) =>
  at(time, { type: "CONSENT", direction: "INBOUND", outcome: null, contactParty: party, facts: { consentScope: "DIRECT_CONTACT" } });

// 12 CFR 1006.6(b)(2): once the agency knows an attorney represents the consumer, it communicates with the attorney.
test.each<[string, RuleEvent[], number]>([
  ["a call to the consumer after the notice", [notice(), at("2026-04-02 10:00")], 1],
  ["a call to the consumer before the notice", [at("2026-03-30 10:00"), notice()], 0],
  ["§1006.6(a): a call to the executor counts as the consumer", [notice(), at("2026-04-02 10:00", { contactParty: "EXECUTOR" })], 1],
  ["§1006.6(d)(1)(ii): a letter to the attorney", [notice(), toAttorney("2026-04-02 10:00")], 0],
  ["another agency that was not told", [notice(), at("2026-04-02 10:00", { agencyId: 2 })], 0],
  ["§1006.6(b)(2): the attorney consents to direct communication", [notice(), directConsent("2026-04-02 09:00", "ATTORNEY"), at("2026-04-02 10:00")], 0],
  ["§1006.6(b)(4)(i): the consumer consents directly to the agency", [notice(), directConsent("2026-04-02 09:00", "DEBTOR"), at("2026-04-02 10:00")], 0],
  ["consent given before the agency knew of the attorney does not count", [directConsent("2026-03-30 09:00", "DEBTOR"), notice(), at("2026-04-02 10:00")], 1],
  ["§1006.6(b)(2): the attorney did not respond within 30 days of the agency's letter", [notice(), toAttorney("2026-04-02 10:00"), at("2026-05-03 10:00")], 0],
  ["only 20 days without an answer", [notice(), toAttorney("2026-04-02 10:00"), at("2026-04-22 10:00")], 1],
  ["the attorney answered, so no unanswered communication", [notice(), toAttorney("2026-04-02 10:00"), fromAttorney("2026-04-10 10:00"), at("2026-05-20 10:00")], 1],
])("%s → %i", (_name, list, count) => {
  expect(run(list)).toHaveLength(count);
});

test("the notice is the evidence and is named in the explanation", () => {
  const known = notice();
  const call = at("2026-04-02 10:00");
  const found = run([known, call]);
  expect(triggers(found)).toEqual([`ATTORNEY_REPRESENTED:${call.id}`]);
  expect(found[0]).toMatchObject({ evidenceEventIds: [known.id, call.id], explanation: { params: { noticeTime: "2026-04-01 10:00", time: "2026-04-02 10:00" } } });
});

test("off in the China pack", () => {
  expect(run([notice(), at("2026-04-02 10:00")], chinaPack).filter((violation) => violation.ruleCode === "ATTORNEY_REPRESENTED")).toEqual([]);
});
