import { describe, expect, test } from "vitest";
import {
  RULE_CODES,
  RulePackError,
  chinaPack,
  defaultRulePacks,
  parseRulePackParameters,
  ruleParametersSchemas,
  safeParseRulePackParameters,
  usRegFPack,
  type RuleCode,
} from "./rule-pack";

describe("default packs", () => {
  test.each([["cn"], ["us"]] as const)("%s parses as its own JSON and holds every rule", (code) => {
    const pack = defaultRulePacks[code];
    expect(parseRulePackParameters(JSON.stringify(pack))).toEqual(pack);
    expect(Object.keys(pack).sort()).toEqual([...RULE_CODES].sort());
  });

  test("are frozen so a caller cannot change the shipped defaults", () => {
    expect(Object.isFrozen(chinaPack)).toBe(true);
    expect(Object.isFrozen(chinaPack.ABUSIVE_LANGUAGE.lexicon)).toBe(true);
  });

  // The issue's table, column by column.
  test.each<[RuleCode, boolean, boolean]>([
    ["CONTACT_HOURS", true, true],
    ["DAILY_CONNECTED_CALLS", true, false],
    ["DAILY_ATTEMPTS_PER_NUMBER", true, false],
    ["CALL_FREQUENCY_7IN7", false, true],
    ["CALL_AFTER_CONVERSATION", false, true],
    ["THIRD_PARTY_CONTACT", true, true],
    ["THIRD_PARTY_DISCLOSURE", true, true],
    ["WRONG_PARTY_REPEAT", true, true],
    ["ABUSIVE_LANGUAGE", true, true],
    ["CONTACT_AFTER_CEASE", true, true],
    ["CONTACT_DURING_DISPUTE", false, true],
    ["CONTACT_AFTER_RECALL", true, true],
    ["VISIT_RULES", true, false],
    ["CALL_RECORDING_MISSING", true, false],
    ["SMS_REQUIRED_CONTENT", true, true],
  ])("%s: China %s, US %s", (code, china, us) => {
    expect(chinaPack[code].enabled).toBe(china);
    expect(usRegFPack[code].enabled).toBe(us);
  });

  test("thresholds and severities from the issue", () => {
    expect([chinaPack.CONTACT_HOURS.start, chinaPack.CONTACT_HOURS.end]).toEqual(["08:00", "22:00"]);
    expect([usRegFPack.CONTACT_HOURS.start, usRegFPack.CONTACT_HOURS.end]).toEqual(["08:00", "21:00"]);
    expect(chinaPack.DAILY_CONNECTED_CALLS.maxPerDay).toBe(3);
    expect(chinaPack.DAILY_ATTEMPTS_PER_NUMBER.maxPerDay).toBe(6);
    expect(chinaPack.DAILY_ATTEMPTS_PER_NUMBER.countedOutcomes).toBeNull();
    expect(usRegFPack.CALL_FREQUENCY_7IN7).toMatchObject({ maxCalls: 7, windowDays: 7, countedOutcomes: ["CONNECTED", "NO_ANSWER", "VOICEMAIL"] });
    expect(usRegFPack.CALL_AFTER_CONVERSATION.quietDays).toBe(7);
    expect(chinaPack.VISIT_RULES).toMatchObject({ minVisitors: 2, recordingRequired: true });
    expect(usRegFPack.THIRD_PARTY_CONTACT.spouseCountsAsDebtor).toBe(true);
    expect(chinaPack.THIRD_PARTY_CONTACT.spouseCountsAsDebtor).toBe(false);
    expect(usRegFPack.THIRD_PARTY_DISCLOSURE.spouseCountsAsDebtor).toBe(true);
    expect([chinaPack.THIRD_PARTY_DISCLOSURE.severity, usRegFPack.THIRD_PARTY_DISCLOSURE.severity]).toEqual(["HIGH", "HIGH"]);
    expect([chinaPack.ABUSIVE_LANGUAGE.severity, usRegFPack.ABUSIVE_LANGUAGE.severity]).toEqual(["HIGH", "HIGH"]);
    expect(chinaPack.CALL_RECORDING_MISSING.severity).toBe("LOW");
    expect([chinaPack.SMS_REQUIRED_CONTENT.severity, usRegFPack.SMS_REQUIRED_CONTENT.severity]).toEqual(["LOW", "MEDIUM"]);
    expect(chinaPack.ABUSIVE_LANGUAGE.lexicon).toEqual(expect.arrayContaining(["坐牢", "拘留", "公安", "通缉", "爆通讯录", "老赖", "骗子"]));
    expect(usRegFPack.ABUSIVE_LANGUAGE.lexicon).toEqual(expect.arrayContaining(["arrest*", "jail", "police", "sue you today"]));
    expect(chinaPack.THIRD_PARTY_DISCLOSURE.lexicon).toEqual(expect.arrayContaining(["欠款", "逾期", "还款", "催收", "debt*", "owe", "collection*"]));
  });
});

describe("parsing", () => {
  test("a rule left out of a pack is off, not an error", () => {
    expect(parseRulePackParameters({ CONTACT_HOURS: chinaPack.CONTACT_HOURS })).toEqual({ CONTACT_HOURS: chinaPack.CONTACT_HOURS });
    expect(parseRulePackParameters("{}")).toEqual({});
  });

  const withRule = (code: RuleCode, patch: Record<string, unknown>) => ({ ...chinaPack, [code]: { ...chinaPack[code], ...patch } });

  test.each<[string, unknown, string]>([
    ["unknown rule", { ...chinaPack, CONTACT_TIMES: {} }, ""],
    ["unknown parameter", withRule("CONTACT_HOURS", { startAt: "08:00" }), "CONTACT_HOURS"],
    ["bad time", withRule("CONTACT_HOURS", { end: "22:60" }), "CONTACT_HOURS.end"],
    ["empty window", withRule("CONTACT_HOURS", { end: "08:00" }), "CONTACT_HOURS.end"],
    ["start at 24:00", withRule("CONTACT_HOURS", { start: "24:00", end: "08:00" }), "CONTACT_HOURS.start"],
    ["zero limit", withRule("DAILY_CONNECTED_CALLS", { maxPerDay: 0 }), "DAILY_CONNECTED_CALLS.maxPerDay"],
    ["fractional limit", withRule("CALL_FREQUENCY_7IN7", { maxCalls: 7.5 }), "CALL_FREQUENCY_7IN7.maxCalls"],
    ["unknown outcome", withRule("CALL_FREQUENCY_7IN7", { countedOutcomes: ["RINGING"] }), "CALL_FREQUENCY_7IN7.countedOutcomes.0"],
    ["duplicate outcome", withRule("CALL_FREQUENCY_7IN7", { countedOutcomes: ["BUSY", "BUSY"] }), "CALL_FREQUENCY_7IN7.countedOutcomes"],
    ["unknown scope", withRule("CALL_FREQUENCY_7IN7", { scope: "CUSTOMER" }), "CALL_FREQUENCY_7IN7.scope"],
    ["unknown severity", withRule("ABUSIVE_LANGUAGE", { severity: "CRITICAL" }), "ABUSIVE_LANGUAGE.severity"],
    ["empty lexicon", withRule("ABUSIVE_LANGUAGE", { lexicon: [] }), "ABUSIVE_LANGUAGE.lexicon"],
    ["blank term", withRule("ABUSIVE_LANGUAGE", { lexicon: ["  "] }), "ABUSIVE_LANGUAGE.lexicon.0"],
    ["inner wildcard", withRule("ABUSIVE_LANGUAGE", { lexicon: ["ar*rest"] }), "ABUSIVE_LANGUAGE.lexicon.0"],
    ["bare wildcard", withRule("ABUSIVE_LANGUAGE", { lexicon: ["*"] }), "ABUSIVE_LANGUAGE.lexicon.0"],
    ["bad regex", withRule("SMS_REQUIRED_CONTENT", { requirements: [{ label: "x", patterns: ["(unclosed"] }] }), "SMS_REQUIRED_CONTENT.requirements.0.patterns.0"],
    ["a dispute form flag that is no boolean", withRule("CONTACT_DURING_DISPUTE", { oralDisputesStop: "no" }), "CONTACT_DURING_DISPUTE.oralDisputesStop"],
    ["missing enabled", { VISIT_RULES: { severity: "LOW", minVisitors: 2, recordingRequired: true } }, "VISIT_RULES.enabled"],
  ])("rejects %s", (_name, value, path) => {
    const result = safeParseRulePackParameters(value);
    expect(result.success).toBe(false);
    if (!result.success) expect(result.issues.map((issue) => issue.path)).toContain(path);
    expect(() => parseRulePackParameters(value)).toThrow(RulePackError);
  });

  test("invalid JSON text is an issue, not a crash", () => {
    expect(safeParseRulePackParameters("{not json")).toMatchObject({ success: false, issues: [{ path: "" }] });
  });

  test("the error lists every issue with its path", () => {
    const error = (() => {
      try {
        parseRulePackParameters({ VISIT_RULES: { ...chinaPack.VISIT_RULES, minVisitors: 0, severity: "NONE" } });
      } catch (caught) {
        return caught as RulePackError;
      }
      throw new Error("expected a RulePackError");
    })();
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(["VISIT_RULES.minVisitors", "VISIT_RULES.severity"]);
    expect(error.message).toContain("VISIT_RULES.minVisitors");
  });

  test("every rule has a schema", () => {
    expect(Object.keys(ruleParametersSchemas).sort()).toEqual([...RULE_CODES].sort());
  });

  test("a wrapping contact window (night shift abroad) is valid", () => {
    expect(() => parseRulePackParameters({ CONTACT_HOURS: { ...chinaPack.CONTACT_HOURS, start: "20:00", end: "02:00" } })).not.toThrow();
  });
});
