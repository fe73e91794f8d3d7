import { expect, test } from "vitest";
import { chinaPack, usRegFPack } from "../rule-pack";
import { events, evaluate, onlyRule } from "../../../test/support/rule-fixtures";

const china = onlyRule(chinaPack, "ABUSIVE_LANGUAGE");
const us = onlyRule(usRegFPack, "ABUSIVE_LANGUAGE");
const sms = events(undefined, { type: "SMS", outcome: "DELIVERED" });

test.each([
  ["再不还钱就让你坐牢", "“坐牢”", 1],
  ["你这个老赖，我们要爆通讯录，公安已经立案", "“老赖”, “爆通讯录”, “公安”", 3],
  ["明天派人上门拘留你", "“拘留”", 1],
  ["你已被通缉", "“通缉”", 1],
  ["骗子！", "“骗子”", 1],
  ["We will have you ARRESTED", "“ARRESTED”", 1],
  ["Pay now or go to jail. The police are informed.", "“jail”, “police”", 2],
  ["We will sue you today", "“sue you today”", 1],
])("%s cites %s", (text, terms, count) => {
  const message = sms("2026-04-01 10:00", { messageText: text });
  const [violation] = evaluate([message], china);
  expect(violation).toMatchObject({
    ruleCode: "ABUSIVE_LANGUAGE",
    severity: "HIGH",
    evidenceEventIds: [message.id],
    explanation: { key: "rules.ABUSIVE_LANGUAGE.explanation", params: { terms, count, time: "2026-04-01 10:00" } },
  });
});

test.each([
  ["a polite reminder", "您好，请于本月底前还款，如有疑问请致电4008001234"],
  ["a word containing a term", "Our policy changed"],
  ["an unrelated word", "Jailbreak your phone"],
])("%s is not abusive", (_name, text) => {
  expect(evaluate([sms("2026-04-01 10:00", { messageText: text })], china)).toEqual([]);
});

test.each([
  ["call notes", { type: "CALL" as const, outcome: "CONNECTED" as const }, 1],
  ["a visit report", { type: "VISIT" as const, outcome: null }, 1],
  ["a letter", { type: "LETTER" as const, outcome: null }, 1],
  ["the debtor's own inbound text", { direction: "INBOUND" as const }, 0],
  ["an internal note quoting the debtor", { type: "NOTE" as const, outcome: null }, 0],
])("%s are judged: %s", (_name, overrides, expected) => {
  expect(evaluate([sms("2026-04-01 10:00", { messageText: "你就等着坐牢吧", ...overrides })], china)).toHaveLength(expected);
});

test("the US pack reads the same bilingual lexicon", () => {
  expect(evaluate([sms("2026-04-01 10:00", { messageText: "不还就抓你去坐牢" })], us)).toHaveLength(1);
});
