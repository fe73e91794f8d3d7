import { describe, expect, test } from "vitest";
import { columnMaskingFor, maskPersonalValue, maskRawRow, maskRowErrorMessage } from "./mask-rejected-rows";

describe("maskPersonalValue", () => {
  test.each([
    ["13812345678", "phone", "138****5678"],
    ["13812345678;+8613900001111", "phone", "138****5678;+861****1111"],
    ["13812345678；13900001111", "phone", "138****5678；139****1111"],
    ["王小明", "name", "王**"],
    ["John O'Brien", "name", "J*** O******"],
    ["上海市浦东新区世纪大道100号", "address", "****"],
    ["", "phone", ""],
  ] as const)("%s (%s) → %s", (value, kind, masked) => {
    expect(maskPersonalValue(value, kind)).toBe(masked);
  });
});

describe("maskRowErrorMessage", () => {
  test.each([
    ["phone_number '138-1234-56789x' is not a valid phone number: use digits with an optional leading +", "phone_number", "ACTIVITIES", "phone_number '138****789x' is not a valid phone number: use digits with an optional leading +"],
    ["debtor_phones '13812345678;12ab' is not a valid phone number list", "debtor_phones", "PLACEMENTS", "debtor_phones '138****5678;**ab' is not a valid phone number list"],
    ["phone_number '13912345678' is not a valid phone number", "phone_number", "COMPLAINTS", "phone_number '139****5678' is not a valid phone number"],
    // Not personal: left as sent, so the sender can find the value.
    ["occurred_at '2026-02-30 10:00' is not a valid date", "occurred_at", "ACTIVITIES", "occurred_at '2026-02-30 10:00' is not a valid date"],
    ["account_number 'A-1' was never placed with agency BLITZ", "account_number", "ACTIVITIES", "account_number 'A-1' was never placed with agency BLITZ"],
    ["debtor_name is 501 characters; the limit is 500", "debtor_name", "PLACEMENTS", "debtor_name is 501 characters; the limit is 500"],
    ["a complaint needs account_number, or phone_number", null, "COMPLAINTS", "a complaint needs account_number, or phone_number"],
  ] as const)("%s", (message, field, kind, masked) => {
    expect(maskRowErrorMessage(message, field, kind)).toBe(masked);
  });
});

describe("maskRawRow", () => {
  const activityHeaders = ["案件编号", "催收员", "电话", "地址", "身份证号", "type"];
  const activities = columnMaskingFor(activityHeaders, { 案件编号: "account_number", 催收员: "agent_name", 电话: "phone_number", 地址: "address" }, "ACTIVITIES");

  test("imported non-personal columns are shown, personal ones masked, unrecognised ones hidden", () => {
    expect(maskRawRow({ 案件编号: "LN-001", 催收员: "李催收", 电话: "13812345678", 地址: "北京市朝阳区", 身份证号: "110101199001011234", type: "CALL" }, activities)).toEqual({
      案件编号: "LN-001",
      催收员: "李催收",
      电话: "138****5678",
      地址: "****",
      身份证号: "****",
      type: "CALL",
    });
  });

  test("a placements file: the debtor's name and phone list are masked", () => {
    const placements = columnMaskingFor(["合同号", "姓名", "手机号"], { 合同号: "account_number", 姓名: "debtor_name", 手机号: "debtor_phones" }, "PLACEMENTS");
    expect(maskRawRow({ 合同号: "LN-9", 姓名: "欧阳娜娜", 手机号: "13812345678;13900001111" }, placements)).toEqual({ 合同号: "LN-9", 姓名: "欧***", 手机号: "138****5678;139****1111" });
  });

  test("a column mapped to a field the kind does not have, or missing from the masking, is hidden", () => {
    const masking = columnMaskingFor(["姓名"], { 姓名: "debtor_name" }, "ACTIVITIES");
    expect(maskRawRow({ 姓名: "张三", 后加列: "x" }, masking)).toEqual({ 姓名: "****", 后加列: "****" });
  });

  test("blank cells stay blank, so a missing value still shows as missing", () => {
    expect(maskRawRow({ 地址: "", 身份证号: "" }, activities)).toEqual({ 地址: "", 身份证号: "" });
  });

  test.each([
    ["an SMS naming the debtor and a relative", "张伟", "张伟您好，尾号0002的借款已逾期，已联系您的家人刘强13900001111", "张*", "张*您好，尾号****的借款已逾期，已联系您的家人刘*139****1111"],
    ["an English note", "Wei Zhang", "Spoke to Wei Zhang, card ending in 1234, call back on 021-66668888", "W** Z****", "Spoke to W** Z****, card ending in ****, call back on 021-****8888"],
    ["nothing personal", "张伟", "客户承诺月底前还款", "张*", "客户承诺月底前还款"],
  ])("free text is masked with the row's own name and phones: %s", (_case, name, text, maskedName, masked) => {
    const masking = columnMaskingFor(["姓名", "手机", "短信内容"], { 手机: "phone_number", 短信内容: "message_text" }, "ACTIVITIES");
    // An activity file has no name column of its own; a column known to hold a name still names a subject.
    const withName = new Map([...masking, ["姓名", "name" as const]]);
    expect(maskRawRow({ 姓名: name, 手机: "13900001111", 短信内容: text }, withName)).toEqual({ 姓名: maskedName, 手机: "139****1111", 短信内容: masked });
  });

  test("a complaint's description is free text too", () => {
    const masking = columnMaskingFor(["编号", "描述"], { 编号: "complaint_id", 描述: "description" }, "COMPLAINTS");
    expect(maskRawRow({ 编号: "C-1", 描述: "借款人称催收员多次拨打其同事王芳电话13812345678" }, masking)).toEqual({ 编号: "C-1", 描述: "借款人称催收员多次拨打其同事王*电话138****5678" });
  });
});
