import { expect, test } from "vitest";
import { createI18n } from "~/i18n/i18n-context";
import type { Locale } from "~/i18n/locales";
import { explanationFormatFor, renderViolationExplanation, ruleName } from "./render-explanation";

const render = (locale: Locale, key: string, params: Record<string, string | number>) => {
  const i18n = createI18n(locale);
  return renderViolationExplanation({ key, params }, i18n.t, explanationFormatFor(locale));
};

test.each<[Locale, string, Record<string, string | number>, string]>([
  [
    "en",
    "rules.CALL_FREQUENCY_7IN7.explanation",
    { count: 3, max: 2, days: 7, times: "2026-04-01 09:10, 2026-04-03 10:05, 2026-04-07 18:30", state: "MA", stateRule: "209 CMR 18.16(1)(d)" },
    "Call no. 3 on this account within 7 consecutive days is over the limit of 2: Apr 1, 09:10; Apr 3, 10:05; Apr 7, 18:30. Stricter state rule: Massachusetts, 209 CMR 18.16(1)(d).",
  ],
  [
    "zh-CN",
    "rules.CALL_FREQUENCY_7IN7.explanation",
    { count: 3, max: 2, days: 7, times: "2026-04-01 09:10, 2026-04-03 10:05, 2026-04-07 18:30", state: "MA", stateRule: "209 CMR 18.16(1)(d)" },
    "该账户连续 7 天内的第 3 通电话超过 2 通上限：4月1日 09:10、4月3日 10:05、4月7日 18:30。适用更严格的州规则：马萨诸塞州，209 CMR 18.16(1)(d)。",
  ],
  [
    "en",
    "rules.CALL_FREQUENCY_7IN7.explanation",
    { count: 8, max: 7, days: 7, times: "2026-04-01 09:10, 2026-04-02 10:05, …, 2026-04-07 18:30" },
    "Call no. 8 on this account within 7 consecutive days is over the limit of 7: Apr 1, 09:10; Apr 2, 10:05; …; Apr 7, 18:30.",
  ],
  [
    "zh-CN",
    "rules.CALL_FREQUENCY_7IN7.explanation",
    { count: 8, max: 7, days: 7, times: "2026-04-01 09:10, 2026-04-02 10:05" },
    "该账户连续 7 天内的第 8 通电话超过 7 通上限：4月1日 09:10、4月2日 10:05。",
  ],
  [
    "en",
    "rules.CONTACT_HOURS.explanation",
    { time: "2026-04-01 21:30", timeZone: "Asia/Shanghai", start: "08:00", end: "21:00" },
    "Contact at Apr 1, 2026, 21:30 (Asia/Shanghai) is outside the allowed hours 08:00–21:00.",
  ],
  [
    "zh-CN",
    "rules.CONTACT_HOURS.explanation",
    { time: "2026-04-01 21:30", timeZone: "Asia/Shanghai", start: "08:00", end: "21:00" },
    "2026年4月1日 21:30（Asia/Shanghai）的联系不在允许时段 08:00–21:00 内。",
  ],
  ["en", "rules.CONTACT_AFTER_RECALL.explanation", { time: "2026-04-11 08:00", recalledOn: "2026-04-10" }, "Activity at Apr 11, 2026, 08:00 after the placement was recalled on Apr 10, 2026."],
  [
    "en",
    "rules.CONTACT_AFTER_RECALL.paidInFull",
    { balance: "1000.30 CNY", paidAt: "2026-04-06 10:00", time: "2026-04-06 15:00" },
    "Activity at Apr 6, 2026, 15:00 after the placed balance of CN¥1,000.30 was paid in full at Apr 6, 2026, 10:00.",
  ],
  ["zh-CN", "rules.CONTACT_AFTER_RECALL.paidInFull", { balance: "1000.30 CNY", paidAt: "2026-04-06 10:00", time: "2026-04-06 15:00" }, "委案金额 ¥1,000.30 已于 2026年4月6日 10:00 全部还清，2026年4月6日 15:00 仍有催收活动。"],
  // Masked phones and quoted terms pass through untouched.
  [
    "en",
    "rules.DAILY_ATTEMPTS_PER_NUMBER.explanation",
    { count: 4, max: 3, phone: "139****0009", date: "2026-04-01", times: "2026-04-01 09:00, 2026-04-01 10:00" },
    "Call attempt no. 4 to 139****0009 on Apr 1, 2026 is over the daily limit of 3: Apr 1, 09:00; Apr 1, 10:00.",
  ],
  ["zh-CN", "rules.ABUSIVE_LANGUAGE.explanation", { time: "2026-04-01 10:00", terms: "“坐牢”", count: 1, term: "坐牢" }, "2026年4月1日 10:00 的消息含有威胁、侮辱或虚假法律后果的用语：“坐牢”。"],
  // Who was called is stored as the party's message key and read in the reader's language.
  [
    "en",
    "rules.CALL_AFTER_CONVERSATION.person",
    { time: "2026-08-17 10:00", party: "contactParty.SPOUSE", phone: "212****0102", conversationTime: "2026-08-14 10:00", days: 7 },
    "Call at Aug 17, 2026, 10:00 by this agency to the person recorded as Spouse at 212****0102 falls within 7 days of this agency's telephone conversation with that person at Aug 14, 2026, 10:00: a conversation starts the window of the person spoken with (12 CFR 1006.14(b)(2)(i)(B)).",
  ],
  [
    "zh-CN",
    "rules.CALL_AFTER_CONVERSATION.person",
    { time: "2026-08-17 10:00", party: "contactParty.SPOUSE", phone: "212****0102", conversationTime: "2026-08-14 10:00", days: 7 },
    "本机构 2026年8月17日 10:00 呼叫 212****0102 上记录为配偶的人，距本机构 2026年8月14日 10:00 与此人的通话不足 7 天：通话开启的是通话对象本人的静默期（12 CFR 1006.14(b)(2)(i)(B)）。",
  ],
  // Large counts are grouped in the reader's locale.
  ["en", "rules.CALL_FREQUENCY_7IN7.explanation", { count: 1500, max: 7, days: 7, times: "" }, "Call no. 1,500 on this account within 7 consecutive days is over the limit of 7: ."],
  ["en", "rules.GONE.explanation", { time: "2026-04-01 10:00" }, "Finding of rule “rules.GONE.explanation”, which this version no longer knows."],
  ["zh-CN", "not-a-rule-key", {}, "规则“not-a-rule-key”的违规记录（当前版本已无此规则）。"],
])("%s %s", (locale, key, params, expected) => {
  expect(render(locale, key, params)).toBe(expected);
});

test("a missing explanation still renders a sentence", () => {
  const i18n = createI18n("en");
  expect(renderViolationExplanation(null, i18n.t, explanationFormatFor("en"))).toContain("no longer knows");
});

test.each<[Locale, string, string]>([
  ["en", "CALL_FREQUENCY_7IN7", "7 calls in 7 days"],
  ["zh-CN", "CALL_FREQUENCY_7IN7", "7 天 7 次呼叫上限"],
  ["en", "UNKNOWN_RULE", "UNKNOWN_RULE"],
])("rule name %s %s", (locale, code, expected) => {
  expect(ruleName(code, createI18n(locale).t)).toBe(expected);
});
