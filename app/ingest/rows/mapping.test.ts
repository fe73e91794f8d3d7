import { describe, expect, test } from "vitest";
import { renderImportMessage } from "./import-message";
import {
  type HeaderCheck,
  applyMapping,
  builtInValueSynonyms,
  isUsableDateFormat,
  mapValue,
  mappingProfileSchema,
  mappingProfileSchemaFor,
  normaliseHeader,
  sourceColumnFor,
  suggestMapping,
  validateHeader,
} from "./mapping";

describe("header normalisation", () => {
  test.each([
    ["account_number", "account_number"],
    ["Account Number", "account_number"],
    [" ACCOUNT-NUMBER ", "account_number"],
    ["AccountNumber", "account_number"],
    ["account.number", "account_number"],
    ["account_number*", "account_number"],
    ["\uFEFFevent_id", "event_id"],
    ["Occurred At (local)", "occurred_at_local"],
    ["账号", "账号"],
    ["联系电话（手机）", "联系电话_手机"],
  ])("%j → %j", (header, normalised) => {
    expect(normaliseHeader(header)).toBe(normalised);
  });
});

describe("suggestMapping", () => {
  test.each([
    ["事件编号", "event_id"],
    ["流水号", "event_id"],
    ["账号", "account_number"],
    ["合同号", "account_number"],
    ["催收员工号", "agent_id"],
    ["坐席工号", "agent_id"],
    ["催收员姓名", "agent_name"],
    ["时间", "occurred_at"],
    ["催收时间", "occurred_at"],
    ["方式", "type"],
    ["类型", "type"],
    ["催收方式", "type"],
    ["对象", "contact_party"],
    ["联系对象", "contact_party"],
    ["结果", "outcome"],
    ["通话结果", "outcome"],
    ["电话", "phone_number"],
    ["号码", "phone_number"],
    ["联系电话", "phone_number"],
    ["时长", "duration_seconds"],
    ["内容", "message_text"],
    ["短信内容", "message_text"],
    ["金额", "amount"],
    ["承诺日期", "promise_due_date"],
    ["人数", "visitors"],
    ["上门人数", "visitors"],
    ["录音编号", "recording_id"],
    ["Event ID", "event_id"],
    ["OCCURRED_AT", "occurred_at"],
    ["Duration Seconds", "duration_seconds"],
  ])("activities: %s → %s", (header, field) => {
    expect(suggestMapping([header], "ACTIVITIES").columnMap).toEqual({ [header]: field });
  });

  test.each([
    ["PLACEMENTS", "委案金额", "placed_balance"],
    ["PLACEMENTS", "电话", "debtor_phones"],
    ["PLACEMENTS", "逾期天数", "dpd_at_placement"],
    ["COMPLAINTS", "类型", "category"],
    ["COMPLAINTS", "投诉时间", "received_at"],
    ["COMPLAINTS", "来源", "source"],
  ] as const)("%s: %s → %s", (kind, header, field) => {
    expect(suggestMapping([header], kind).columnMap).toEqual({ [header]: field });
  });

  test("the first column to claim a field keeps it; a canonical name beats an alias", () => {
    expect(suggestMapping(["电话", "phone_number", "联系电话", "备用"], "ACTIVITIES")).toEqual({
      columnMap: { phone_number: "phone_number" },
      unmatched: ["备用"],
      duplicates: [
        { column: "电话", field: "phone_number", takenBy: "phone_number" },
        { column: "联系电话", field: "phone_number", takenBy: "phone_number" },
      ],
    });
  });
});

/** The check with its messages in English, as the API and the CLI show them. */
function inEnglish(check: HeaderCheck) {
  return { ...check, errors: check.errors.map((error) => renderImportMessage(error, "en")), warnings: check.warnings.map((warning) => renderImportMessage(warning, "en")) };
}

describe("validateHeader", () => {
  test("its messages read in Chinese for a Chinese reader, naming the columns with their labels", () => {
    const check = validateHeader(["账号", "备注"], "ACTIVITIES");
    const text = check.errors.map((error) => renderImportMessage(error, "zh-CN")).join("");
    expect(text).toMatch(/^缺少必填列：.*（event_id）、.*（occurred_at）、.*（type）。文件中的列：账号, 备注。$/);
  });

  test("a file with every required column passes, with unknown columns as a warning only", () => {
    const check = inEnglish(validateHeader(["event_id", "账号", "催收时间", "方式", "坐席组", "备用字段"], "ACTIVITIES"));
    expect(check).toMatchObject({
      ok: true,
      missingRequired: [],
      unknownColumns: ["坐席组", "备用字段"],
      errors: [],
      warnings: ["these columns are not recognised and will not be imported: 坐席组, 备用字段"],
    });
    expect(check.mapping.columnMap).toEqual({ event_id: "event_id", 账号: "account_number", 催收时间: "occurred_at", 方式: "type" });
  });

  test("missing required columns are listed together with the columns found", () => {
    const check = inEnglish(validateHeader(["账号", "备注"], "ACTIVITIES"));
    expect(check.ok).toBe(false);
    expect(check.missingRequired).toEqual(["event_id", "occurred_at", "type"]);
    expect(check.errors).toEqual(["missing required columns: event_id, occurred_at, type. Columns found: 账号, 备注."]);
  });

  test.each([
    ["PLACEMENTS", ["account_number", "customer_id", "agency_code", "placed_at"], "missing required column: placed_balance. Columns found: account_number, customer_id, agency_code, placed_at."],
    ["COMPLAINTS", [], "missing required columns: complaint_id, received_at, source, category. Columns found: (none)."],
  ] as const)("%s: %j", (kind, headers, message) => {
    expect(inEnglish(validateHeader(headers, kind)).errors).toEqual([message]);
  });

  test("the profile's column map wins over automatic matching", () => {
    const check = inEnglish(validateHeader(["编号", "账号", "日期时间", "类别", "电话"], "ACTIVITIES", {
      columnMap: { 编号: "event_id", 日期时间: "occurred_at", 类别: "type", 电话: null },
    }));
    expect(check.ok).toBe(true);
    expect(check.mapping.columnMap).toEqual({ 编号: "event_id", 日期时间: "occurred_at", 类别: "type", 账号: "account_number" });
    // A column mapped to null is deliberately ignored: no warning for it.
    expect(check.unknownColumns).toEqual([]);
    expect(check.warnings).toEqual([]);
  });

  test("an automatic match for a field the profile already assigned is reported, not used", () => {
    const check = inEnglish(validateHeader(["id", "event_id", "account_number", "occurred_at", "type"], "ACTIVITIES", { columnMap: { id: "event_id" } }));
    expect(check.mapping.columnMap.id).toBe("event_id");
    expect(check.mapping.columnMap.event_id).toBeUndefined();
    expect(check.unknownColumns).toEqual(["event_id"]);
    expect(check.warnings).toEqual(["column 'event_id' looks like event_id, which is already taken by column 'id'; it will not be imported"]);
  });

  test("profile mistakes are explained", () => {
    const check = inEnglish(validateHeader(["a", "b", "account_number", "occurred_at", "type"], "ACTIVITIES", {
      columnMap: { a: "event_id", b: "event_id", gone: "agent_id", account_number: "placed_balance" },
    }));
    expect(check.ok).toBe(false);
    expect(check.errors).toEqual([
      "columns 'a' and 'b' are both mapped to event_id; map only one of them",
      "the mapping profile maps column 'account_number' to 'placed_balance', which is not an activity field",
      "missing required column: account_number. Columns found: a, b, account_number, occurred_at, type.",
    ]);
    expect(check.warnings).toContain("the mapping profile maps column 'gone' to agent_id, but the file has no such column");
  });

  test("the resolved mapping carries the profile's value map, date format and time zone", () => {
    const check = validateHeader(["event_id"], "ACTIVITIES", { valueMap: { type: { T1: "CALL" } }, dateFormat: "yyyy/MM/dd HH:mm", timeZone: "Asia/Shanghai" });
    expect(check.mapping).toMatchObject({ valueMap: { type: { T1: "CALL" } }, dateFormat: "yyyy/MM/dd HH:mm", timeZone: "Asia/Shanghai" });
  });
});

describe("value mapping", () => {
  test.each([
    ["type", "电话", "CALL"],
    ["type", "短信", "SMS"],
    ["type", "邮件", "EMAIL"],
    ["type", "信函", "LETTER"],
    ["type", "上门", "VISIT"],
    ["type", "外访", "VISIT"],
    ["type", "还款", "PAYMENT"],
    ["type", "承诺", "PROMISE"],
    ["type", "承诺还款", "PROMISE"],
    ["type", "异议", "DISPUTE"],
    ["type", "停催", "CEASE_REQUEST"],
    ["type", "停止催收", "CEASE_REQUEST"],
    ["type", "备注", "NOTE"],
    ["contact_party", "本人", "DEBTOR"],
    ["contact_party", "配偶", "SPOUSE"],
    ["contact_party", "家属", "FAMILY"],
    ["contact_party", "亲属", "FAMILY"],
    ["contact_party", "第三方", "THIRD_PARTY"],
    ["contact_party", "朋友", "THIRD_PARTY"],
    ["contact_party", "同事", "THIRD_PARTY"],
    ["contact_party", "单位", "EMPLOYER"],
    ["outcome", "已接通", "CONNECTED"],
    ["outcome", "接通", "CONNECTED"],
    ["outcome", "未接", "NO_ANSWER"],
    ["outcome", "无人接听", "NO_ANSWER"],
    ["outcome", "语音信箱", "VOICEMAIL"],
    ["outcome", "占线", "BUSY"],
    ["outcome", "忙", "BUSY"],
    ["outcome", "空号", "NOT_IN_SERVICE"],
    ["outcome", "停机", "NOT_IN_SERVICE"],
    ["outcome", "错号", "WRONG_NUMBER"],
    ["outcome", "非本人", "WRONG_NUMBER"],
    ["outcome", "拒接", "REFUSED"],
    ["outcome", "已送达", "DELIVERED"],
    ["outcome", "成功", "DELIVERED"],
    ["outcome", "失败", "FAILED"],
    ["direction", "呼出", "OUTBOUND"],
    ["direction", "呼入", "INBOUND"],
    ["source", "非借款人", "NON_BORROWER"],
    ["severity", "高", "HIGH"],
    ["currency", "人民币", "CNY"],
    ["currency", "RMB", "CNY"],
    ["type", " 电话 ", "CALL"],
    ["type", "Phone", "CALL"],
    // Values without a synonym pass through for validation to judge.
    ["type", "CALL", "CALL"],
    ["type", "微信", "微信"],
    ["message_text", "电话", "电话"],
    // Regulation F facts (ADR 027), as Chinese and English agencies write them.
    ["type", "同意", "CONSENT"],
    ["type", "撤回同意", "CONSENT_REVOKED"],
    ["type", "委托律师", "ATTORNEY_NOTICE"],
    ["type", "Attorney representation", "ATTORNEY_NOTICE"],
    ["type", "联系限制", "CONTACT_RESTRICTION"],
    ["type", "债务确认通知", "VALIDATION_NOTICE"],
    ["type", "Validation notice", "VALIDATION_NOTICE"],
    ["type", "核实结果", "VERIFICATION_SENT"],
    ["consent_scope", "不便时间", "INCONVENIENT_TIME"],
    ["consent_scope", "联系第三方", "THIRD_PARTY_CONTACT"],
    ["consent_scope", "Third party", "THIRD_PARTY_CONTACT"],
    ["consent_scope", "短信", "TEXT_NUMBER"],
    ["consent_scope", "邮箱", "EMAIL_ADDRESS"],
    ["restriction", "地点", "INCONVENIENT_PLACE"],
    ["restriction", "退订", "MEDIUM"],
    ["restriction", "STOP", "MEDIUM"],
    ["restricted_medium", "短信", "SMS"],
    ["restricted_medium", "电话", "CALL"],
    ["place", "单位", "WORK"],
    ["place", "住所", "HOME"],
    ["dispute_form", "书面", "WRITTEN"],
    ["dispute_form", "口头", "ORAL"],
    ["voicemail_content", "有限内容", "LIMITED_CONTENT"],
    ["voicemail_content", "透露债务", "REVEALS_DEBT"],
    ["contact_party", "律师", "ATTORNEY"],
    ["contact_party", "Lawyer", "ATTORNEY"],
    ["contact_party", "遗产管理人", "EXECUTOR"],
    ["contact_party", "Personal representative", "EXECUTOR"],
    ["contact_party", "监护人", "PARENT_GUARDIAN"],
    ["contact_party", "权益继承人", "CONFIRMED_SUCCESSOR"],
  ])("built-in: %s %j → %j", (field, value, expected) => {
    expect(mapValue(field, value)).toBe(expected);
  });

  // What Chinese diallers and SMS gateways write in their outcome column (docs/IMPORT_FORMAT.md, "Dialler outcomes").
  test.each([
    ["发送成功", "DELIVERED"],
    ["发送失败", "FAILED"],
    ["未接通", "NO_ANSWER"],
    ["无人接听", "NO_ANSWER"],
    ["关机", "NOT_IN_SERVICE"],
    ["停机", "NOT_IN_SERVICE"],
    ["空号", "NOT_IN_SERVICE"],
    ["占线", "BUSY"],
    ["拒接", "REFUSED"],
    ["已接通", "CONNECTED"],
    ["转语音信箱", "VOICEMAIL"],
    ["呼叫失败", "FAILED"],
    ["用户忙", "BUSY"],
    ["无法接通", "NOT_IN_SERVICE"],
    ["暂时无法接通", "NOT_IN_SERVICE"],
    ["已读", "DELIVERED"],
    ["未送达", "FAILED"],
    ["送达", "DELIVERED"],
    ["挂断", "REFUSED"],
    ["通话中", "BUSY"],
    ["已接听", "CONNECTED"],
    [" 未接通 ", "NO_ANSWER"],
  ])("dialler outcome %j → %s", (value, expected) => {
    expect(mapValue("outcome", value)).toBe(expected);
  });

  test("every built-in synonym targets a canonical enum value", () => {
    const allowed: Record<string, readonly string[]> = {
      type: [
        "CALL", "SMS", "EMAIL", "LETTER", "VISIT", "PAYMENT", "PROMISE", "DISPUTE", "CEASE_REQUEST", "NOTE",
        "CONSENT", "CONSENT_REVOKED", "ATTORNEY_NOTICE", "CONTACT_RESTRICTION", "VALIDATION_NOTICE", "VERIFICATION_SENT",
      ],
      restricted_medium: ["CALL", "SMS", "EMAIL", "LETTER", "VISIT"],
      direction: ["OUTBOUND", "INBOUND"],
      contact_party: ["DEBTOR", "SPOUSE", "FAMILY", "THIRD_PARTY", "EMPLOYER", "UNKNOWN", "ATTORNEY", "EXECUTOR", "PARENT_GUARDIAN", "CONFIRMED_SUCCESSOR"],
      consent_scope: ["CALLS_ABOUT_DEBT", "INCONVENIENT_TIME", "INCONVENIENT_PLACE", "THIRD_PARTY_CONTACT", "EMAIL_ADDRESS", "TEXT_NUMBER", "DIRECT_CONTACT"],
      restriction: ["INCONVENIENT_TIME", "INCONVENIENT_PLACE", "MEDIUM"],
      place: ["HOME", "WORK", "OTHER"],
      dispute_form: ["WRITTEN", "ORAL"],
      voicemail_content: ["LIMITED_CONTENT", "REVEALS_DEBT"],
      outcome: ["CONNECTED", "NO_ANSWER", "VOICEMAIL", "BUSY", "NOT_IN_SERVICE", "WRONG_NUMBER", "REFUSED", "DELIVERED", "FAILED"],
      source: ["DEBTOR", "FAMILY", "THIRD_PARTY", "NON_BORROWER", "REGULATOR", "MEDIA"],
      severity: ["LOW", "MEDIUM", "HIGH"],
      currency: ["CNY", "USD"],
      recall_reason: ["PAID_IN_FULL", "SETTLED", "DISPUTE", "BANKRUPTCY", "DECEASED", "CEASE_REQUEST", "END_OF_TERM", "PERFORMANCE", "LENDER_REQUEST"],
      status: ["ACCEPTED", "REJECTED"],
    };
    for (const [field, synonyms] of Object.entries(builtInValueSynonyms)) {
      for (const target of Object.values(synonyms)) expect(allowed[field]).toContain(target);
    }
  });

  test("the profile's value map applies first (exactly, then ignoring case), before built-ins", () => {
    const valueMap = { outcome: { 成功: "CONNECTED", "Left Msg": "VOICEMAIL" }, type: { 1: "CALL" } };
    expect(mapValue("outcome", "成功", valueMap)).toBe("CONNECTED");
    expect(mapValue("outcome", "left msg", valueMap)).toBe("VOICEMAIL");
    expect(mapValue("outcome", "失败", valueMap)).toBe("FAILED");
    expect(mapValue("type", "1", valueMap)).toBe("CALL");
  });

  test("applyMapping renames columns, translates values and drops unmapped columns", () => {
    const { mapping } = validateHeader(["事件编号", "账号", "催收时间", "催收方式", "通话结果", "坐席组"], "ACTIVITIES", {
      valueMap: { outcome: { 已接: "CONNECTED" } },
    });
    expect(
      applyMapping({ 事件编号: "E1", 账号: "6222", 催收时间: "2026/3/2 9:05", 催收方式: "电话", 通话结果: "已接", 坐席组: "A组" }, mapping),
    ).toEqual({ event_id: "E1", account_number: "6222", occurred_at: "2026/3/2 9:05", type: "CALL", outcome: "CONNECTED" });
  });

  test("fields no column fills pass through under their canonical name, unless the header has that name", () => {
    const { mapping } = validateHeader(["event_id", "账号", "phone_number"], "ACTIVITIES", { columnMap: { phone_number: null } });
    expect(mapping.passThroughFields).not.toContain("event_id");
    expect(mapping.passThroughFields).not.toContain("account_number");
    // The profile deliberately ignores the file's phone_number column; it must stay ignored.
    expect(mapping.passThroughFields).not.toContain("phone_number");
    expect(mapping.passThroughFields).toContain("agent_name");
    expect(applyMapping({ event_id: "E1", 账号: "A1", phone_number: "138", agent_name: "李娜" }, mapping)).toEqual({
      event_id: "E1",
      account_number: "A1",
      agent_name: "李娜",
    });
  });

  test("sourceColumnFor finds the agency's column behind a field", () => {
    const { mapping } = validateHeader(["事件编号", "催收时间"], "ACTIVITIES");
    expect(sourceColumnFor(mapping, "occurred_at")).toBe("催收时间");
    expect(sourceColumnFor(mapping, "outcome")).toBeNull();
  });

  test("applyMapping leaves columns absent from a row absent", () => {
    expect(applyMapping({ a: "1" }, { columnMap: { a: "event_id", b: "type" }, valueMap: {} })).toEqual({ event_id: "1" });
  });
});

describe("mapping profile schema", () => {
  test("a stored profile parses, with defaults for missing maps", () => {
    expect(mappingProfileSchema.parse({ columnMap: { 编号: "event_id", 备用: null }, dateFormat: "yyyy/MM/dd HH:mm", timeZone: "Asia/Shanghai" })).toEqual({
      columnMap: { 编号: "event_id", 备用: null },
      valueMap: {},
      dateFormat: "yyyy/MM/dd HH:mm",
      timeZone: "Asia/Shanghai",
    });
  });

  test.each([
    [{ timeZone: "Beijing" }, "'Beijing' is not an IANA time zone (such as Asia/Shanghai)"],
    [{ timeZone: "CST" }, "'CST' is not an IANA time zone (such as Asia/Shanghai)"],
    [{ dateFormat: "banana" }, "'banana' is not a usable date format (such as yyyy/MM/dd HH:mm)"],
    [{ valueMap: { type: { 电话: 1 } } }, "expected string"],
  ])("%o is refused", (profile, message) => {
    const result = mappingProfileSchema.safeParse(profile);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain(message);
  });

  test("the kind-specific schema refuses fields of other kinds", () => {
    const result = mappingProfileSchemaFor("ACTIVITIES").safeParse({ columnMap: { 金额: "placed_balance" }, valueMap: { severity: {} } });
    expect(result.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["columnMap.金额", "'placed_balance' is not an activity field"],
      ["valueMap.severity", "'severity' is not an activity field"],
    ]);
  });

  test.each([
    ["yyyy/MM/dd HH:mm", true],
    ["dd/MM/yyyy", true],
    ["yyyy年M月d日 H:mm", true],
    ["HH:mm", false],
    ["", false],
  ])("date format %j usable: %s", (format, usable) => {
    expect(isUsableDateFormat(format)).toBe(usable);
  });
});
