import { describe, expect, test } from "vitest";
import { chinaPack, usRegFPack } from "../rule-pack";
import { events, evaluate, makeAccount, onlyRule, triggers } from "../../../test/support/rule-fixtures";

const pack = onlyRule(chinaPack, "CONTACT_AFTER_CEASE");
const at = events();
const cease = (time: string, overrides = {}) => at(time, { type: "CEASE_REQUEST", direction: "INBOUND", outcome: null, ...overrides });
const accounts = [makeAccount(), makeAccount({ id: 2 })];

test("outbound contact after the debtor's cease request is a violation, citing the request", () => {
  const before = at("2026-04-01 09:00");
  const request = cease("2026-04-01 10:00");
  const after = at("2026-04-02 10:00", { agencyId: 2 });
  const found = evaluate([before, request, after], pack);
  expect(triggers(found)).toEqual([`CONTACT_AFTER_CEASE:${after.id}`]);
  expect(found[0]).toMatchObject({
    severity: "HIGH",
    evidenceEventIds: [request.id, after.id],
    explanation: { key: "rules.CONTACT_AFTER_CEASE.notANotice", params: { time: "2026-04-02 10:00", requestTime: "2026-04-01 10:00" } },
  });
});

test.each([
  ["SMS", { type: "SMS" as const, outcome: "DELIVERED" as const }, true],
  ["email", { type: "EMAIL" as const, outcome: null }, true],
  ["visit", { type: "VISIT" as const, outcome: null }, true],
  ["call to the employer", { contactParty: "EMPLOYER" as const }, true],
  ["inbound call from the debtor", { direction: "INBOUND" as const, outcome: "CONNECTED" as const }, false],
  ["note", { type: "NOTE" as const, outcome: null }, false],
  ["payment", { type: "PAYMENT" as const, outcome: null, amount: "100.00" }, false],
  ["call on another account of the debtor", { accountId: 2 }, false],
])("%s after the request is a violation: %s", (_name, overrides, violates) => {
  expect(evaluate([cease("2026-04-01 10:00"), at("2026-04-02 10:00", overrides)], pack, { accounts })).toHaveLength(violates ? 1 : 0);
});

test("a contact at the very instant of the request is the conversation it was made in", () => {
  const request = cease("2026-04-01 10:00");
  expect(evaluate([request, at("2026-04-01 10:00", { outcome: "CONNECTED" })], pack)).toEqual([]);
});

describe("12 CFR 1006.6(c)(2): only the three notices, in any medium, the first letter included", () => {
  const us = onlyRule(usRegFPack, "CONTACT_AFTER_CEASE");
  const letter = (time: string, text: string | null) => at(time, { type: "LETTER", outcome: null, phoneNumber: null, messageText: text });
  test.each([
    // (c)(2)(i): further efforts are being terminated.
    ["LETTER", "As you requested, our collection efforts on this account are terminated.", false],
    ["EMAIL", "We will stop contacting you about this debt.", false],
    ["SMS", "We will no longer contact you about account 1234.", false],
    ["LETTER", "应您的要求，我们将停止对您的催收。", false],
    // (c)(2)(ii): the collector or creditor may invoke specified remedies.
    ["LETTER", "Acme Bank may file a lawsuit or report the account to credit bureaus.", false],
    ["EMAIL", "债权人可能通过诉讼等法律途径主张权利。", false],
    // (c)(2)(iii): it intends to invoke a specified remedy.
    ["LETTER", "Acme Bank intends to file a lawsuit against you on May 1.", false],
    ["LETTER", "我司将于5月1日提起诉讼。", false],
    // Anything else: a demand, a reminder, a settlement offer, or a letter whose text was not recorded.
    ["LETTER", "Your balance of $1,200 is past due. Please pay today.", true],
    ["LETTER", "Special offer: settle for 50% this month.", true],
    ["SMS", "Reminder: payment due Friday. Reply STOP to opt out.", true],
    ["LETTER", "您的账单已逾期，请尽快还款。", true],
    // A notice that also asks for payment is a collection attempt, not only a notice.
    ["LETTER", "Acme Bank may file a lawsuit unless you pay the balance in full by May 1.", true],
    ["EMAIL", "Our collection efforts are ending. Please pay today to avoid a lawsuit.", true],
    ["LETTER", "我司将提起诉讼，请立即还款。", true],
    ["LETTER", null, true],
  ] as const)("a %s saying %s is a violation: %s", (type, text, violates) => {
    const contact = at("2026-04-02 10:00", { type, outcome: type === "SMS" ? "DELIVERED" : null, messageText: text, ...(type === "LETTER" ? { phoneNumber: null } : {}) });
    const found = evaluate([cease("2026-04-01 10:00"), contact], us);
    expect(triggers(found)).toEqual(violates ? [`CONTACT_AFTER_CEASE:${contact.id}`] : []);
    if (violates) expect(found[0]?.explanation.key).toBe("rules.CONTACT_AFTER_CEASE.notANotice");
  });

  test("a call after the request is a violation: its content is not on record as a notice", () => {
    expect(evaluate([cease("2026-04-01 10:00"), at("2026-04-02 10:00", { outcome: "CONNECTED" })], us)).toHaveLength(1);
  });

  test("allowedNoticeLetters takes that many letters without recorded text as the notice", () => {
    const lenient = onlyRule(usRegFPack, "CONTACT_AFTER_CEASE", { allowedNoticeLetters: 1 });
    const first = letter("2026-04-02 10:00", null);
    const second = letter("2026-04-10 10:00", null);
    expect(triggers(evaluate([cease("2026-04-01 10:00"), first, second], lenient))).toEqual([`CONTACT_AFTER_CEASE:${second.id}`]);
  });

  test("an emptied list of notices permits nothing", () => {
    const none = onlyRule(usRegFPack, "CONTACT_AFTER_CEASE", { permittedNotices: [] });
    expect(evaluate([cease("2026-04-01 10:00"), letter("2026-04-02 10:00", "Our collection efforts are terminated.")], none)).toHaveLength(1);
  });

  test("packs stored before permittedNotices existed keep their meaning: the first letter passes whatever it says", () => {
    const { permittedNotices: _dropped, ...stored } = chinaPack.CONTACT_AFTER_CEASE;
    const legacy = { ...onlyRule(chinaPack, "CONTACT_AFTER_CEASE"), CONTACT_AFTER_CEASE: { ...stored, enabled: true, allowedNoticeLetters: 1 } };
    const notice = letter("2026-04-02 10:00", "Please pay today.");
    const second = letter("2026-04-10 10:00", null);
    const found = evaluate([cease("2026-04-01 10:00"), notice, second], legacy);
    expect(triggers(found)).toEqual([`CONTACT_AFTER_CEASE:${second.id}`]);
    expect(found[0]?.explanation.key).toBe("rules.CONTACT_AFTER_CEASE.explanation");
  });
});

test("a family member's request stops contact with that number only", () => {
  const request = cease("2026-04-01 10:00", { contactParty: "FAMILY", phoneNumber: "13900000009" });
  const familyAgain = at("2026-04-02 10:00", { contactParty: "FAMILY", phoneNumber: "139 0000 0009" });
  const debtor = at("2026-04-02 11:00");
  const found = evaluate([request, familyAgain, debtor], pack);
  expect(triggers(found)).toEqual([`CONTACT_AFTER_CEASE:${familyAgain.id}`]);
  expect(found[0]).toMatchObject({
    evidenceEventIds: [request.id, familyAgain.id],
    explanation: { key: "rules.CONTACT_AFTER_CEASE.thirdParty", params: { phone: "139****0009" } },
  });
});

test("an employer's written request without a number stops contact with the employer on that account", () => {
  const request = cease("2026-04-01 10:00", { contactParty: "EMPLOYER", phoneNumber: null });
  const employer = at("2026-04-02 10:00", { contactParty: "EMPLOYER", phoneNumber: "01088880000" });
  const family = at("2026-04-02 11:00", { contactParty: "FAMILY", phoneNumber: "13900000009" });
  expect(triggers(evaluate([request, employer, family], pack))).toEqual([`CONTACT_AFTER_CEASE:${employer.id}`]);
});

test("a spouse's request covers the account in the US and only the spouse in China", () => {
  const request = cease("2026-04-01 10:00", { contactParty: "SPOUSE", phoneNumber: "13900000009" });
  const debtor = at("2026-04-02 10:00");
  expect(evaluate([request, debtor], pack)).toEqual([]);
  expect(evaluate([request, debtor], onlyRule(usRegFPack, "CONTACT_AFTER_CEASE"))).toHaveLength(1);
});

test("scope ACCOUNT_AGENCY binds only the agency that received the request", () => {
  const request = cease("2026-04-01 10:00", { agencyId: 1 });
  const otherAgency = at("2026-04-02 10:00", { agencyId: 2 });
  const sameAgency = at("2026-04-02 11:00", { agencyId: 1 });
  const perAgency = onlyRule(chinaPack, "CONTACT_AFTER_CEASE", { scope: "ACCOUNT_AGENCY" });
  expect(triggers(evaluate([request, otherAgency, sameAgency], perAgency))).toEqual([`CONTACT_AFTER_CEASE:${sameAgency.id}`]);
  expect(evaluate([request, otherAgency, sameAgency], pack)).toHaveLength(2);
});
