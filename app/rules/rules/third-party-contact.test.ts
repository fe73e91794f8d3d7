import { describe, expect, test } from "vitest";
import { chinaPack, usRegFPack } from "../rule-pack";
import { events, evaluate, makeAccount, onlyRule, triggers } from "../../../test/support/rule-fixtures";
import type { Outcome, RuleEvent } from "../types";

const china = onlyRule(chinaPack, "THIRD_PARTY_CONTACT");
const us = onlyRule(usRegFPack, "THIRD_PARTY_CONTACT");
const at = events();
const family = (time: string) => at(time, { contactParty: "FAMILY", phoneNumber: "13900000009", outcome: "CONNECTED" });

describe("reachability: the last 3 call attempts to the debtor", () => {
  test.each<[string, (Outcome | null)[], boolean]>([
    ["all three failed", ["NO_ANSWER", "BUSY", "NOT_IN_SERVICE"], false],
    ["three failed after an earlier success", ["CONNECTED", "NO_ANSWER", "VOICEMAIL", "FAILED"], false],
    ["the latest connected", ["NO_ANSWER", "NO_ANSWER", "CONNECTED"], true],
    ["one in the middle connected", ["NO_ANSWER", "CONNECTED", "NO_ANSWER"], true],
    ["the debtor refused (they were reached)", ["NO_ANSWER", "NO_ANSWER", "REFUSED"], true],
    ["only two attempts, both failed", ["NO_ANSWER", "NO_ANSWER"], true],
    ["an attempt without outcome", ["NO_ANSWER", "NO_ANSWER", null], true],
  ])("%s → third-party contact violates: %s", (_name, outcomes, violates) => {
    const attempts = outcomes.map((outcome, index) => at(`2026-04-01 ${9 + index}:00`, { outcome }));
    const contact = family("2026-04-01 15:00");
    const found = evaluate([...attempts, contact], china);
    expect(triggers(found)).toEqual(violates ? [`THIRD_PARTY_CONTACT:${contact.id}`] : []);
    if (violates) expect(found[0]?.evidenceEventIds).toEqual([...attempts.slice(-3), contact].map((event) => event.id));
  });

  test("explains how many of the latest attempts failed", () => {
    const attempts = [at("2026-04-01 09:00"), at("2026-04-01 10:00", { outcome: "CONNECTED" }), at("2026-04-01 11:00")];
    const [violation] = evaluate([...attempts, family("2026-04-01 15:00")], china);
    expect(violation).toMatchObject({
      severity: "MEDIUM",
      explanation: {
        key: "rules.THIRD_PARTY_CONTACT.explanation",
        params: {
          time: "2026-04-01 15:00",
          failed: 2,
          considered: 3,
          required: 3,
          attempts: "2026-04-01 09:00, 2026-04-01 10:00, 2026-04-01 11:00",
          party: "FAMILY",
        },
      },
    });
  });

  test("contacting a third party before ever calling the debtor is a violation", () => {
    const contact = family("2026-04-01 15:00");
    const [violation] = evaluate([contact], china);
    expect(violation).toMatchObject({ evidenceEventIds: [contact.id], explanation: { key: "rules.THIRD_PARTY_CONTACT.noAttempts" } });
  });

  test("attempts by any agency, on any account of the debtor, count", () => {
    const attempts = [
      at("2026-04-01 09:00", { agencyId: 2 }),
      at("2026-04-01 10:00", { accountId: 2, agencyId: 3 }),
      at("2026-04-01 11:00", { outcome: "BUSY" }),
    ];
    expect(evaluate([...attempts, family("2026-04-01 15:00")], china, { accounts: [makeAccount(), makeAccount({ id: 2 })] })).toEqual([]);
  });

  test("an UNKNOWN-party call counts as an attempt on the debtor only when the number is on file", () => {
    const onFile = [9, 10, 11].map((hour) => at(`2026-04-01 ${hour}:00`, { contactParty: null }));
    expect(evaluate([...onFile, family("2026-04-01 15:00")], china)).toEqual([]);
    const offFile = [9, 10, 11].map((hour) => at(`2026-04-01 ${hour}:00`, { contactParty: "UNKNOWN", phoneNumber: "13700000000" }));
    expect(evaluate([...offFile, family("2026-04-01 15:00")], china)).toHaveLength(1);
  });

  test("every number on file reported invalid makes the debtor unreachable at once", () => {
    const accounts = [makeAccount({ phoneNumbers: ["13800000001", "13800000002"] })];
    const dead = [at("2026-04-01 09:00", { outcome: "NOT_IN_SERVICE" }), at("2026-04-01 09:05", { phoneNumber: "13800000002", outcome: "WRONG_NUMBER" })];
    expect(evaluate([...dead, family("2026-04-01 15:00")], china, { accounts })).toEqual([]);
    expect(evaluate([dead[0]!, family("2026-04-01 15:00")], china, { accounts })).toHaveLength(1);
  });
});

describe("who is a third party", () => {
  const reachable = () => [at("2026-04-01 09:00", { outcome: "CONNECTED" })];
  test.each([
    ["FAMILY", true, true],
    ["THIRD_PARTY", true, true],
    ["EMPLOYER", true, true],
    ["SPOUSE", true, false],
    ["DEBTOR", false, false],
    ["UNKNOWN", false, false],
    // §1006.6(a): the consumer includes these; §1006.6(d)(1)(ii): the consumer's attorney may be contacted.
    ["ATTORNEY", false, false],
    ["EXECUTOR", false, false],
    ["PARENT_GUARDIAN", false, false],
    ["CONFIRMED_SUCCESSOR", false, false],
  ] as const)("%s: violation in China %s, in the US %s", (party, inChina, inUs) => {
    const contact = at("2026-04-01 15:00", { contactParty: party, phoneNumber: "13900000009" });
    expect(evaluate([...reachable(), contact], china)).toHaveLength(inChina ? 1 : 0);
    expect(evaluate([...reachable(), contact], us)).toHaveLength(inUs ? 1 : 0);
  });

  test("third-party consent on the account allows the contact", () => {
    expect(evaluate([...reachable(), family("2026-04-01 15:00")], china, { accounts: [makeAccount({ thirdPartyConsent: true })] })).toEqual([]);
  });

  // The lender's placement-file consent is the lender's record, not consent given directly to the debt collector
  // (§1006.6(d)(2)(ii); comment 6(b)(4)(i)-2: consent given to the creditor or a prior debt collector is not direct).
  const consent = (time: string, overrides: Parameters<typeof at>[1] = {}) =>
    at(time, { type: "CONSENT", direction: "INBOUND", outcome: null, facts: { consentScope: "THIRD_PARTY_CONTACT" }, ...overrides });
  test.each<[string, ReturnType<typeof at>[], boolean, number]>([
    ["US: the placement file's consent alone", [], true, 1],
    ["US: consent given directly to the agency the day before", [consent("2026-03-31 10:00")], false, 0],
    ["US: consent given to another agency", [consent("2026-03-31 10:00", { agencyId: 2 })], false, 1],
    ["US: consent that ended before the contact", [consent("2026-03-20 10:00", { facts: { consentScope: "THIRD_PARTY_CONTACT", endsAt: "2026-03-25T00:00:00Z" } })], false, 1],
    ["US: consent revoked before the contact", [consent("2026-03-20 10:00"), at("2026-03-25 10:00", { type: "CONSENT_REVOKED", outcome: null, facts: { consentScope: "THIRD_PARTY_CONTACT" } })], false, 1],
    ["US: consent to an inconvenient time is not consent to third-party contact", [consent("2026-03-31 10:00", { facts: { consentScope: "INCONVENIENT_TIME" } })], false, 1],
  ])("§1006.6(d)(2)(ii): %s → %i", (_name, before, placementFlag, count) => {
    const found = evaluate([...before, ...reachable(), family("2026-04-01 15:00")], us, { accounts: [makeAccount({ thirdPartyConsent: placementFlag })] });
    expect(found).toHaveLength(count);
  });

  test.each([
    ["an inbound call from family", { direction: "INBOUND" as const }],
    ["a note about family", { type: "NOTE" as const }],
  ])("%s is not contact", (_name, overrides) => {
    const contact = at("2026-04-01 15:00", { contactParty: "FAMILY", ...overrides });
    expect(evaluate([...reachable(), contact], china)).toEqual([]);
  });

  test.each([["SMS"], ["VISIT"], ["LETTER"], ["EMAIL"]] as const)("a %s to family is contact", (type) => {
    const contact = at("2026-04-01 15:00", { contactParty: "FAMILY", type, outcome: null });
    expect(evaluate([...reachable(), contact], china)).toHaveLength(1);
  });
});

describe("China pack: third parties with the debtor's agreement given to the agency (\"unless agreed\"), as with the placement file's consent", () => {
  const unreachableNot = () => [at("2026-04-01 09:00", { outcome: "CONNECTED" })];
  const consent = (time: string, overrides: Partial<RuleEvent> = {}) =>
    at(time, { type: "CONSENT", direction: "INBOUND", outcome: null, phoneNumber: null, ...overrides, facts: { consentScope: "THIRD_PARTY_CONTACT", ...overrides.facts } });

  test.each<[string, () => RuleEvent[], boolean, boolean]>([
    ["no agreement", () => [], true, true],
    ["the debtor agreed", () => [consent("2026-04-01 10:00")], false, false],
    ["the debtor agreed, then took it back", () => [consent("2026-04-01 10:00"), at("2026-04-01 11:00", { type: "CONSENT_REVOKED", direction: "INBOUND", outcome: null, phoneNumber: null, facts: { consentScope: "THIRD_PARTY_CONTACT" } })], true, true],
    ["the agreement ended", () => [consent("2026-04-01 10:00", { facts: { endsAt: "2026-04-01T14:00:00+08:00" } })], true, true],
    ["the family member \"agreed\"", () => [consent("2026-04-01 10:00", { contactParty: "FAMILY" })], true, true],
    ["the agreement was to late calls", () => [consent("2026-04-01 10:00", { facts: { consentScope: "INCONVENIENT_TIME" } })], true, true],
  ])("a call to family while the debtor is reachable, after %s: violation in China %s, in the US %s", (_name, before, inChina, inUs) => {
    const contact = family("2026-04-01 15:00");
    const all = [...unreachableNot(), ...before(), contact];
    expect(triggers(evaluate(all, china))).toEqual(inChina ? [`THIRD_PARTY_CONTACT:${contact.id}`] : []);
    // The US pack reads the same consent given directly to the agency (12 CFR 1006.6(d)(2)(ii)).
    expect(triggers(evaluate(all, us))).toEqual(inUs ? [`THIRD_PARTY_CONTACT:${contact.id}`] : []);
  });

  test("the placement file's third_party_consent keeps its meaning in China", () => {
    expect(evaluate([...unreachableNot(), family("2026-04-01 15:00")], china, { accounts: [makeAccount({ thirdPartyConsent: true })] })).toEqual([]);
  });
});
