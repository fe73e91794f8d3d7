import { englishImportMessages, renderStoredRowError } from "./import-message";
import { describe, expect, test } from "vitest";
import { type CanonicalRecord } from "./canonical-fields";
import { type ActivityRow, type RowContext, contentHash, createRowValidator, encodeRowErrors, formatRowErrors, validateRow } from "./row-schemas";

const shanghai: RowContext = { timeZone: "Asia/Shanghai", defaultCurrency: "CNY" };

const validActivity: CanonicalRecord = {
  event_id: " E1 ",
  account_number: "6222020000000001",
  agent_id: "A007",
  agent_name: "李娜",
  occurred_at: "2026-03-02 09:05:00",
  type: "call",
  outcome: "CONNECTED",
  phone_number: "138-1234-5678",
  duration_seconds: "125",
  message_text: "  客户承诺月底前还款  ",
};

function errorsOf(kind: "PLACEMENTS" | "ACTIVITIES" | "COMPLAINTS", record: CanonicalRecord, context: RowContext = shanghai) {
  const result = validateRow(kind, record, context);
  return result.ok ? [] : result.errors.map((error) => ({ field: error.field, message: englishImportMessages([error.message]) }));
}

describe("activities", () => {
  test("a valid record becomes a typed row", () => {
    expect(validateRow("ACTIVITIES", validActivity, shanghai)).toEqual({
      ok: true,
      row: {
        eventId: "E1",
        accountNumber: "6222020000000001",
        agentId: "A007",
        agentName: "李娜",
        occurredAt: "2026-03-02T01:05:00.000Z",
        localTime: "2026-03-02 09:05:00",
        utcOffsetMinutes: 480,
        type: "CALL",
        direction: "OUTBOUND",
        contactParty: null,
        outcome: "CONNECTED",
        phoneNumber: "13812345678",
        address: null,
        durationSeconds: 125,
        // Free text is stored exactly as sent, surrounding spaces included.
        messageText: "  客户承诺月底前还款  ",
        amount: null,
        currency: null,
        promiseDueDate: null,
        visitors: null,
        recordingId: null,
      } satisfies ActivityRow,
    });
  });

  test("a payment gets the default currency and an exact amount", () => {
    const result = validateRow("ACTIVITIES", { event_id: "E2", account_number: "A1", occurred_at: "2026-03-04 10:00", type: "PAYMENT", amount: "1500" }, shanghai);
    expect(result.ok && result.row).toMatchObject({ type: "PAYMENT", amount: "1500.00", currency: "CNY", agentId: null });
  });

  test("formula-like text is kept verbatim as plain text", () => {
    const record = { ...validActivity, message_text: '=HYPERLINK("http://x","y")', agent_name: "@agent", address: "+1 main st" };
    const result = validateRow("ACTIVITIES", record, shanghai);
    expect(result.ok && [result.row.messageText, result.row.agentName, result.row.address]).toEqual(['=HYPERLINK("http://x","y")', "@agent", "+1 main st"]);
  });

  test.each([
    ["event_id", "event_id is required", { event_id: "" }],
    ["event_id", "event_id is required", { event_id: "   " }],
    ["occurred_at", "occurred_at is required", { occurred_at: undefined }],
    ["occurred_at", "occurred_at '2026-13-01 25:00' is not a valid time", { occurred_at: "2026-13-01 25:00" }],
    [
      "occurred_at",
      "occurred_at '03/02/2026 9:05' is not a date and time in a recognised format: use YYYY-MM-DD HH:mm[:ss] (local time) or ISO 8601 with an offset such as 2026-03-01T14:30:00+08:00",
      { occurred_at: "03/02/2026 9:05" },
    ],
    [
      "type",
      "type 'PHONE' is not one of CALL, SMS, EMAIL, LETTER, VISIT, PAYMENT, PROMISE, DISPUTE, CEASE_REQUEST, NOTE, CONSENT, CONSENT_REVOKED, ATTORNEY_NOTICE, CONTACT_RESTRICTION, VALIDATION_NOTICE, VERIFICATION_SENT",
      { type: "PHONE" },
    ],
    ["direction", "direction 'SIDEWAYS' is not one of OUTBOUND, INBOUND", { direction: "SIDEWAYS" }],
    [
      "contact_party",
      "contact_party 'NEIGHBOUR' is not one of DEBTOR, SPOUSE, FAMILY, THIRD_PARTY, EMPLOYER, UNKNOWN, ATTORNEY, EXECUTOR, PARENT_GUARDIAN, CONFIRMED_SUCCESSOR",
      { contact_party: "NEIGHBOUR" },
    ],
    [
      "outcome",
      "outcome 'HUNG_UP' is not one of CONNECTED, NO_ANSWER, VOICEMAIL, BUSY, NOT_IN_SERVICE, WRONG_NUMBER, REFUSED, DELIVERED, FAILED",
      { outcome: "HUNG_UP" },
    ],
    ["amount", "amount '-5' must be a number ≥ 0", { amount: "-5" }],
    ["amount", "amount 'five' must be a number ≥ 0", { amount: "five" }],
    ["duration_seconds", "duration_seconds '1.5' must be a whole number ≥ 0", { duration_seconds: "1.5" }],
    ["visitors", "visitors '-1' must be a whole number ≥ 0", { visitors: "-1" }],
    ["phone_number", "phone_number 'unknown' is not a valid phone number: use digits with an optional leading +", { phone_number: "unknown" }],
    ["promise_due_date", "promise_due_date '2026-02-30' is not a valid date", { promise_due_date: "2026-02-30" }],
    ["currency", "currency 'YUAN' is not an ISO 4217 currency code such as CNY or USD", { currency: "YUAN" }],
    ["message_text", "message_text is 10,001 characters; the limit is 10,000", { message_text: "字".repeat(10_001) }],
    ["agent_name", "agent_name is 501 characters; the limit is 500", { agent_name: "n".repeat(501) }],
    ["event_id", "event_id is 501 characters; the limit is 500", { event_id: "E".repeat(501) }],
  ])("%s: %s", (field, message, change) => {
    expect(errorsOf("ACTIVITIES", { ...validActivity, ...change })).toEqual([{ field, message }]);
  });

  test("message_text may be as long as 10,000 characters", () => {
    expect(validateRow("ACTIVITIES", { ...validActivity, message_text: "字".repeat(10_000) }, shanghai).ok).toBe(true);
  });

  test.each(["CALL", "SMS", "EMAIL", "VISIT"])("agent_id is required for %s", (type) => {
    expect(errorsOf("ACTIVITIES", { ...validActivity, type, agent_id: "" })).toEqual([{ field: "agent_id", message: `agent_id is required when type is ${type}` }]);
  });

  test.each(["LETTER", "PAYMENT", "PROMISE", "DISPUTE", "CEASE_REQUEST", "NOTE"])("agent_id is optional for %s", (type) => {
    expect(errorsOf("ACTIVITIES", { ...validActivity, type, agent_id: undefined })).toEqual([]);
  });

  test("every problem in a row is reported at once, cross-field rules included", () => {
    const result = validateRow("ACTIVITIES", { event_id: "E9", type: "sms", occurred_at: "yesterday", amount: "-1", outcome: "???" }, shanghai);
    const errors = result.ok ? [] : result.errors;
    expect(errors.map((error) => error.field)).toEqual(["account_number", "occurred_at", "outcome", "amount", "agent_id"]);
    expect(renderStoredRowError(encodeRowErrors(errors), "zh-CN")).toBe(
      "账号（account_number）为必填项；催收时间（occurred_at）“yesterday”不是可识别的日期时间格式：请使用 YYYY-MM-DD HH:mm[:ss]（当地时间）或带时差的 ISO 8601，如 2026-03-01T14:30:00+08:00；结果（outcome）“???”不是以下值之一：CONNECTED, NO_ANSWER, VOICEMAIL, BUSY, NOT_IN_SERVICE, WRONG_NUMBER, REFUSED, DELIVERED, FAILED；金额（amount）“-1”必须是不小于 0 的数字；类型为 SMS 时必须填写催收员编号（agent_id）",
    );
    expect(formatRowErrors(errors)).toBe(
      "account_number is required; occurred_at 'yesterday' is not a date and time in a recognised format: use YYYY-MM-DD HH:mm[:ss] (local time) or ISO 8601 with an offset such as 2026-03-01T14:30:00+08:00; outcome '???' is not one of CONNECTED, NO_ANSWER, VOICEMAIL, BUSY, NOT_IN_SERVICE, WRONG_NUMBER, REFUSED, DELIVERED, FAILED; amount '-1' must be a number ≥ 0; agent_id is required when type is SMS",
    );
  });

  test("times without an offset are read in the context's zone, including its daylight saving rules", () => {
    const newYork = { timeZone: "America/New_York", defaultCurrency: "USD" };
    expect(errorsOf("ACTIVITIES", { ...validActivity, occurred_at: "2026-03-08 02:30" }, newYork)).toEqual([
      { field: "occurred_at", message: "occurred_at '2026-03-08 02:30' does not exist in America/New_York: clocks skip that time when daylight saving time starts" },
    ]);
    const result = validateRow("ACTIVITIES", { ...validActivity, occurred_at: "2026-11-01 01:30" }, newYork);
    expect(result.ok && [result.row.occurredAt, result.row.utcOffsetMinutes]).toEqual(["2026-11-01T05:30:00.000Z", -240]);
  });

  test("the profile's date format applies to every date field", () => {
    const context = { ...shanghai, dateFormat: "dd.MM.yyyy HH:mm" };
    const result = validateRow("ACTIVITIES", { ...validActivity, occurred_at: "02.03.2026 09:05", type: "PROMISE", promise_due_date: "10.03.2026" }, context);
    expect(result.ok && [result.row.occurredAt, result.row.promiseDueDate]).toEqual(["2026-03-02T01:05:00.000Z", "2026-03-10"]);
  });
});

describe("placements", () => {
  const validPlacement: CanonicalRecord = {
    account_number: "6222020000000001",
    customer_id: "C100001",
    agency_code: "HZ01",
    placed_at: "2026/3/1",
    placed_balance: "15,800",
    debtor_phones: "138-1234-5678; +86 139 0000 1111",
    debtor_timezone: "asia/shanghai",
    third_party_consent: "否",
    dpd_at_placement: "95",
  };

  test("a valid record becomes a typed row with the default currency", () => {
    expect(validateRow("PLACEMENTS", validPlacement, shanghai)).toEqual({
      ok: true,
      row: {
        accountNumber: "6222020000000001",
        customerId: "C100001",
        agencyCode: "HZ01",
        placedAt: "2026-03-01",
        placedBalance: "15800.00",
        currency: "CNY",
        recalledAt: null,
        dpdAtPlacement: 95,
        product: null,
        debtorName: null,
        debtorPhones: ["13812345678", "+8613900001111"],
        debtorTimeZone: "Asia/Shanghai",
        thirdPartyConsent: false,
      },
    });
  });

  test.each([
    ["MA", "MA"],
    ["massachusetts", "MA"],
    ["纽约州", "NY"],
    ["Washington", "WA"],
    ["", undefined],
  ])("state %j is stored as %j", (state, code) => {
    const result = validateRow("PLACEMENTS", { ...validPlacement, state }, shanghai);
    expect(result.ok && result.row.debtorState).toBe(code);
  });

  test("absent optional values are null, phones an empty list", () => {
    const { debtor_phones: _phones, debtor_timezone: _zone, third_party_consent: _consent, dpd_at_placement: _dpd, ...minimal } = validPlacement;
    const result = validateRow("PLACEMENTS", minimal, shanghai);
    expect(result.ok && result.row).toMatchObject({ debtorPhones: [], debtorTimeZone: null, thirdPartyConsent: null, dpdAtPlacement: null });
  });

  test.each([
    ["placed_balance", "placed_balance '-100' must be a number ≥ 0", { placed_balance: "-100" }],
    ["placed_balance", "placed_balance is required", { placed_balance: "" }],
    ["placed_at", "placed_at '1 March 2026' is not a date in a recognised format: use YYYY-MM-DD", { placed_at: "1 March 2026" }],
    ["recalled_at", "recalled_at 2026-02-01 is before placed_at 2026-03-01", { recalled_at: "2026-02-01" }],
    ["debtor_timezone", "debtor_timezone 'CST' is not an IANA time zone such as Asia/Shanghai", { debtor_timezone: "CST" }],
    ["third_party_consent", "third_party_consent 'unknown' must be true or false", { third_party_consent: "unknown" }],
    ["dpd_at_placement", "dpd_at_placement '-3' must be a whole number ≥ 0", { dpd_at_placement: "-3" }],
    ["state", "state 'Mass' is not a US state: use its two-letter code such as MA or NY, or its name", { state: "Mass" }],
    ["state", "state '上海' is not a US state: use its two-letter code such as MA or NY, or its name", { state: "上海" }],
  ])("%s: %s", (field, message, change) => {
    expect(errorsOf("PLACEMENTS", { ...validPlacement, ...change })).toEqual([{ field, message }]);
  });
});

describe("complaints", () => {
  const validComplaint: CanonicalRecord = {
    complaint_id: "CP-1",
    received_at: "2026-03-07",
    source: "non borrower",
    category: "错误号码",
    description: "=cmd|' /C calc'!A0",
    phone_number: "136 0000 5555",
  };

  test("a valid record becomes a typed row; a date alone is the start of that day", () => {
    expect(validateRow("COMPLAINTS", validComplaint, shanghai)).toEqual({
      ok: true,
      row: {
        complaintId: "CP-1",
        accountNumber: null,
        agencyCode: null,
        agentId: null,
        receivedAt: "2026-03-06T16:00:00.000Z",
        source: "NON_BORROWER",
        category: "错误号码",
        severity: "MEDIUM",
        description: "=cmd|' /C calc'!A0",
        phoneNumber: "13600005555",
      },
    });
  });

  test.each([
    ["source", "source 'NEIGHBOUR' is not one of DEBTOR, FAMILY, THIRD_PARTY, NON_BORROWER, REGULATOR, MEDIA", { source: "NEIGHBOUR" }],
    ["severity", "severity 'CRITICAL' is not one of LOW, MEDIUM, HIGH", { severity: "CRITICAL" }],
    ["category", "category is required", { category: " " }],
    ["received_at", "received_at '2026-02-30' is not a valid date", { received_at: "2026-02-30" }],
  ])("%s: %s", (field, message, change) => {
    expect(errorsOf("COMPLAINTS", { ...validComplaint, ...change })).toEqual([{ field, message }]);
  });
});

describe("validator setup", () => {
  test("an unusable context is a configuration error, not a row error", () => {
    expect(() => createRowValidator("ACTIVITIES", { timeZone: "Mars/Base", defaultCurrency: "CNY" })).toThrow("import time zone 'Mars/Base' is not an IANA time zone");
    expect(() => createRowValidator("ACTIVITIES", { timeZone: "UTC", defaultCurrency: "RMB" })).toThrow("default currency 'RMB' is not an ISO 4217 code");
  });

  test("values that are not text are reported rather than crashing", () => {
    const errors = errorsOf("ACTIVITIES", { ...validActivity, duration_seconds: 125 as unknown as string });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.field).toBe("duration_seconds");
  });
});

describe("contentHash", () => {
  function activityRow(change: CanonicalRecord = {}): ActivityRow {
    const result = validateRow("ACTIVITIES", { ...validActivity, ...change }, shanghai);
    if (!result.ok) throw new Error(formatRowErrors(result.errors));
    return result.row;
  }

  test("is a SHA-256 hex digest, independent of key order", () => {
    const row = activityRow();
    const reversed = Object.fromEntries(Object.entries(row).reverse()) as unknown as ActivityRow;
    expect(contentHash(row)).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash(reversed)).toBe(contentHash(row));
  });

  test("an identical resend hashes the same even when the time is written differently", () => {
    expect(contentHash(activityRow({ occurred_at: "2026/3/2 9:05" }))).toBe(contentHash(activityRow({ occurred_at: "2026-03-02 09:05:00" })));
    expect(contentHash(activityRow({ occurred_at: "2026-03-02T09:05:00+08:00" }))).toBe(contentHash(activityRow()));
  });

  test.each([
    [{ outcome: "NO_ANSWER" }],
    [{ occurred_at: "2026-03-02 09:06:00" }],
    [{ message_text: "客户承诺月底前还款" }],
    [{ duration_seconds: "" }],
  ])("a conflicting resend (%o) hashes differently", (change) => {
    expect(contentHash(activityRow(change))).not.toBe(contentHash(activityRow()));
  });
});

// Regulation F facts (ADR 027): each must fit its row's type, and a row without them hashes as it did before.
describe("activities: Regulation F facts", () => {
  const fact = (record: CanonicalRecord) => ({ event_id: "F1", account_number: "A1", occurred_at: "2026-03-02 09:05", ...record });

  test("a consent with its scope and an end date alone: the end of that day in the agency's zone", () => {
    const result = validateRow("ACTIVITIES", fact({ type: "CONSENT", consent_scope: "INCONVENIENT_TIME", contact_party: "DEBTOR", ends_at: "2026-03-09" }), shanghai);
    expect(result.ok && result.row).toMatchObject({ type: "CONSENT", consentScope: "INCONVENIENT_TIME", contactParty: "DEBTOR", endsAt: "2026-03-09T16:00:00.000Z" });
  });

  test.each([
    ["a time restriction, hours normalised", { type: "CONTACT_RESTRICTION", restriction: "INCONVENIENT_TIME", restricted_hours: "0:00～10:00" }, { restriction: "INCONVENIENT_TIME", restrictedHours: "00:00-10:00" }],
    ["a place restriction (work)", { type: "CONTACT_RESTRICTION", restriction: "INCONVENIENT_PLACE", place: "WORK" }, { restriction: "INCONVENIENT_PLACE", place: "WORK" }],
    ["a medium opt-out of one number", { type: "CONTACT_RESTRICTION", restriction: "MEDIUM", restricted_medium: "sms", phone_number: "+1 312 555 0100" }, { restrictedMedium: "SMS", phoneNumber: "+13125550100" }],
    ["an oral dispute", { type: "DISPUTE", dispute_form: "oral" }, { disputeForm: "ORAL" }],
    ["a validation notice with its period", { type: "VALIDATION_NOTICE", ends_at: "2026-04-10 23:59" }, { type: "VALIDATION_NOTICE", endsAt: "2026-04-10T15:59:00.000Z" }],
    ["a limited-content voicemail", { type: "CALL", agent_id: "A1", outcome: "VOICEMAIL", voicemail_content: "limited content" }, { voicemailContent: "LIMITED_CONTENT" }],
    ["the consumer's executor", { type: "CALL", agent_id: "A1", contact_party: "EXECUTOR" }, { contactParty: "EXECUTOR" }],
    ["the consumer's attorney", { type: "ATTORNEY_NOTICE", contact_party: "ATTORNEY" }, { type: "ATTORNEY_NOTICE", contactParty: "ATTORNEY" }],
    ["where a call reached the consumer", { type: "CALL", agent_id: "A1", place: "WORK" }, { place: "WORK" }],
  ])("%s", (_name, record, expected) => {
    const result = validateRow("ACTIVITIES", fact(record), shanghai);
    expect(result.ok ? result.row : result.errors).toMatchObject(expected);
  });

  test.each([
    ["consent_scope", "consent_scope is required when type is CONSENT", { type: "CONSENT" }],
    ["consent_scope", "consent_scope is required when type is CONSENT_REVOKED", { type: "CONSENT_REVOKED" }],
    ["consent_scope", "consent_scope applies only when type is CONSENT, CONSENT_REVOKED; this row's type is NOTE", { type: "NOTE", consent_scope: "TEXT_NUMBER" }],
    ["restriction", "restriction is required when type is CONTACT_RESTRICTION", { type: "CONTACT_RESTRICTION" }],
    ["restricted_hours", "restricted_hours is required when restriction is INCONVENIENT_TIME", { type: "CONTACT_RESTRICTION", restriction: "INCONVENIENT_TIME" }],
    ["restricted_hours", "restricted_hours '10:00' is not a range of hours such as 00:00-10:00 (HH:mm-HH:mm, start and end different)", { type: "CONTACT_RESTRICTION", restriction: "INCONVENIENT_TIME", restricted_hours: "10:00" }],
    ["restricted_hours", "restricted_hours '09:00-09:00' is not a range of hours such as 00:00-10:00 (HH:mm-HH:mm, start and end different)", { type: "CONTACT_RESTRICTION", restriction: "INCONVENIENT_TIME", restricted_hours: "09:00-09:00" }],
    ["restricted_hours", "restricted_hours applies only when restriction is INCONVENIENT_TIME", { type: "CONTACT_RESTRICTION", restriction: "MEDIUM", restricted_medium: "SMS", restricted_hours: "00:00-10:00" }],
    ["restricted_hours", "restricted_hours applies only when type is CONTACT_RESTRICTION; this row's type is NOTE", { type: "NOTE", restricted_hours: "00:00-10:00" }],
    ["place", "place is required when restriction is INCONVENIENT_PLACE", { type: "CONTACT_RESTRICTION", restriction: "INCONVENIENT_PLACE" }],
    ["restricted_medium", "restricted_medium is required when restriction is MEDIUM", { type: "CONTACT_RESTRICTION", restriction: "MEDIUM" }],
    ["restricted_medium", "restricted_medium 'PAYMENT' is not one of CALL, SMS, EMAIL, LETTER, VISIT", { type: "CONTACT_RESTRICTION", restriction: "MEDIUM", restricted_medium: "PAYMENT" }],
    ["dispute_form", "dispute_form applies only when type is DISPUTE; this row's type is NOTE", { type: "NOTE", dispute_form: "WRITTEN" }],
    ["ends_at", "ends_at applies only when type is CONSENT, CONTACT_RESTRICTION, VALIDATION_NOTICE; this row's type is NOTE", { type: "NOTE", ends_at: "2026-04-01" }],
    ["ends_at", "ends_at '2026-03-01' is not after occurred_at", { type: "CONSENT", consent_scope: "CALLS_ABOUT_DEBT", ends_at: "2026-03-01" }],
    ["voicemail_content", "voicemail_content applies only to a CALL whose outcome is VOICEMAIL", { type: "CALL", agent_id: "A1", outcome: "CONNECTED", voicemail_content: "REVEALS_DEBT" }],
  ])("%s: %s", (field, message, record) => {
    expect(errorsOf("ACTIVITIES", fact(record))).toEqual([{ field, message }]);
  });

  test("a row without facts keeps the content hash it had before the facts existed", () => {
    const result = validateRow("ACTIVITIES", validActivity, shanghai);
    expect(result.ok && Object.keys(result.row)).not.toContain("consentScope");
    // The hash this row had before the facts were added: a resend of an older file stays a duplicate.
    expect(result.ok && contentHash(result.row)).toBe("339e128239eb8de00ba39cbcc785a06cea2ec551e615012f715a2cf78bef1deb");
  });

  test("possible_timezones on a placement: canonical spellings, repeats dropped, an unknown zone refused", () => {
    const placement = { account_number: "A1", customer_id: "C1", agency_code: "US01", placed_at: "2026-03-01", placed_balance: "100" };
    const result = validateRow("PLACEMENTS", { ...placement, possible_timezones: "america/chicago; America/Denver;America/Chicago" }, shanghai);
    expect(result.ok && result.row.possibleTimeZones).toEqual(["America/Chicago", "America/Denver"]);
    expect(errorsOf("PLACEMENTS", { ...placement, possible_timezones: "America/Chicago;CST" })).toEqual([
      { field: "possible_timezones", message: "possible_timezones 'CST' is not an IANA time zone such as Asia/Shanghai" },
    ]);
  });
});
