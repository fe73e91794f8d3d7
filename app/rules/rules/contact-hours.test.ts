import { describe, expect, test } from "vitest";
import { chinaPack, parseRulePackParameters, usRegFPack } from "../rule-pack";
import { NEW_YORK, SHANGHAI, evaluate, makeAccount, makeEvent, onlyRule, triggers } from "../../../test/support/rule-fixtures";
import type { RuleEvent } from "../types";

const china = onlyRule(chinaPack, "CONTACT_HOURS");
const us = onlyRule(usRegFPack, "CONTACT_HOURS");

describe("China pack, 08:00–22:00 Asia/Shanghai", () => {
  test.each([
    ["2026-04-01 07:59", true],
    ["2026-04-01 07:59:59", true],
    ["2026-04-01 08:00", false],
    ["2026-04-01 21:59", false],
    ["2026-04-01 21:59:59", false],
    ["2026-04-01 22:00", true],
    ["2026-04-01 23:30", true],
    ["2026-04-02 00:00", true],
    ["2026-04-01 12:00", false],
  ])("a call at %s violates: %s", (time, violates) => {
    const call = makeEvent(time);
    expect(evaluate([call], china)).toHaveLength(violates ? 1 : 0);
  });

  test.each<[string, Partial<RuleEvent>, boolean]>([
    ["SMS", { type: "SMS", outcome: "DELIVERED" }, true],
    ["email", { type: "EMAIL", outcome: null }, true],
    ["visit", { type: "VISIT", outcome: null }, true],
    ["letter (not a listed channel)", { type: "LETTER", outcome: null }, false],
    ["note", { type: "NOTE", outcome: null }, false],
    ["inbound call from the debtor", { direction: "INBOUND", outcome: "CONNECTED" }, false],
    ["call to a family member", { contactParty: "FAMILY" }, true],
  ])("at 23:00, %s violates: %s", (_name, overrides, violates) => {
    expect(evaluate([makeEvent("2026-04-01 23:00", overrides)], china)).toHaveLength(violates ? 1 : 0);
  });

  test("an agency whose clock is UTC: 14:30Z is 22:30 in Shanghai", () => {
    const call = makeEvent("2026-04-01 14:30", { occurredAt: "2026-04-01T14:30:00Z" }, "UTC");
    const [violation] = evaluate([call], china);
    expect(violation).toMatchObject({
      ruleCode: "CONTACT_HOURS",
      severity: "MEDIUM",
      triggerEventId: call.id,
      evidenceEventIds: [call.id],
      occurredAt: "2026-04-01T14:30:00.000Z",
      explanation: {
        key: "rules.CONTACT_HOURS.explanation",
        params: { time: "2026-04-01 22:30", timeZone: SHANGHAI, start: "08:00", end: "22:00" },
      },
    });
  });

  test("the same UTC instant is fine for a debtor in New York (10:30 EDT)", () => {
    const call = makeEvent("x", { occurredAt: "2026-04-01T14:30:00Z" }, "UTC");
    expect(evaluate([call], china, { accounts: [makeAccount({ timeZone: NEW_YORK })] })).toEqual([]);
  });
});

describe("US pack, 08:00–21:00 America/New_York across daylight-saving changes", () => {
  const accounts = [makeAccount({ timeZone: NEW_YORK })];
  test.each([
    // 2026-03-08 06:30Z is 01:30 EST, before the 02:00 jump.
    ["2026-03-08T06:30:00Z", true, "2026-03-08 01:30"],
    ["2026-03-07T12:30:00Z", true, "2026-03-07 07:30"],
    ["2026-03-08T12:30:00Z", false, "2026-03-08 08:30"],
    ["2026-03-09T00:59:00Z", false, "2026-03-08 20:59"],
    ["2026-03-09T01:00:00Z", true, "2026-03-08 21:00"],
    // 2026-11-01 06:30Z is the second 01:30 (EST).
    ["2026-11-01T06:30:00Z", true, "2026-11-01 01:30"],
    ["2026-10-31T12:30:00Z", false, "2026-10-31 08:30"],
    ["2026-11-01T12:30:00Z", true, "2026-11-01 07:30"],
    ["2026-11-01T13:00:00Z", false, "2026-11-01 08:00"],
    ["2026-11-02T01:59:00Z", false, "2026-11-01 20:59"],
    ["2026-11-02T02:00:00Z", true, "2026-11-01 21:00"],
  ])("a call at %s violates: %s (local %s)", (iso, violates, local) => {
    const call = makeEvent("x", { occurredAt: iso }, "UTC");
    const found = evaluate([call], us, { accounts });
    expect(triggers(found)).toEqual(violates ? [`CONTACT_HOURS:${call.id}`] : []);
    if (violates) expect(found[0]?.explanation.params.time).toBe(local);
  });
});

test("a window across midnight allows the night and forbids the day", () => {
  const night = onlyRule(chinaPack, "CONTACT_HOURS", { start: "20:00", end: "02:00" });
  const calls = ["2026-04-01 19:59", "2026-04-01 20:00", "2026-04-01 23:59", "2026-04-02 01:59", "2026-04-02 02:00"].map((time) =>
    makeEvent(time),
  );
  expect(triggers(evaluate(calls, night))).toEqual([`CONTACT_HOURS:${calls[0]!.id}`, `CONTACT_HOURS:${calls[4]!.id}`]);
});

describe("China pack: outside 08:00–22:00 only with the debtor's agreement (GB/T 45251-2025 \"unless agreed\"; CBA 2026 \"without consent\")", () => {
  const consent = (time: string, overrides: Partial<RuleEvent> = {}, endsAt: string | null = null) =>
    makeEvent(time, {
      type: "CONSENT",
      direction: "INBOUND",
      outcome: null,
      phoneNumber: null,
      ...overrides,
      facts: { consentScope: "INCONVENIENT_TIME", endsAt: endsAt === null ? null : `${endsAt}:00+08:00`, ...overrides.facts },
    });
  const revoked = (time: string) => makeEvent(time, { type: "CONSENT_REVOKED", direction: "INBOUND", outcome: null, phoneNumber: null, facts: { consentScope: "INCONVENIENT_TIME" } });
  const late = "2026-04-02 22:30";

  test.each<[string, () => RuleEvent[], boolean]>([
    ["no agreement", () => [], true],
    ["the debtor agreed the day before", () => [consent("2026-04-01 10:00")], false],
    ["the agreement came after the call", () => [consent("2026-04-03 10:00")], true],
    ["the agreement ended before the call", () => [consent("2026-04-01 10:00", {}, "2026-04-02 20:00")], true],
    ["the agreement ends after the call", () => [consent("2026-04-01 10:00", {}, "2026-04-03 00:00")], false],
    ["the debtor took it back", () => [consent("2026-04-01 10:00"), revoked("2026-04-02 12:00")], true],
    ["a family member \"agreed\"", () => [consent("2026-04-01 10:00", { contactParty: "FAMILY" })], true],
    ["the agreement was with another agency", () => [consent("2026-04-01 10:00", { agencyId: 2 })], true],
    ["the agreement covers third-party contact, not the hour", () => [consent("2026-04-01 10:00", { facts: { consentScope: "THIRD_PARTY_CONTACT" } })], true],
  ])("a call at 22:30 after %s violates: %s", (_name, before, violates) => {
    const call = makeEvent(late);
    expect(triggers(evaluate([...before(), call], china))).toEqual(violates ? [`CONTACT_HOURS:${call.id}`] : []);
  });

  test("a China pack stored before the switch existed parses with it off and keeps judging every late contact", () => {
    const { consentToTime: _dropped, ...stored } = chinaPack.CONTACT_HOURS;
    const parsed = parseRulePackParameters({ ...chinaPack, CONTACT_HOURS: stored }).CONTACT_HOURS!;
    expect(parsed.consentToTime).toBe(false);
    expect(evaluate([consent("2026-04-01 10:00"), makeEvent(late)], onlyRule(chinaPack, "CONTACT_HOURS", parsed))).toHaveLength(1);
  });
});

// Regulation F facts (ADR 027).
describe("US pack: every possible zone, the fallback named, consent to an inconvenient time", () => {
  const LOS_ANGELES = "America/Los_Angeles";
  const ny = (time: string, overrides: Partial<RuleEvent> = {}) => makeEvent(time, overrides, NEW_YORK);
  const nyAccount = (overrides: Parameters<typeof makeAccount>[0] = {}) => ({ accounts: [makeAccount({ timeZone: NEW_YORK, ...overrides })] });

  // Comment 6(b)(1)(i)-1: conflicting location information (address in New York, area code in California): a time
  // is convenient only if it is convenient in every possible location, so 08:00–11:00 New York is 05:00–08:00 in
  // Los Angeles and 21:00 Los Angeles is midnight in New York.
  test.each([
    ["2026-04-01 08:30", "rules.CONTACT_HOURS.otherZone"],
    ["2026-04-01 10:59", "rules.CONTACT_HOURS.otherZone"],
    ["2026-04-01 11:00", null],
    ["2026-04-01 20:59", null],
    ["2026-04-01 21:00", "rules.CONTACT_HOURS.explanation"],
  ])("§1006.6(b)(1)(i), comment 6(b)(1)(i)-1: New York and Los Angeles possible, a call at %s New York → %s", (time, key) => {
    const found = evaluate([ny(time)], us, nyAccount({ possibleTimeZones: [LOS_ANGELES] }));
    expect(found.map((violation) => violation.explanation.key)).toEqual(key === null ? [] : [key]);
  });

  test("the other zone's local time is named", () => {
    const [violation] = evaluate([ny("2026-04-01 09:15")], us, nyAccount({ possibleTimeZones: [LOS_ANGELES] }));
    expect(violation?.explanation.params).toMatchObject({ otherZone: LOS_ANGELES, otherTime: "2026-04-01 06:15", time: "2026-04-01 09:15", timeZone: NEW_YORK });
  });

  test("§1006.6(b)(1)(i): no zone recorded for the debtor, so the agency's zone stood in and the explanation says so", () => {
    const [violation] = evaluate([ny("2026-04-01 07:30")], us, nyAccount({ timeZoneSource: "AGENCY" }));
    expect(violation?.explanation).toMatchObject({ key: "rules.CONTACT_HOURS.agencyZone", params: { timeZone: NEW_YORK } });
  });

  test("the area code of a number on file gave the other zone (the lender gave none): the explanation names that fallback", () => {
    const [violation] = evaluate([ny("2026-04-01 09:15")], us, nyAccount({ possibleTimeZones: [LOS_ANGELES], possibleTimeZonesSource: "AREA_CODE" }));
    expect(violation?.explanation).toMatchObject({ key: "rules.CONTACT_HOURS.areaCodeZone", params: { otherZone: LOS_ANGELES, otherTime: "2026-04-01 06:15" } });
  });

  test("no zone recorded for the debtor, a number's area code stood in before the agency's zone, and the explanation says so", () => {
    const [violation] = evaluate([ny("2026-04-01 07:30")], us, nyAccount({ timeZoneSource: "AREA_CODE", possibleTimeZonesSource: "AREA_CODE" }));
    expect(violation?.explanation).toMatchObject({ key: "rules.CONTACT_HOURS.areaCodeFallback", params: { timeZone: NEW_YORK } });
  });

  const consent = (time: string, overrides: Partial<RuleEvent> = {}) =>
    ny(time, { type: "CONSENT", direction: "INBOUND", outcome: null, facts: { consentScope: "INCONVENIENT_TIME" }, ...overrides });

  test.each<[string, RuleEvent[], number]>([
    // §1006.6(b)(4)(i): the consumer's prior consent given directly to the agency.
    ["consent given the day before covers a 07:30 call", [consent("2026-03-31 12:00"), ny("2026-04-01 07:30")], 0],
    // Comment 6(b)(4)(i)-1 (the FAQ): consent is given in advance; it does not cover the communication it is given in.
    ["consent obtained during the 07:30 call itself does not cover it", [ny("2026-04-01 07:30", { outcome: "CONNECTED" }), consent("2026-04-01 07:30:30")], 1],
    ["consent that ended the day before", [consent("2026-03-20 12:00", { facts: { consentScope: "INCONVENIENT_TIME", endsAt: "2026-03-31T00:00:00Z" } }), ny("2026-04-01 07:30")], 1],
    ["consent revoked", [consent("2026-03-20 12:00"), ny("2026-03-25 12:00", { type: "CONSENT_REVOKED", outcome: null, facts: { consentScope: "INCONVENIENT_TIME" } }), ny("2026-04-01 07:30")], 1],
    ["consent of another scope (third-party contact)", [consent("2026-03-31 12:00", { facts: { consentScope: "THIRD_PARTY_CONTACT" } }), ny("2026-04-01 07:30")], 1],
    // Comment 6(b)(4)(i)-2: consent given to someone else (here another agency) is not given to this debt collector.
    ["consent given to another agency", [consent("2026-03-31 12:00", { agencyId: 2 }), ny("2026-04-01 07:30")], 1],
    ["consent given by a neighbour", [consent("2026-03-31 12:00", { contactParty: "THIRD_PARTY" }), ny("2026-04-01 07:30")], 1],
    ["consent covers the consumer, not a call to their employer", [consent("2026-03-31 12:00"), ny("2026-04-01 07:30", { contactParty: "EMPLOYER" })], 1],
  ])("%s → %i violation(s)", (_name, list, count) => {
    expect(evaluate(list, us, nyAccount())).toHaveLength(count);
  });

  test("the China pack reads the consent given to the agency too (\"unless agreed\")", () => {
    expect(evaluate([makeEvent("2026-03-31 12:00", { type: "CONSENT", outcome: null, facts: { consentScope: "INCONVENIENT_TIME" } }), makeEvent("2026-04-01 23:00")], china)).toHaveLength(0);
  });
});
