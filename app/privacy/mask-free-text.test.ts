import { describe, expect, test } from "vitest";
import { maskFreeText, type FreeTextSubjects } from "./mask-free-text";

const zhang: FreeTextSubjects = { names: ["张伟", "刘强"], phones: ["13800000002", "+8613900001111"] };
const smith: FreeTextSubjects = { names: ["John Smith", "Mary Smith"], phones: ["2125550143"] };
const none: FreeTextSubjects = {};

describe("maskFreeText", () => {
  test.each<[string, string, FreeTextSubjects, string]>([
    // Names known for the account (the debtor and contacts).
    ["debtor name in an SMS", "张伟您好，您的账户已逾期", zhang, "张*您好，您的账户已逾期"],
    ["contact name", "已联系您的家人刘强，请尽快还款", zhang, "已联系您的家人刘*，请尽快还款"],
    ["name twice", "张伟，张伟先生", zhang, "张*，张*先生"],
    ["Latin full name", "Spoke to John Smith about the plan", smith, "Spoke to J*** S**** about the plan"],
    ["Latin name, any case", "called JOHN smith twice", smith, "called J*** s**** twice"],
    ["Latin surname alone", "Mrs Smith's daughter answered", smith, "Mrs S****'s daughter answered"],
    ["Latin first name alone", "Mary said she would pay", smith, "M*** said she would pay"],
    ["a name inside a longer word is left", "Smithfield branch", smith, "Smithfield branch"],
    // Phone numbers.
    ["mainland mobile", "请回电13812345678", none, "请回电138****5678"],
    ["mobile with separators", "call 138-1234-5678 today", none, "call 138-****-5678 today"],
    ["mobile with spaces", "电话 138 1234 5678", none, "电话 138 **** 5678"],
    ["mobile with +86", "号码+8613812345678已停机", none, "号码+86138****5678已停机"],
    ["landline with area code", "单位电话021-12345678", none, "单位电话021-****5678"],
    ["landline, four-digit area code", "0755-1234567", none, "0755-***4567"],
    ["landline in brackets", "(010) 87654321", none, "(010) ****4321"],
    ["international number", "reached at +44 20 7946 0958", none, "reached at +44 2* **** 0958"],
    ["US number", "left a message at (212) 555-0143", none, "left a message at (212) ***-0143"],
    ["US number with dashes", "212-555-0143", none, "212-***-0143"],
    ["known number in a short form", "拨打了5550143", { phones: ["5550143"] }, "拨打了***0143"],
    ["known mobile without the country code", "致电13900001111", zhang, "致电139****1111"],
    // Last-digit forms.
    ["尾号", "张伟…尾号0002的账户", zhang, "张*…尾号****的账户"],
    ["尾号为", "您尾号为 0002 的卡", none, "您尾号为 **** 的卡"],
    ["尾号是", "尾号是1234", none, "尾号是****"],
    ["尾数", "尾数：5678", none, "尾数：****"],
    ["后四位", "身份证后四位1234", none, "身份证后四位****"],
    ["last 4 digits", "card last 4 digits 1234", none, "card last 4 digits ****"],
    ["last four digits of", "the last four digits of your card: 9876", none, "the last four digits of your card: ****"],
    ["ending in", "account ending in 0002", none, "account ending in ****"],
    ["ends with", "phone ends with 5678.", none, "phone ends with ****."],
    // Identity documents and cards.
    ["ID card", "身份证110101199003074512", none, "身份证110***********4512"],
    ["ID card with X", "ID 11010119900307451X on file", none, "ID 110***********451X on file"],
    ["bank card, 16 digits", "卡号6222020200112233", none, "卡号************2233"],
    ["bank card, 19 digits", "6222021234567890123", none, "***************0123"],
    ["bank card in groups", "card 6222 0212 3456 7890", none, "card **** **** **** 7890"],
    // Email.
    ["email", "邮件已发至 zhangwei@example.com", none, "邮件已发至 z***@example.com"],
    // A name after a relationship word, whoever it is.
    ["unknown relative's name", "联系了其妻子王芳", none, "联系了其妻子王*"],
    ["unknown emergency contact", "紧急联系人：李小龙", none, "紧急联系人：李**"],
    ["title and surname", "Spoke with Mr. Brown", none, "Spoke with Mr. B****"],
    // What must stay.
    ["dates, times and amounts", "2026-03-01 14:30 承诺还款 5000.00 元，逾期 45 天", none, "2026-03-01 14:30 承诺还款 5000.00 元，逾期 45 天"],
    ["English amounts and dates", "Promised $1,250.00 by 03/15/2026", none, "Promised $1,250.00 by 03/15/2026"],
    ["an account number of eight digits", "account 60221234 placed", none, "account 60221234 placed"],
    ["a relation word followed by a common word", "家人表示会转告", none, "家人表示会转告"],
    ["honorific after a relation word", "朋友小王", none, "朋友小王"],
    ["empty", "", none, ""],
    // Everything at once.
    [
      "a collector's whole SMS",
      "【催收】张伟您好，您尾号0002的借款已逾期，我们已联系您的家人刘强（13900001111），请致电021-66668888。",
      zhang,
      "【催收】张*您好，您尾号****的借款已逾期，我们已联系您的家人刘*（139****1111），请致电021-****8888。",
    ],
    [
      "an English note",
      "Called John Smith on (212) 555-0143; his wife Mary Smith said the card ending in 4321 was cancelled. Email j.smith@mail.com.",
      smith,
      "Called J*** S**** on (212) ***-0143; his wife M*** S**** said the card ending in **** was cancelled. Email j***@mail.com.",
    ],
  ])("%s", (_case, text, subjects, expected) => {
    expect(maskFreeText(text, subjects)).toBe(expected);
  });

  test("null stays null", () => {
    expect(maskFreeText(null, zhang)).toBeNull();
  });

  test.each([
    ["张伟您好，尾号0002，电话13812345678，身份证110101199003074512", zhang],
    ["Called John Smith on (212) 555-0143, card 6222 0212 3456 7890, Mr Brown", smith],
  ])("masking masked text changes nothing: %s", (text, subjects) => {
    const once = maskFreeText(text, subjects);
    expect(maskFreeText(once, subjects)).toBe(once);
  });

  test("names in a regular-expression alphabet are taken literally", () => {
    expect(maskFreeText("paid by A.B (x)", { names: ["A.B (x)", ".*"] })).toBe("paid by A** (**");
  });
});
