import { describe, expect, test } from "vitest";
import { evaluateRules } from "./evaluate";
import { chinaPack, ruleParametersSchemas, usRegFPack } from "./rule-pack";
import { STATE_REVIEWS, STATE_RULES, stateRuleParameters, stateRulesFor } from "./state-overlays";
import type { RuleAccount, RuleEvent } from "./types";
import { isUsStateCode } from "./us-states";
import { NEW_YORK, events, makeAccount, onlyRule, triggerIds } from "../../test/support/rule-fixtures";

const usPack = onlyRule(usRegFPack, "CALL_FREQUENCY_7IN7");
const call = events(NEW_YORK, { outcome: "VOICEMAIL" });

function judge(calls: readonly RuleEvent[], accounts: readonly RuleAccount[], options: { code?: string; parameters?: typeof usPack } = {}) {
  return evaluateRules({
    events: calls,
    accounts,
    pack: { id: 7, code: options.code ?? "us", version: 1, parameters: options.parameters ?? usPack },
  });
}

const massachusetts = makeAccount({ timeZone: NEW_YORK, state: "MA" });

describe("Massachusetts 209 CMR 18.16(1)(d): more than two telephone communications initiated by the debt collector in each seven-day period, for each debt", () => {
  test("the third call of one agency within 7 days is a violation naming the state rule", () => {
    const calls = [call("2026-04-01 10:00", { outcome: "CONNECTED" }), call("2026-04-03 10:00"), call("2026-04-07 10:00")];
    const found = judge(calls, [massachusetts]);
    expect(triggerIds(found)).toEqual([calls[2]!.id]);
    expect(found[0]).toMatchObject({
      ruleCode: "CALL_FREQUENCY_7IN7",
      rulePackId: 7,
      evidenceEventIds: calls.map((c) => c.id),
      explanation: { key: "rules.CALL_FREQUENCY_7IN7.communications", params: { count: 3, max: 2, days: 7, state: "MA", stateRule: "209 CMR 18.16(1)(d)" } },
    });
  });

  test("Watkins v. Glenn Associates (Mass. Super. Ct. 2016): a conversation on Dec 17, two voicemails on Dec 22 and two on Dec 23 — the 3rd, 4th and 5th calls exceed two in seven days", () => {
    const calls = [
      call("2026-12-17 11:00", { outcome: "CONNECTED" }),
      call("2026-12-22 10:00"),
      call("2026-12-22 16:00"),
      call("2026-12-23 10:00"),
      call("2026-12-23 16:00"),
    ];
    expect(triggerIds(judge(calls, [massachusetts]))).toEqual([calls[2]!.id, calls[3]!.id, calls[4]!.id]);
  });

  test.each([
    ["days 1, 2 and 8: the first call has left the 7-day window", ["2026-04-01 10:00", "2026-04-02 10:00", "2026-04-08 10:00"], []],
    ["two calls in 7 days is the limit, not over it", ["2026-04-01 10:00", "2026-04-07 20:00"], []],
    ["three calls on one day", ["2026-04-01 09:00", "2026-04-01 12:00", "2026-04-01 15:00"], [2]],
  ] as const)("%s", (_name, times, violating) => {
    const calls = times.map((time) => call(time));
    expect(triggerIds(judge(calls, [massachusetts]))).toEqual(violating.map((index) => calls[index]!.id));
  });

  test("rings no one answered and no voicemail took are not communications (AG guidance to 940 CMR 7.04; Armata v. Target, SJC 2018)", () => {
    const calls = [call("2026-04-01 10:00"), call("2026-04-02 10:00", { outcome: "NO_ANSWER" }), call("2026-04-03 10:00", { outcome: "NO_ANSWER" })];
    expect(judge(calls, [massachusetts])).toEqual([]);
    calls.push(call("2026-04-04 10:00"), call("2026-04-05 10:00"));
    expect(triggerIds(judge(calls, [massachusetts]))).toEqual([calls[4]!.id]);
  });

  test("the limit binds each debt collector: two agencies with two calls each on one debt are both within it", () => {
    const calls = [call("2026-04-01 10:00"), call("2026-04-02 10:00"), call("2026-04-03 10:00", { agencyId: 2 }), call("2026-04-04 10:00", { agencyId: 2 })];
    expect(judge(calls, [massachusetts])).toEqual([]);
  });

  test("for each debt: two debts of one Massachusetts debtor have two calls each", () => {
    const second = makeAccount({ id: 2, timeZone: NEW_YORK, state: "MA" });
    const calls = [call("2026-04-01 10:00"), call("2026-04-02 10:00"), call("2026-04-03 10:00", { accountId: 2 }), call("2026-04-04 10:00", { accountId: 2 })];
    expect(judge(calls, [massachusetts, second])).toEqual([]);
  });

  test("a debtor with accounts in two states: only the Massachusetts account's calls are held to two", () => {
    const newYork = makeAccount({ id: 2, timeZone: NEW_YORK, state: "NY" });
    const calls = ["2026-04-01 10:00", "2026-04-02 10:00", "2026-04-03 10:00"].flatMap((time, index) => [
      call(time),
      call(time.replace("10:00", `1${index + 1}:30`), { accountId: 2 }),
    ]);
    const found = judge(calls, [massachusetts, newYork]);
    expect(triggerIds(found)).toEqual([calls[4]!.id]);
    expect(found[0]!.accountId).toBe(1);
  });

  test("the 8th call in 7 days breaks both limits and is reported once, as the federal §1006.14(b)(2)(i)(A) violation", () => {
    const calls = [1, 2, 3, 4, 5, 6, 7].map((day) => call(`2026-04-0${day} 10:00`));
    calls.push(call("2026-04-07 15:00"));
    const found = judge(calls, [massachusetts]);
    expect(triggerIds(found)).toEqual(calls.slice(2).map((c) => c.id));
    const eighth = found.find((violation) => violation.triggerEventId === calls[7]!.id)!;
    expect(eighth.explanation.params).toMatchObject({ count: 8, max: 7 });
    expect(eighth.explanation.params).not.toHaveProperty("stateRule");
    expect(found.filter((violation) => violation.triggerEventId === calls[6]!.id)[0]!.explanation.params).toMatchObject({ stateRule: "209 CMR 18.16(1)(d)" });
  });

  test.each([
    ["no state on the account", makeAccount({ timeZone: NEW_YORK }), "us", usPack],
    ["a state without encoded rules (NY)", makeAccount({ timeZone: NEW_YORK, state: "NY" }), "us", usPack],
    ["a China-family pack: state law overlays the US pack only", massachusetts, "cn", onlyRule(chinaPack, "CALL_FREQUENCY_7IN7")],
    ["the lender turned the federal rule off", massachusetts, "us", { ...usPack, CALL_FREQUENCY_7IN7: { ...usRegFPack.CALL_FREQUENCY_7IN7, enabled: false } }],
  ] as const)("three calls in 7 days with %s: no state rule applies", (_name, account, code, parameters) => {
    const calls = [call("2026-04-01 10:00"), call("2026-04-02 10:00"), call("2026-04-03 10:00")];
    expect(judge(calls, [account], { code, parameters })).toEqual([]);
  });
});

describe('Massachusetts 209 CMR 18.16(1)(d): "communication via telephone or via text messaging", and "two such communications in each 30-day period other than at a consumer\'s residence, or cellular telephone"', () => {
  const text = (time: string, overrides: Parameters<typeof call>[1] = {}) => call(time, { type: "SMS", outcome: "DELIVERED", messageText: "Please call us about your account.", ...overrides });
  const atWork = { facts: { place: "WORK" } } as const;

  test("texts count with calls: a voicemail and two texts in 7 days — the second text is the third communication", () => {
    const contacts = [call("2026-04-01 10:00"), text("2026-04-02 10:00"), text("2026-04-04 10:00")];
    const found = judge(contacts, [massachusetts]);
    expect(triggerIds(found)).toEqual([contacts[2]!.id]);
    expect(found[0]!.explanation).toMatchObject({ key: "rules.CALL_FREQUENCY_7IN7.communications", params: { count: 3, max: 2, stateRule: "209 CMR 18.16(1)(d)" } });
  });

  test("a text that FAILED was no communication", () => {
    const contacts = [call("2026-04-01 10:00"), text("2026-04-02 10:00", { outcome: "FAILED" }), text("2026-04-04 10:00")];
    expect(judge(contacts, [massachusetts])).toEqual([]);
  });

  test("the federal rule counts telephone calls only (1006.14(b)(2)): eight texts in a week outside Massachusetts are no call-frequency finding", () => {
    const texts = [1, 2, 3, 4, 5, 6, 7].map((day) => text(`2026-04-0${day} 10:00`));
    texts.push(text("2026-04-07 15:00"));
    expect(judge(texts, [makeAccount({ timeZone: NEW_YORK, state: "NY" })])).toEqual([]);
  });

  test.each([
    ["a third contact at work within 30 days (days 1, 12, 29) is a violation of the 30-day figure", ["2026-04-01 10:00", "2026-04-12 10:00", "2026-04-29 10:00"], [2]],
    ["two at work in 30 days is the limit", ["2026-04-01 10:00", "2026-04-29 10:00"], []],
    ["days 1, 20 and 31: the first has left the 30-day window", ["2026-04-01 10:00", "2026-04-20 10:00", "2026-05-01 10:00"], []],
  ] as const)("%s", (_name, times, violating) => {
    const contacts = times.map((time) => call(time, atWork));
    const found = judge(contacts, [massachusetts]);
    expect(triggerIds(found)).toEqual(violating.map((index) => contacts[index]!.id));
    for (const violation of found) expect(violation.explanation.params).toMatchObject({ days: 30, max: 2, stateRule: "209 CMR 18.16(1)(d) (other than residence or mobile)" });
  });

  test("contacts at work and at home are counted apart: two of each in one week break neither figure", () => {
    const contacts = [call("2026-04-01 10:00"), call("2026-04-02 10:00"), call("2026-04-03 10:00", atWork), text("2026-04-04 10:00", atWork)];
    expect(judge(contacts, [massachusetts])).toEqual([]);
  });
});

describe("the registry", () => {
  test.each(STATE_RULES.map((rule) => [rule.id, rule] as const))("%s runs with valid parameters over the default US pack, and cites its text", (_id, rule) => {
    const parameters = stateRuleParameters(rule, usRegFPack);
    expect(parameters).not.toBeNull();
    expect(ruleParametersSchemas[rule.ruleCode].safeParse(parameters).success).toBe(true);
    expect(isUsStateCode(rule.state)).toBe(true);
    expect(rule.citation.trim()).not.toBe("");
    expect(rule.source).toMatch(/^https:\/\//);
    expect(stateRulesFor("us", rule.state)).toContain(rule);
    expect(stateRulesFor("cn", rule.state)).toEqual([]);
  });

  test("ids are unique, and every reviewed state names a known state and its source", () => {
    expect(new Set(STATE_RULES.map((rule) => rule.id)).size).toBe(STATE_RULES.length);
    for (const review of STATE_REVIEWS) {
      expect(isUsStateCode(review.state)).toBe(true);
      expect(review.source).toMatch(/^https:\/\//);
    }
  });
});
