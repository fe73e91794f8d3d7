import { describe, expect, test } from "vitest";
import { chinaPack, usRegFPack } from "../rule-pack";
import { NEW_YORK, events, evaluate, makeAccount, onlyRule } from "../../../test/support/rule-fixtures";

const sms = events(undefined, { type: "SMS", outcome: "DELIVERED" });

describe("China: a contact number and a way to repay", () => {
  const pack = onlyRule(chinaPack, "SMS_REQUIRED_CONTENT");
  test.each([
    ["【某银行】您的账单已逾期，请通过支付宝或银行卡还款，咨询电话 400-800-1234", null],
    ["您的账单已逾期，请通过官方APP还款，客服 95555", null],
    ["请登录 https://pay.example.cn 还款，或致电 021-12345678", null],
    ["请尽快还款，联系 13800138000，还款方式：微信", null],
    ["您的账单已逾期，请尽快处理", "联系电话 (contact number); 还款方式 (way to repay)"],
    ["您的账单已逾期，请致电 4008001234", "还款方式 (way to repay)"],
    ["请通过支付宝还款", "联系电话 (contact number)"],
    ["请于2026年4月30日前还款 ¥1,000.00", "联系电话 (contact number); 还款方式 (way to repay)"],
  ])("%s → missing %s", (text, missing) => {
    const found = evaluate([sms("2026-04-01 10:00", { messageText: text })], pack);
    if (missing === null) expect(found).toEqual([]);
    else
      expect(found[0]).toMatchObject({
        severity: "LOW",
        explanation: { key: "rules.SMS_REQUIRED_CONTENT.explanation", params: { missing, time: "2026-04-01 10:00" } },
      });
  });
});

describe("US: an opt-out instruction", () => {
  const pack = onlyRule(usRegFPack, "SMS_REQUIRED_CONTENT");
  const accounts = [makeAccount({ timeZone: NEW_YORK })];
  const text = events(NEW_YORK, { type: "SMS", outcome: "DELIVERED" });
  test.each([
    ["Payment reminder from Acme. Reply STOP to opt out.", false],
    ["Payment reminder. Text STOP to end messages", false],
    ["Reminder: balance due. To opt-out, call us.", false],
    ["Reminder: balance due. Unsubscribe: acme.com/u", false],
    ["Reminder: your payment is due Friday.", true],
    ["Don't stop paying!", true],
  ])("%s → violation %s", (message, violates) => {
    const found = evaluate([text("2026-04-01 10:00", { messageText: message })], pack, { accounts });
    expect(found).toHaveLength(violates ? 1 : 0);
    if (violates) expect(found[0]).toMatchObject({ severity: "MEDIUM", explanation: { params: { missing: "opt-out instruction (e.g. Reply STOP)" } } });
  });

  test("a spouse counts as the debtor and gets the same requirement", () => {
    expect(evaluate([text("2026-04-01 10:00", { contactParty: "SPOUSE", messageText: "Call us." })], pack, { accounts })).toHaveLength(1);
  });
});

test.each([
  ["a message to family (a disclosure question, not this rule)", { contactParty: "FAMILY" as const }],
  ["an SMS recorded without text", { messageText: null }],
  ["an inbound SMS", { direction: "INBOUND" as const }],
  ["an email", { type: "EMAIL" as const }],
])("%s is not judged", (_name, overrides) => {
  const pack = onlyRule(chinaPack, "SMS_REQUIRED_CONTENT");
  expect(evaluate([sms("2026-04-01 10:00", { messageText: "请尽快处理", ...overrides })], pack)).toEqual([]);
});
