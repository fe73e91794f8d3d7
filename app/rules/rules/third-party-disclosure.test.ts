import { expect, test } from "vitest";
import { chinaPack, usRegFPack } from "../rule-pack";
import { events, evaluate, onlyRule, triggers } from "../../../test/support/rule-fixtures";

const china = onlyRule(chinaPack, "THIRD_PARTY_DISCLOSURE");
const us = onlyRule(usRegFPack, "THIRD_PARTY_DISCLOSURE");
const sms = events(undefined, { type: "SMS", outcome: "DELIVERED", contactParty: "FAMILY", phoneNumber: "13900000009" });

test.each([
  ["请转告张先生，他的欠款已逾期，请尽快还款", "“欠款”, “逾期”, “还款”", "欠款"],
  ["您好，我们是某某公司催收部", "“催收”", "催收"],
  ["Please tell John his DEBT is past due", "“DEBT”, “past due”", "DEBT"],
  ["John owes ¥5,000", "“owes”, “¥5,000”", "owes"],
  ["请让他回电，金额 3200元", "“3200元”", "3200元"],
])("%s reveals the debt (%s)", (text, terms, first) => {
  const message = sms("2026-04-01 10:00", { messageText: text });
  const found = evaluate([message], china);
  expect(found).toHaveLength(1);
  expect(found[0]).toMatchObject({
    ruleCode: "THIRD_PARTY_DISCLOSURE",
    severity: "HIGH",
    evidenceEventIds: [message.id],
    explanation: { key: "rules.THIRD_PARTY_DISCLOSURE.explanation", params: { terms, term: first, time: "2026-04-01 10:00" } },
  });
});

test.each([
  ["a neutral message to family", { messageText: "请张先生方便时回电 4008001234" }],
  ["the same words to the debtor", { contactParty: "DEBTOR" as const, messageText: "您的欠款已逾期" }],
  ["a message without text", { messageText: null }],
  ["an inbound message from family", { direction: "INBOUND" as const, messageText: "他欠款关我什么事" }],
  ["a note", { type: "NOTE" as const, messageText: "家属称不知道欠款" }],
  ["a word that only contains a term", { messageText: "The power is out, towels needed" }],
])("%s reveals nothing", (_name, overrides) => {
  expect(evaluate([sms("2026-04-01 10:00", overrides)], china)).toEqual([]);
});

test("the spouse is a third party in China and the debtor in the US", () => {
  const message = sms("2026-04-01 10:00", { contactParty: "SPOUSE", messageText: "Your husband's debt is overdue" });
  expect(triggers(evaluate([message], china))).toEqual([`THIRD_PARTY_DISCLOSURE:${message.id}`]);
  expect(evaluate([message], us)).toEqual([]);
});

test("amount detection can be switched off", () => {
  const message = sms("2026-04-01 10:00", { messageText: "Call us about the $300" });
  expect(evaluate([message], china)).toHaveLength(1);
  expect(evaluate([message], onlyRule(chinaPack, "THIRD_PARTY_DISCLOSURE", { detectAmounts: false }))).toEqual([]);
});

test("voicemail scripts are read once CALL is a message type", () => {
  const voicemail = sms("2026-04-01 10:00", { type: "CALL", outcome: "VOICEMAIL", messageText: "This is about a debt" });
  expect(evaluate([voicemail], china)).toEqual([]);
  expect(evaluate([voicemail], onlyRule(chinaPack, "THIRD_PARTY_DISCLOSURE", { messageTypes: ["SMS", "CALL"] }))).toHaveLength(1);
});

test("an edited lexicon is honoured", () => {
  const pack = onlyRule(chinaPack, "THIRD_PARTY_DISCLOSURE", { lexicon: ["账单"], detectAmounts: false });
  expect(evaluate([sms("2026-04-01 10:00", { messageText: "您的欠款账单" })], pack)[0]?.explanation.params.terms).toBe("“账单”");
});

// Voicemail content (ADR 027): 12 CFR 1006.2(j) defines the limited-content message, which is not a communication;
// comment 6(d)(2) (and the FAQ on voicemails): a message about the debt heard by someone else is a disclosure.
const voicemail = events(undefined, { type: "CALL", outcome: "VOICEMAIL" });
test.each<[string, Parameters<typeof voicemail>[1], number]>([
  ["a message about the debt on the family's line", { contactParty: "FAMILY", phoneNumber: "13900000009", facts: { voicemailContent: "REVEALS_DEBT" } }, 1],
  ["a message about the debt on a number not on file for the consumer (a shared or unknown line)", { contactParty: "UNKNOWN", phoneNumber: "13900000009", facts: { voicemailContent: "REVEALS_DEBT" } }, 1],
  ["a message about the debt on the consumer's own number", { contactParty: "UNKNOWN", facts: { voicemailContent: "REVEALS_DEBT" } }, 0],
  ["a message about the debt left for the consumer", { contactParty: "DEBTOR", facts: { voicemailContent: "REVEALS_DEBT" } }, 0],
  ["§1006.2(j): a limited-content message on the family's line", { contactParty: "FAMILY", phoneNumber: "13900000009", facts: { voicemailContent: "LIMITED_CONTENT" } }, 0],
  ["a limited-content message whose note mentions the debt is still not a disclosure", { contactParty: "FAMILY", phoneNumber: "13900000009", messageText: "left LCM re: overdue balance", facts: { voicemailContent: "LIMITED_CONTENT" } }, 0],
  ["a voicemail without its content recorded", { contactParty: "FAMILY", phoneNumber: "13900000009" }, 0],
])("%s → %i", (_name, overrides, count) => {
  const calls = [voicemail("2026-04-01 10:00", overrides)];
  expect(evaluate(calls, us).map((violation) => violation.explanation.key)).toEqual(count === 0 ? [] : ["rules.THIRD_PARTY_DISCLOSURE.voicemail"]);
});

test("a limited-content voicemail read through the lexicon (CALL among the message types) is still not a disclosure", () => {
  const withCalls = onlyRule(usRegFPack, "THIRD_PARTY_DISCLOSURE", { messageTypes: ["SMS", "CALL"] });
  const call = voicemail("2026-04-01 10:00", { contactParty: "FAMILY", phoneNumber: "13900000009", messageText: "overdue balance", facts: { voicemailContent: "LIMITED_CONTENT" } });
  expect(evaluate([call], withCalls)).toEqual([]);
  expect(evaluate([{ ...call, facts: null }], withCalls)).toHaveLength(1);
});
