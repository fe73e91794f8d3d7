import { describe, expect, test } from "vitest";
import { createI18n } from "~/i18n/i18n-context";
import { formatAxisTick, formatChange, formatIndexInterval, formatMetric, formatTileValue } from "./format-metric";

const en = createI18n("en");
const zh = createI18n("zh-CN");

describe("formatMetric", () => {
  test.each([
    ["money", 1234.5, "CNY", "CN¥1,234.50"],
    ["percent", 0.1234, "CNY", "12.3%"],
    ["percent", null, "CNY", "—"],
    ["per1000", 3.456, "CNY", "3.46"],
    ["per1000", null, "CNY", "—"],
    ["index", 103.6, "CNY", "104"],
    ["count", 12345, "USD", "12,345"],
    ["money", 10, "USD", "$10.00"],
  ] as const)("%s %s → %s", (format, value, currency, expected) => {
    expect(formatMetric(en, format, value, currency)).toBe(expected);
  });

  test("Chinese formatting of money", () => {
    expect(formatMetric(zh, "money", 1234.5, "CNY")).toBe("¥1,234.50");
  });
});

describe("formatIndexInterval", () => {
  test.each([
    [{ value: 104.2, low: 96.6, high: 111.4 }, "104 (97–111)"],
    [{ value: 80, low: 80, high: 80 }, "80 (80–80)"],
    [null, "—"],
  ])("%j → %s", (interval, expected) => {
    expect(formatIndexInterval(en, interval)).toBe(expected);
  });
});

describe("formatChange", () => {
  test.each([
    [0.123, "relative", "money", "+12.3%"],
    [-0.05, "relative", "count", "−5.0%"],
    [0, "relative", "count", "±0.0%"],
    [0.015, "points", "percent", "+1.5 pts"],
    [-0.5, "points", "per1000", "−0.50"],
    [null, "points", "percent", "—"],
  ] as const)("%s %s %s → %s", (change, kind, format, expected) => {
    expect(formatChange(en, change, kind, format, "pts")).toBe(expected);
  });
});

describe("formatAxisTick", () => {
  test.each([
    ["en", "money", 2_400_000, "CNY", "CN¥2.4M"],
    ["zh-CN", "money", 2_400_000, "CNY", "¥240万"],
    ["en", "count", 1500, "CNY", "1.5K"],
    ["en", "count", 3, "CNY", "3"],
  ] as const)("%s %s %s → %s", (locale, format, value, currency, expected) => {
    expect(formatAxisTick(locale, format, value, currency)).toBe(expected);
  });
});

describe("formatTileValue", () => {
  test.each([
    ["en", "money", 402_888_646.12, "CNY", "CN¥402.89M"],
    ["zh-CN", "money", 402_888_646.12, "CNY", "¥4.03亿"],
    ["en", "money", 80_707_685.7, "USD", "$80.71M"],
    ["zh-CN", "money", 65_135_117, "CNY", "¥6513.51万"],
    ["en", "money", 999_999.5, "CNY", "CN¥999,999.50"],
    ["en", "money", -2_500_000, "CNY", "-CN¥2.50M"],
    ["en", "count", 18_655, "CNY", "18,655"],
    ["en", "count", 1_250_000, "CNY", "1.25M"],
    ["en", "percent", 0.25, "CNY", "25.0%"],
    ["en", "money", null, "CNY", "—"],
  ] as const)("%s %s %s → %s", (locale, format, value, currency, expected) => {
    expect(formatTileValue(createI18n(locale), format, value, currency)).toBe(expected);
  });
});
