import { describe, expect, test } from "vitest";
import * as parsers from "./field-parsers";
import { characterLength, resolveWallClock, showValue, type Parsed } from "./field-parsers";
import { englishImportMessages, renderImportMessage } from "./import-message";

// The parsers return a message key and params; these tables read them as the English a sender gets.
const inEnglish =
  <Args extends unknown[], T>(parse: (...args: Args) => Parsed<T>) =>
  (...args: Args): { ok: true; value: T } | { ok: false; message: string } => {
    const result = parse(...args);
    return result.ok ? result : { ok: false, message: englishImportMessages([result.message]) };
  };
const checkLength = inEnglish(parsers.checkLength);
const normalisePhone = inEnglish(parsers.normalisePhone);
const parseBoolean = inEnglish(parsers.parseBoolean);
const parseCurrency = inEnglish(parsers.parseCurrency);
const parseDate = inEnglish(parsers.parseDate);
const parseDateTime = inEnglish(parsers.parseDateTime);
const parseDecimal = inEnglish(parsers.parseDecimal);
const parseNonNegativeInteger = inEnglish(parsers.parseNonNegativeInteger);
const parsePhoneList = inEnglish(parsers.parsePhoneList);
const parseTimeZone = inEnglish(parsers.parseTimeZone);
const parseEnum = <T extends string>(raw: string, field: string, allowed: readonly T[]) => inEnglish(parsers.parseEnum<T>)(raw, field, allowed);

const valueOf = <T>(result: { ok: true; value: T } | { ok: false; message: string }) => (result.ok ? result.value : `ERROR: ${result.message}`);

describe("parseDecimal: exact money strings, never floats", () => {
  test.each([
    ["1234.5", "1234.50"],
    ["1234.50", "1234.50"],
    ["0", "0.00"],
    ["007", "7.00"],
    [".5", "0.50"],
    ["5.", "5.00"],
    ["+12", "12.00"],
    ["1,234,567.89", "1234567.89"],
    ["12.500", "12.50"],
    [" 99.9 ", "99.90"],
    ["１２３.４", "123.40"],
    ["'1500", "1500.00"],
    ["999999999999.99", "999999999999.99"],
    ["0.1", "0.10"],
  ])("%s → %s", (raw, expected) => {
    expect(valueOf(parseDecimal(raw, "amount"))).toBe(expected);
  });

  test.each([
    ["-5", "amount '-5' must be a number ≥ 0"],
    ["abc", "amount 'abc' must be a number ≥ 0"],
    ["(5.00)", "amount '(5.00)' must be a number ≥ 0"],
    ["1e5", "amount '1e5' must be a number ≥ 0"],
    ["¥100", "amount '¥100' must be a number ≥ 0"],
    ["1,23", "amount '1,23' must be a number ≥ 0"],
    ["12.345", "amount '12.345' has more than 2 decimal places"],
    ["1000000000000", "amount '1000000000000' is too large"],
    [".", "amount '.' must be a number ≥ 0"],
  ])("%s is refused", (raw, message) => {
    expect(parseDecimal(raw, "amount")).toEqual({ ok: false, message });
  });
});

describe("parseNonNegativeInteger", () => {
  test.each([
    ["125", 125],
    ["0", 0],
    ["12.0", 12],
    ["+3", 3],
    ["２", 2],
    ["2147483647", 2147483647],
  ])("%s → %s", (raw, expected) => {
    expect(valueOf(parseNonNegativeInteger(raw, "duration_seconds"))).toBe(expected);
  });

  test.each([
    ["-1", "duration_seconds '-1' must be a whole number ≥ 0"],
    ["12.5", "duration_seconds '12.5' must be a whole number ≥ 0"],
    ["two", "duration_seconds 'two' must be a whole number ≥ 0"],
    ["2147483648", "duration_seconds '2147483648' is too large"],
  ])("%s is refused", (raw, message) => {
    expect(parseNonNegativeInteger(raw, "duration_seconds")).toEqual({ ok: false, message });
  });
});

describe("codes and flags", () => {
  test.each([
    ["true", true],
    ["FALSE", false],
    ["Yes", true],
    ["n", false],
    ["1", true],
    ["是", true],
    ["否", false],
  ])("boolean %s → %s", (raw, expected) => {
    expect(valueOf(parseBoolean(raw, "third_party_consent"))).toBe(expected);
  });

  test("a boolean that is neither", () => {
    expect(parseBoolean("maybe", "third_party_consent")).toEqual({ ok: false, message: "third_party_consent 'maybe' must be true or false" });
  });

  test.each([
    ["CALL", "CALL"],
    ["call", "CALL"],
    [" no answer ", "NO_ANSWER"],
    ["not-in-service", "NOT_IN_SERVICE"],
    ["Ｃａｌｌ", "CALL"],
  ])("enum %j → %s", (raw, expected) => {
    expect(valueOf(parseEnum(raw, "outcome", ["CALL", "NO_ANSWER", "NOT_IN_SERVICE"]))).toBe(expected);
  });

  test("an unknown enum value lists the allowed ones", () => {
    expect(parseEnum("PHONE", "type", ["CALL", "SMS", "EMAIL"])).toEqual({ ok: false, message: "type 'PHONE' is not one of CALL, SMS, EMAIL" });
  });

  test.each([
    ["cny", "CNY"],
    [" USD ", "USD"],
  ])("currency %j → %s", (raw, expected) => {
    expect(valueOf(parseCurrency(raw, "currency"))).toBe(expected);
  });

  test.each(["XYZ", "RMB", "US"])("currency %s is refused", (raw) => {
    expect(parseCurrency(raw, "currency")).toEqual({ ok: false, message: `currency '${raw}' is not an ISO 4217 currency code such as CNY or USD` });
  });

  test.each([
    ["Asia/Shanghai", "Asia/Shanghai"],
    ["asia/shanghai", "Asia/Shanghai"],
    ["America/New_York", "America/New_York"],
    ["UTC", "UTC"],
  ])("time zone %s → %s", (raw, expected) => {
    expect(valueOf(parseTimeZone(raw, "debtor_timezone"))).toBe(expected);
  });

  test.each(["China", "GMT+8 Beijing", "Mars/Olympus", "CST", "EST", "PRC"])("time zone %s is refused", (raw) => {
    expect(parseTimeZone(raw, "debtor_timezone")).toEqual({ ok: false, message: `debtor_timezone '${raw}' is not an IANA time zone such as Asia/Shanghai` });
  });
});

describe("phone numbers: digits with an optional leading +", () => {
  test.each([
    ["13812345678", "13812345678"],
    ["138-1234-5678", "13812345678"],
    ["138 1234 5678", "13812345678"],
    ["+86 138 1234 5678", "+8613812345678"],
    ["(646) 555-0199", "6465550199"],
    ["+1.212.555.0143", "+12125550143"],
    ["１３８１２３４５６７８", "13812345678"],
    ["'+8613812345678", "+8613812345678"],
  ])("%s → %s", (raw, expected) => {
    expect(valueOf(normalisePhone(raw, "phone_number"))).toBe(expected);
  });

  test.each(["12", "138-1234-567x", "1.38123E+10", "++86138", "call me"])("%s is refused", (raw) => {
    expect(normalisePhone(raw, "phone_number")).toEqual({
      ok: false,
      message: `phone_number '${raw}' is not a valid phone number: use digits with an optional leading +`,
    });
  });

  test("lists split on ; (also full-width), drop blanks and duplicates", () => {
    expect(valueOf(parsePhoneList("138-1234-5678; 13900001111；;13812345678", "debtor_phones"))).toEqual(["13812345678", "13900001111"]);
    expect(parsePhoneList("13812345678;oops", "debtor_phones")).toEqual({
      ok: false,
      message: "debtor_phones 'oops' is not a valid phone number: use digits with an optional leading +",
    });
  });
});

describe("parseDate", () => {
  test.each([
    ["2026-03-01", "2026-03-01"],
    ["2026/3/1", "2026-03-01"],
    ["2026.03.01", "2026-03-01"],
    ["20260301", "2026-03-01"],
    ["2026年3月1日", "2026-03-01"],
    ["２０２６－０３－０１", "2026-03-01"],
    ["2026-03-01 00:00:00", "2026-03-01"],
    ["2024-02-29", "2024-02-29"],
  ])("%s → %s", (raw, expected) => {
    expect(valueOf(parseDate(raw, "placed_at"))).toBe(expected);
  });

  test.each([
    ["2026-02-29", "placed_at '2026-02-29' is not a valid date"],
    ["2026-13-01", "placed_at '2026-13-01' is not a valid date"],
    ["0226-03-01", "placed_at '0226-03-01' is outside the supported years 1900–2100"],
    ["01/03/2026", "placed_at '01/03/2026' is not a date in a recognised format: use YYYY-MM-DD"],
    ["2026-03/01", "placed_at '2026-03/01' is not a date in a recognised format: use YYYY-MM-DD"],
    ["March 1st", "placed_at 'March 1st' is not a date in a recognised format: use YYYY-MM-DD"],
    ["2026-03-01 10:30", "placed_at '2026-03-01 10:30' must be a date without a time of day"],
  ])("%s is refused", (raw, message) => {
    expect(parseDate(raw, "placed_at")).toEqual({ ok: false, message });
  });

  test("a profile format is tried first; its date part also applies to date-only fields", () => {
    expect(valueOf(parseDate("01/03/2026", "placed_at", { dateFormat: "dd/MM/yyyy" }))).toBe("2026-03-01");
    expect(valueOf(parseDate("01/03/2026", "placed_at", { dateFormat: "dd/MM/yyyy HH:mm" }))).toBe("2026-03-01");
    expect(parseDate("31/02/2026", "placed_at", { dateFormat: "dd/MM/yyyy" })).toEqual({ ok: false, message: "placed_at '31/02/2026' is not a valid date" });
    expect(parseDate("1 March", "placed_at", { dateFormat: "dd/MM/yyyy" })).toEqual({
      ok: false,
      message: "placed_at '1 March' is not a date in a recognised format: use YYYY-MM-DD, or the mapping profile's format dd/MM/yyyy",
    });
  });
});

describe("parseDateTime", () => {
  const shanghai = { timeZone: "Asia/Shanghai" };
  const newYork = { timeZone: "America/New_York" };

  test.each([
    ["2026-03-01 14:30", shanghai, "2026-03-01T06:30:00.000Z", 480],
    ["2026-03-01 14:30:15", shanghai, "2026-03-01T06:30:15.000Z", 480],
    ["2026-03-01T14:30:15.250", shanghai, "2026-03-01T06:30:15.250Z", 480],
    ["2026/3/1 9:05", shanghai, "2026-03-01T01:05:00.000Z", 480],
    ["2026年3月1日 09:05", shanghai, "2026-03-01T01:05:00.000Z", 480],
    ["2026-03-01 14:30", newYork, "2026-03-01T19:30:00.000Z", -300],
    ["2026-07-01 14:30", newYork, "2026-07-01T18:30:00.000Z", -240],
    // With an offset the text is exact, whatever the agency's zone.
    ["2026-03-01T14:30:00+08:00", newYork, "2026-03-01T06:30:00.000Z", 480],
    ["2026-03-01T14:30:00Z", shanghai, "2026-03-01T14:30:00.000Z", 0],
    ["2026-03-01 14:30:00-0500", shanghai, "2026-03-01T19:30:00.000Z", -300],
    ["2026-03-01T14:30+05:30", shanghai, "2026-03-01T09:00:00.000Z", 330],
  ])("%s in %o → %s (offset %s)", (raw, options, utc, offsetMinutes) => {
    expect(parseDateTime(raw, "occurred_at", options)).toEqual({ ok: true, value: { utc, offsetMinutes, local: raw } });
  });

  test("the agency's own text is kept as the local time, trimmed", () => {
    expect(valueOf(parseDateTime(" 2026/3/1 9:05 ", "occurred_at", shanghai))).toMatchObject({ local: "2026/3/1 9:05" });
  });

  test.each([
    ["2026-13-01 25:00", "occurred_at '2026-13-01 25:00' is not a valid time"],
    ["2026-02-30 10:00", "occurred_at '2026-02-30 10:00' is not a valid time"],
    ["2026-03-01 24:00", "occurred_at '2026-03-01 24:00' is not a valid time"],
    ["2026-03-01 10:61", "occurred_at '2026-03-01 10:61' is not a valid time"],
    ["1850-03-01 10:00", "occurred_at '1850-03-01 10:00' is outside the supported years 1900–2100"],
    [
      "01/03/2026 14:30",
      "occurred_at '01/03/2026 14:30' is not a date and time in a recognised format: use YYYY-MM-DD HH:mm[:ss] (local time) or ISO 8601 with an offset such as 2026-03-01T14:30:00+08:00",
    ],
    [
      "yesterday",
      "occurred_at 'yesterday' is not a date and time in a recognised format: use YYYY-MM-DD HH:mm[:ss] (local time) or ISO 8601 with an offset such as 2026-03-01T14:30:00+08:00",
    ],
    [
      "2026-03-01",
      "occurred_at '2026-03-01' has no time of day: use YYYY-MM-DD HH:mm[:ss] (local time) or ISO 8601 with an offset such as 2026-03-01T14:30:00+08:00",
    ],
    ["2026-03-01T10:00:00+15:00", "occurred_at '2026-03-01T10:00:00+15:00' has an impossible UTC offset"],
  ])("%s is refused", (raw, message) => {
    expect(parseDateTime(raw, "occurred_at", shanghai)).toEqual({ ok: false, message });
  });

  test("a date alone is the start of that day when allowed (complaints)", () => {
    expect(valueOf(parseDateTime("2026-03-07", "received_at", { ...shanghai, allowDateOnly: true }))).toEqual({
      utc: "2026-03-06T16:00:00.000Z",
      offsetMinutes: 480,
      local: "2026-03-07",
    });
  });

  describe("daylight saving time", () => {
    test("a local time skipped when clocks go forward does not exist", () => {
      expect(parseDateTime("2026-03-08 02:30", "occurred_at", newYork)).toEqual({
        ok: false,
        message: "occurred_at '2026-03-08 02:30' does not exist in America/New_York: clocks skip that time when daylight saving time starts",
      });
    });

    test("a local time that happens twice when clocks go back takes the earlier instant (the daylight offset)", () => {
      expect(valueOf(parseDateTime("2026-11-01 01:30", "occurred_at", newYork))).toEqual({
        utc: "2026-11-01T05:30:00.000Z",
        offsetMinutes: -240,
        local: "2026-11-01 01:30",
      });
    });

    test.each([
      ["2026-03-08 01:59", "2026-03-08T06:59:00.000Z", -300],
      ["2026-03-08 03:00", "2026-03-08T07:00:00.000Z", -240],
      ["2026-11-01 00:59", "2026-11-01T04:59:00.000Z", -240],
      ["2026-11-01 02:00", "2026-11-01T07:00:00.000Z", -300],
    ])("around the transitions: %s → %s", (raw, utc, offsetMinutes) => {
      expect(valueOf(parseDateTime(raw, "occurred_at", newYork))).toMatchObject({ utc, offsetMinutes });
    });

    test("resolveWallClock reports the gap and the overlap explicitly", () => {
      // London: clocks go forward at 01:00 on 29 March 2026 and back at 02:00 on 25 October 2026.
      const wall = { year: 2026, month: 3, day: 29, hour: 1, minute: 30, second: 0, millisecond: 0 };
      expect(resolveWallClock(wall, "Europe/London")).toEqual({ ok: false });
      expect(resolveWallClock({ ...wall, month: 10, day: 25, hour: 1 }, "Europe/London")).toEqual({
        ok: true,
        epochMilliseconds: Date.UTC(2026, 9, 25, 0, 30),
        offsetMinutes: 60,
      });
      expect(resolveWallClock({ ...wall, hour: 12 }, "Asia/Shanghai")).toEqual({ ok: true, epochMilliseconds: Date.UTC(2026, 2, 29, 4, 30), offsetMinutes: 480 });
      expect(resolveWallClock({ ...wall, hour: 2 }, "Europe/London")).toEqual({ ok: true, epochMilliseconds: Date.UTC(2026, 2, 29, 1, 30), offsetMinutes: 60 });
    });
  });

  test("the profile's date format is tried first and read in the agency's zone", () => {
    const options = { ...shanghai, dateFormat: "dd/MM/yyyy HH:mm" };
    expect(valueOf(parseDateTime("01/03/2026 14:30", "occurred_at", options))).toMatchObject({ utc: "2026-03-01T06:30:00.000Z" });
    expect(parseDateTime("32/03/2026 14:30", "occurred_at", options)).toEqual({ ok: false, message: "occurred_at '32/03/2026 14:30' is not a valid time" });
    // The built-in formats still work alongside the profile's.
    expect(valueOf(parseDateTime("2026-03-01T14:30:00+08:00", "occurred_at", options))).toMatchObject({ utc: "2026-03-01T06:30:00.000Z" });
    expect(valueOf(parseDateTime("2026-03-01 14:30 +0100", "occurred_at", { ...shanghai, dateFormat: "yyyy-MM-dd HH:mm ZZZ" }))).toMatchObject({
      utc: "2026-03-01T13:30:00.000Z",
      offsetMinutes: 60,
    });
  });
});

describe("lengths and messages", () => {
  test("length counts characters as the database does", () => {
    expect(characterLength("客户😀")).toBe(3);
    expect(checkLength("好".repeat(500), "agent_name", 500)).toEqual({ ok: true, value: "好".repeat(500) });
    expect(checkLength("x".repeat(10_001), "message_text", 10_000)).toEqual({ ok: false, message: "message_text is 10,001 characters; the limit is 10,000" });
  });

  test("long values are shortened when quoted in messages", () => {
    expect(showValue("short")).toBe("short");
    expect(showValue("a".repeat(100))).toBe(`${"a".repeat(60)}…`);
  });

  test.each([
    [parsers.parseDecimal("-5", "amount"), "金额（amount）“-5”必须是不小于 0 的数字"],
    [parsers.checkLength("x".repeat(10_001), "message_text", 10_000), "短信/备注内容（message_text）长 10,001 个字符，上限为 10,000"],
    [parsers.normalisePhone("138-12ab", "phone_number"), "电话号码（phone_number）“138-12ab”不是有效的电话号码：只能包含数字，可在开头加 +"],
    [parsers.parseEnum("PHONE", "type", ["CALL", "SMS"]), "催收方式（type）“PHONE”不是以下值之一：CALL, SMS"],
    [parsers.parseDate("1 March", "placed_at", { dateFormat: "dd/MM/yyyy" }), "委案日期（placed_at）“1 March”不是可识别的日期格式：请使用 YYYY-MM-DD，或映射配置的格式 dd/MM/yyyy"],
    [parsers.parseDate("1850-01-01", "placed_at"), "委案日期（placed_at）“1850-01-01”的年份超出支持范围 1900–2100"],
  ])("in Chinese: %j", (result, chinese) => {
    expect(result.ok ? null : renderImportMessage(result.message, "zh-CN")).toBe(chinese);
  });
});
