import { describe, expect, test } from "vitest";
import { chinaPack, usRegFPack } from "../rule-pack";
import { NEW_YORK, events, evaluate, makeAccount, onlyRule } from "../../../test/support/rule-fixtures";
import type { RuleEvent, RuleEventFacts } from "../types";

const us = onlyRule(usRegFPack, "CONSUMER_RESTRICTION");
const at = events(NEW_YORK);
const accounts = [makeAccount({ timeZone: NEW_YORK })];
const run = (list: RuleEvent[], pack = us, account = accounts) => evaluate(list, pack, { accounts: account });
const restriction = (time: string, facts: RuleEventFacts, overrides: Partial<RuleEvent> = {}) =>
  at(time, { type: "CONTACT_RESTRICTION", direction: "INBOUND", outcome: null, facts, ...overrides });
const consent = (time: string, scope: RuleEventFacts["consentScope"]) => at(time, { type: "CONSENT", direction: "INBOUND", outcome: null, facts: { consentScope: scope } });
const notBefore10 = (time = "2026-04-01 12:00") => restriction(time, { restriction: "INCONVENIENT_TIME", restrictedHours: "00:00-10:00" });
const sms = (time: string, overrides: Partial<RuleEvent> = {}) => at(time, { type: "SMS", outcome: "DELIVERED", ...overrides });

describe("designated inconvenient times (§1006.6(b)(1)(i), comment 6(b)(1)-1)", () => {
  test.each<[string, RuleEvent[], string[]]>([
    ["\"don't call before 10\": a call at 09:30 the next day", [notBefore10(), at("2026-04-02 09:30")], ["rules.CONSUMER_RESTRICTION.time"]],
    ["a call at 10:00", [notBefore10(), at("2026-04-02 10:00")], []],
    ["a call at 09:30 before the restriction was made", [at("2026-04-01 09:30"), notBefore10()], []],
    ["a text at 09:30 is an attempt to communicate too", [notBefore10(), sms("2026-04-02 09:30")], ["rules.CONSUMER_RESTRICTION.time"]],
    // §1006.6(b)(4)(i): the consumer's later consent given directly to the agency lifts the designation.
    ["consent to that time given afterwards", [notBefore10(), consent("2026-04-01 15:00", "INCONVENIENT_TIME"), at("2026-04-02 09:30")], []],
    ["a restriction that ended", [restriction("2026-04-01 12:00", { restriction: "INCONVENIENT_TIME", restrictedHours: "00:00-10:00", endsAt: "2026-04-02T00:00:00Z" }), at("2026-04-02 09:30")], []],
    ["another agency was not told", [notBefore10(), at("2026-04-02 09:30", { agencyId: 2 })], []],
    // Comment 6(b)(1)-2: the consumer calls at the inconvenient time; one response through the same medium is allowed.
    ["one response to the consumer's own call at 09:00", [notBefore10(), at("2026-04-02 09:00", { direction: "INBOUND", outcome: "CONNECTED" }), at("2026-04-02 09:10")], []],
    ["but not a second one", [notBefore10(), at("2026-04-02 09:00", { direction: "INBOUND", outcome: "CONNECTED" }), at("2026-04-02 09:10"), at("2026-04-02 09:20")], ["rules.CONSUMER_RESTRICTION.time"]],
  ])("%s → %j", (_name, list, keys) => {
    expect(run(list).map((violation) => violation.explanation.key)).toEqual(keys);
  });

  test("hours hold in every zone the consumer may be in: 12:30 New York is 09:30 in Los Angeles", () => {
    const found = run([notBefore10(), at("2026-04-02 12:30")], us, [makeAccount({ timeZone: NEW_YORK, possibleTimeZones: ["America/Los_Angeles"] })]);
    expect(found.map((violation) => violation.explanation.params.hours)).toEqual(["00:00-10:00"]);
  });
});

describe("designated inconvenient places (§1006.6(b)(1)(ii), §1006.6(b)(3))", () => {
  const notAtWork = () => restriction("2026-04-01 12:00", { restriction: "INCONVENIENT_PLACE", place: "WORK" });
  test.each<[string, RuleEvent[], number]>([
    ["\"not at work\": a call that reached the consumer at work", [notAtWork(), at("2026-04-02 11:00", { facts: { place: "WORK" } })], 1],
    ["a visit at work", [notAtWork(), at("2026-04-02 11:00", { type: "VISIT", outcome: null, facts: { place: "WORK" } })], 1],
    ["a call at home", [notAtWork(), at("2026-04-02 11:00", { facts: { place: "HOME" } })], 0],
    ["a call with no place recorded", [notAtWork(), at("2026-04-02 11:00")], 0],
    ["consent to that place afterwards", [notAtWork(), consent("2026-04-01 15:00", "INCONVENIENT_PLACE"), at("2026-04-02 11:00", { facts: { place: "WORK" } })], 0],
  ])("%s → %i", (_name, list, count) => {
    expect(run(list)).toHaveLength(count);
  });
});

describe("media the consumer opted out of (§1006.14(h))", () => {
  const stopCalling = () => restriction("2026-04-01 12:00", { restriction: "MEDIUM", restrictedMedium: "CALL" });
  const stopReply = (time = "2026-04-01 12:00") => sms(time, { direction: "INBOUND", messageText: " Stop " });
  test.each<[string, RuleEvent[], string[]]>([
    ["\"stop calling me\": a later call", [stopCalling(), at("2026-04-02 11:00")], ["rules.CONSUMER_RESTRICTION.medium"]],
    ["\"stop calling me\": a later text is another medium", [stopCalling(), sms("2026-04-02 11:00")], []],
    ["a STOP reply: a later text to that number", [stopReply(), sms("2026-04-02 11:00")], ["rules.CONSUMER_RESTRICTION.stop"]],
    ["a STOP reply: a text to another number of the consumer", [stopReply(), sms("2026-04-02 11:00", { phoneNumber: "13800000002" })], []],
    ["a STOP reply: a call is another medium", [stopReply(), at("2026-04-02 11:00")], []],
    ["退订 works as STOP", [sms("2026-04-01 12:00", { direction: "INBOUND", messageText: "退订" }), sms("2026-04-02 11:00")], ["rules.CONSUMER_RESTRICTION.stop"]],
    ["a reply that merely contains stop is not an opt-out", [sms("2026-04-01 12:00", { direction: "INBOUND", messageText: "please stop by later" }), sms("2026-04-02 11:00")], []],
    ["the consumer texts again: one reply is allowed (§1006.14(h)(2)(ii): \"may respond once through the same medium\")", [stopReply(), sms("2026-04-03 10:00", { direction: "INBOUND", messageText: "what do I owe?" }), sms("2026-04-03 10:05")], []],
    ["…and only once", [stopReply(), sms("2026-04-03 10:00", { direction: "INBOUND", messageText: "what do I owe?" }), sms("2026-04-03 10:05"), sms("2026-04-03 10:10")], ["rules.CONSUMER_RESTRICTION.stop"]],
    ["a STOP reply: one confirmation of it is allowed (§1006.14(h)(2)(i))", [stopReply(), sms("2026-04-01 12:01", { messageText: "You have been unsubscribed and will receive no more texts from ACME Recovery." })], []],
    ["…but not a second one", [stopReply(), sms("2026-04-01 12:01", { messageText: "You have been unsubscribed." }), sms("2026-04-02 12:01", { messageText: "You have been unsubscribed." })], ["rules.CONSUMER_RESTRICTION.stop"]],
    ["…nor a confirmation that says more: \"contains no information other than\" the confirmation", [stopReply(), sms("2026-04-01 12:01", { messageText: "You have been unsubscribed from texts. Your balance of $1,240.00 is past due; to avoid further action please pay today at pay.example.com/acct or call us on 800-555-0100 before 5 pm." })], ["rules.CONSUMER_RESTRICTION.stop"]],
    ["退订成功 confirms a 退订", [sms("2026-04-01 12:00", { direction: "INBOUND", messageText: "退订" }), sms("2026-04-01 12:01", { messageText: "退订成功，我们将不再向您发送短信。" })], []],
    ["consent to texts at that number afterwards", [stopReply(), consent("2026-04-02 10:00", "TEXT_NUMBER"), sms("2026-04-03 10:05")], []],
    ["an opt-out of one email address leaves another", [restriction("2026-04-01 12:00", { restriction: "MEDIUM", restrictedMedium: "EMAIL", address: "a@example.com" }), at("2026-04-02 11:00", { type: "EMAIL", outcome: null, facts: { address: "b@example.com" } })], []],
    ["and covers that one", [restriction("2026-04-01 12:00", { restriction: "MEDIUM", restrictedMedium: "EMAIL", address: "a@example.com" }), at("2026-04-02 11:00", { type: "EMAIL", outcome: null, facts: { address: "A@example.com" } })], ["rules.CONSUMER_RESTRICTION.medium"]],
  ])("%s → %j", (_name, list, keys) => {
    expect(run(list).map((violation) => violation.explanation.key)).toEqual(keys);
  });

  test("the trigger cites the restriction as evidence and the medium as a language-neutral value", () => {
    const made = stopCalling();
    const call = at("2026-04-02 11:00");
    expect(run([made, call])[0]).toMatchObject({ evidenceEventIds: [made.id, call.id], explanation: { params: { medium: "CALL", restrictionTime: "2026-04-01 12:00" } } });
  });
});

test("off in the China pack", () => {
  expect(evaluate([notBefore10(), at("2026-04-02 09:30")], chinaPack, { accounts }).filter((violation) => violation.ruleCode === "CONSUMER_RESTRICTION")).toEqual([]);
});
