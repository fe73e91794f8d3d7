import { describe, expect, test } from "vitest";
import { en } from "~/i18n/messages.en";
import { RULE_CODES, chinaPack, usRegFPack } from "./rule-pack";
import { diffRulePackParameters, fieldsOf, formToParameters, validateRulePackForm } from "./rule-pack-form";
import { whatIfPeriod, whatIfPeriodSchema } from "./what-if-period";

/** The form a browser would submit for a pack, built from the same field table the editor renders. */
function formOf(pack: Record<string, Record<string, unknown>>): [string, string][] {
  const entries: [string, string][] = [];
  for (const code of RULE_CODES) {
    const rule = pack[code];
    if (!rule) continue;
    if (rule.enabled) entries.push([`${code}.enabled`, "on"]);
    entries.push([`${code}.severity`, String(rule.severity)]);
    for (const [key, kind] of fieldsOf(code)) {
      const value = rule[key];
      const name = `${code}.${key}`;
      if (kind.type === "boolean" && value) entries.push([name, "on"]);
      if (kind.type === "integer" || kind.type === "time" || kind.type === "choice") entries.push([name, String(value)]);
      if (kind.type === "checkboxes") {
        if (value === null) entries.push([`${name}.any`, "on"]);
        else for (const item of value as string[]) entries.push([name, item]);
      }
      if (kind.type === "lines") entries.push([name, (value as string[]).join("\n")]);
      if (kind.type === "smsRequirements") {
        (value as { label: string; patterns: string[] }[]).forEach((requirement, index) => {
          entries.push([`${name}.${index}.label`, requirement.label], [`${name}.${index}.patterns`, requirement.patterns.join("\r\n")]);
        });
        const extra = (value as unknown[]).length;
        entries.push([`${name}.${extra}.label`, ""], [`${name}.${extra}.patterns`, ""]);
      }
    }
  }
  return entries;
}

describe("formToParameters", () => {
  test.each([
    ["cn", chinaPack],
    ["us", usRegFPack],
  ])("the %s pack survives a round trip through the editor's fields", (_name, pack) => {
    const parameters = formToParameters(formOf(pack as never));
    expect(parameters).toEqual(JSON.parse(JSON.stringify(pack)));
    expect(validateRulePackForm(parameters).success).toBe(true);
  });

  test("Chinese lexicon terms, blank lines and surrounding spaces", () => {
    const entries = formOf(chinaPack as never).map(([name, value]): [string, string] =>
      name === "ABUSIVE_LANGUAGE.lexicon" ? [name, "  坐牢 \n\n老赖\r\nlawsuit today\n"] : [name, value],
    );
    expect(formToParameters(entries).ABUSIVE_LANGUAGE?.lexicon).toEqual(["坐牢", "老赖", "lawsuit today"]);
  });
});

function withField(name: string, value: string | null): [string, string][] {
  const entries = formOf(chinaPack as never).filter(([field]) => field !== name);
  return value === null ? entries : [...entries, [name, value]];
}

describe("validateRulePackForm files each problem under its field, with a message key", () => {
  test.each([
    ["DAILY_CONNECTED_CALLS.maxPerDay", "0", "DAILY_CONNECTED_CALLS.maxPerDay", { key: "rulePacks.validation.atLeast", params: { minimum: 1 } }],
    ["DAILY_CONNECTED_CALLS.maxPerDay", "abc", "DAILY_CONNECTED_CALLS.maxPerDay", { key: "rulePacks.validation.wholeNumber" }],
    ["DAILY_CONNECTED_CALLS.maxPerDay", "2.5", "DAILY_CONNECTED_CALLS.maxPerDay", { key: "rulePacks.validation.wholeNumber" }],
    ["DAILY_CONNECTED_CALLS.maxPerDay", "", "DAILY_CONNECTED_CALLS.maxPerDay", { key: "validation.required" }],
    ["CALL_FREQUENCY_7IN7.windowDays", "400", "CALL_FREQUENCY_7IN7.windowDays", { key: "rulePacks.validation.atMost", params: { maximum: 366 } }],
    ["CONTACT_HOURS.start", "8am", "CONTACT_HOURS.start", { key: "rulePacks.validation.time" }],
    ["CONTACT_HOURS.end", "08:00", "CONTACT_HOURS.end", { key: "rulePacks.validation.sameStartEnd" }],
    ["CONTACT_HOURS.start", "24:00", "CONTACT_HOURS.start", { key: "rulePacks.validation.startAtMidnight" }],
    ["ABUSIVE_LANGUAGE.lexicon", "坐牢\n老赖\n坐牢", "ABUSIVE_LANGUAGE.lexicon", { key: "rulePacks.validation.duplicates" }],
    ["ABUSIVE_LANGUAGE.lexicon", "坐牢\n*", "ABUSIVE_LANGUAGE.lexicon", { key: "rulePacks.validation.lexiconTerm", line: 2 }],
    ["ABUSIVE_LANGUAGE.lexicon", "", "ABUSIVE_LANGUAGE.lexicon", { key: "rulePacks.validation.listEmpty" }],
    ["CALL_FREQUENCY_7IN7.scope", "EVERYWHERE", "CALL_FREQUENCY_7IN7.scope", { key: "validation.invalidChoice" }],
    ["SMS_REQUIRED_CONTENT.requirements.0.patterns", "还款(", "SMS_REQUIRED_CONTENT.requirements.0.patterns", { key: "rulePacks.validation.regex", line: 1 }],
    ["SMS_REQUIRED_CONTENT.requirements.1.label", "", "SMS_REQUIRED_CONTENT.requirements.1.label", { key: "validation.required" }],
  ] as const)("%s = %j → %s", (name, value, field, expected) => {
    const result = validateRulePackForm(formToParameters(withField(name, value)));
    expect(result.success).toBe(false);
    if (!result.success) expect(result.errors[field]).toEqual(expected);
  });

  test("a rule's list without any box ticked, and the 'any' box of a nullable list", () => {
    const none = formToParameters(formOf(chinaPack as never).filter(([name]) => name !== "CONTACT_HOURS.activityTypes"));
    expect(none.CONTACT_HOURS?.activityTypes).toEqual([]);
    const result = validateRulePackForm(none);
    expect(!result.success && result.errors["CONTACT_HOURS.activityTypes"]).toEqual({ key: "rulePacks.validation.listEmpty" });
    const any = formToParameters([...formOf(chinaPack as never), ["DAILY_ATTEMPTS_PER_NUMBER.countedOutcomes.any", "on"], ["DAILY_ATTEMPTS_PER_NUMBER.countedOutcomes", "CONNECTED"]]);
    expect(any.DAILY_ATTEMPTS_PER_NUMBER?.countedOutcomes).toBeNull();
  });
});

describe("diffRulePackParameters", () => {
  test("threshold, lexicon and whole-rule changes; identical packs have none", () => {
    expect(diffRulePackParameters(chinaPack, chinaPack)).toEqual([]);
    const changed = {
      ...chinaPack,
      DAILY_CONNECTED_CALLS: { ...chinaPack.DAILY_CONNECTED_CALLS, maxPerDay: 2 },
      ABUSIVE_LANGUAGE: { ...chinaPack.ABUSIVE_LANGUAGE, lexicon: [...chinaPack.ABUSIVE_LANGUAGE.lexicon.filter((term) => term !== "老赖"), "欠债不还"] },
      CALL_RECORDING_MISSING: undefined,
    };
    delete changed.CALL_RECORDING_MISSING;
    expect(diffRulePackParameters(chinaPack, changed)).toEqual([
      { ruleCode: "DAILY_CONNECTED_CALLS", parameter: "maxPerDay", before: 3, after: 2 },
      { ruleCode: "ABUSIVE_LANGUAGE", parameter: "lexicon", before: chinaPack.ABUSIVE_LANGUAGE.lexicon, after: changed.ABUSIVE_LANGUAGE.lexicon, added: ["欠债不还"], removed: ["老赖"] },
      { ruleCode: "CALL_RECORDING_MISSING", parameter: null, before: chinaPack.CALL_RECORDING_MISSING, after: null },
    ]);
  });

  test("the cn and us packs differ in their contact hours end", () => {
    expect(diffRulePackParameters(chinaPack, usRegFPack)).toContainEqual({ ruleCode: "CONTACT_HOURS", parameter: "end", before: "22:00", after: "21:00" });
  });
});

describe("what-if period", () => {
  test.each([
    [{ from: "2026-04-01", to: "2026-04-30" }, true],
    [{ from: "2026-04-30", to: "2026-04-01" }, "rulePacks.validation.periodOrder"],
    [{ from: "2026-02-30", to: "2026-03-01" }, "validation.date"],
    [{ from: "2025-01-01", to: "2026-04-01" }, "rulePacks.validation.periodTooLong"],
    [{ from: "", to: "2026-04-01" }, "validation.date"],
  ])("%j → %s", (period, expected) => {
    const result = whatIfPeriodSchema.safeParse(period);
    expect(result.success ? true : result.error.issues[0]?.message).toBe(expected);
  });

  test("a day covers every instant that is that day somewhere", () => {
    const { from, to } = whatIfPeriod.toInstants({ from: "2026-04-14", to: "2026-04-14" });
    expect(from.toISOString()).toBe("2026-04-13T10:00:00.000Z");
    expect(to.toISOString()).toBe("2026-04-15T11:59:59.999Z");
    expect(whatIfPeriod.defaultPeriod(new Date("2026-05-30T12:00:00Z"))).toEqual({ from: "2026-05-01", to: "2026-05-30" });
  });
});

// A new rule's parameters are labelled through keys built at run time (tEnum), which the compiler cannot check.
test.each([...RULE_CODES])("every editor field of %s has a label in the dictionary", (code) => {
  for (const [key] of fieldsOf(code)) expect(Object.keys(en), `${code}.${key}`).toContain(`rulePacks.param.${key}`);
});
