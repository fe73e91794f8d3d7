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

describe("US: every text and email states a reasonable and simple opt-out (12 CFR 1006.6(e))", () => {
  const pack = onlyRule(usRegFPack, "SMS_REQUIRED_CONTENT");
  const accounts = [makeAccount({ timeZone: NEW_YORK })];
  const text = events(NEW_YORK, { type: "SMS", outcome: "DELIVERED" });
  const OK = null;
  const MISSING = "missing";
  const FEE = "the opt-out charges a fee";
  const DETAILS = "the opt-out asks for more than the consumer's contact details";
  test.each([
    // Qualifies: replying with a keyword, or a link to follow.
    ["Payment reminder from Acme. Reply STOP to opt out.", OK],
    ["Payment reminder. Text STOP to end messages", OK],
    ["Acme Collections: your balance is past due. Reply STOP to stop texts.", OK],
    ["Reminder: balance due. Unsubscribe: acme.com/u", OK],
    ["Reminder: balance due. To opt out of emails, visit https://acme.example/optout", OK],
    ["Reminder: balance due. www.acme.example/stop to unsubscribe", OK],
    ["To stop receiving these emails, reply with the word STOP.", OK],
    // Not reasonable and simple: calling, writing, a website without a link, or no method at all.
    ["Reminder: balance due. To opt-out, call us.", MISSING],
    ["Reminder: balance due. To opt out, write to us at PO Box 1, Springfield.", MISSING],
    ["Reminder: balance due. To opt out, visit our website.", MISSING],
    ["Reminder: balance due. You may unsubscribe at any time.", MISSING],
    ["Reminder: your payment is due Friday.", MISSING],
    ["Don't stop paying!", MISSING],
    // A method that charges a fee, or asks for more than contact details.
    ["Reminder: balance due. Reply STOP to opt out; a $2 fee applies to opt out.", FEE],
    ["Reminder: balance due. To opt out reply STOP with your account number and date of birth.", DETAILS],
    ["Reminder: balance due. Reply STOP to opt out at no cost.", OK],
    ["Reminder: balance due. Reply STOP to opt out, free of charge.", OK],
    ["Reminder: your $300 balance is due. Reply STOP to opt out of texts about your $300 balance", OK],
    // Chinese messages to a US consumer.
    ["【Acme】您的账单已逾期，回复TD退订", OK],
    ["您的账单已逾期。退订请回复STOP", OK],
    ["您的账单已逾期，退订请点击 https://acme.example/td", OK],
    ["您的账单已逾期，如需退订请致电客服", MISSING],
    ["您的账单已逾期，退订请登录我们的网站", MISSING],
    ["您的账单已逾期，回复TD退订，退订收取1元手续费", FEE],
    ["您的账单已逾期，回复TD退订，退订需提供身份证号", DETAILS],
  ])("%s → %s", (message, expected) => {
    const found = evaluate([text("2026-04-01 10:00", { messageText: message })], pack, { accounts });
    if (expected === OK) expect(found).toEqual([]);
    else if (expected === MISSING)
      expect(found[0]).toMatchObject({
        severity: "MEDIUM",
        explanation: { key: "rules.SMS_REQUIRED_CONTENT.explanation", params: { missing: "reasonable and simple opt-out method (reply STOP, or an opt-out link)" } },
      });
    else expect(found[0]).toMatchObject({ explanation: { key: "rules.SMS_REQUIRED_CONTENT.notSimple", params: { reasons: expected, time: "2026-04-01 10:00" } } });
  });

  test.each([
    ["To opt-out, call us.", 1],
    ["Reply STOP to opt out.", 0],
  ])("an email is read as a text is (1006.6(e) covers every electronic communication): %s → %i", (message, count) => {
    const email = text("2026-04-01 10:00", { type: "EMAIL", outcome: null, phoneNumber: null, messageText: message });
    expect(evaluate([email], pack, { accounts })).toHaveLength(count);
  });

  test("a spouse counts as the debtor and gets the same requirement", () => {
    expect(evaluate([text("2026-04-01 10:00", { contactParty: "SPOUSE", messageText: "Call us." })], pack, { accounts })).toHaveLength(1);
  });

  test("packs stored before messageTypes existed read SMS only", () => {
    const { messageTypes: _dropped, disqualifiers: _none, ...stored } = usRegFPack.SMS_REQUIRED_CONTENT;
    const old = onlyRule(usRegFPack, "SMS_REQUIRED_CONTENT");
    const legacy = { ...old, SMS_REQUIRED_CONTENT: { ...stored, enabled: true } };
    const email = text("2026-04-01 10:00", { type: "EMAIL", outcome: null, messageText: "Call us." });
    expect(evaluate([email], legacy, { accounts })).toEqual([]);
  });
});

test.each([
  ["a message to family (a disclosure question, not this rule)", { contactParty: "FAMILY" as const }],
  ["an SMS recorded without text", { messageText: null }],
  ["an inbound SMS", { direction: "INBOUND" as const }],
  ["an email (the China pack reads SMS only)", { type: "EMAIL" as const }],
])("%s is not judged", (_name, overrides) => {
  const pack = onlyRule(chinaPack, "SMS_REQUIRED_CONTENT");
  expect(evaluate([sms("2026-04-01 10:00", { messageText: "请尽快处理", ...overrides })], pack)).toEqual([]);
});
