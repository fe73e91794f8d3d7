import { describe, expect, test } from "vitest";
import { formatDate, formatDateTime, formatMoney, formatNumber, formatPercent } from "./format";
import { negotiateLocale } from "./locales";
import { en } from "./messages.en";
import { zhCN } from "./messages.zh-CN";
import { interpolate, translate } from "./translate";

describe("dictionaries", () => {
  test("Chinese has exactly the English keys, none empty", () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    for (const [key, value] of Object.entries(zhCN)) expect(value.trim(), key).not.toBe("");
  });

  test("placeholders match between languages", () => {
    const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(zhCN[key]), key).toEqual(placeholders(en[key]));
    }
  });
});

test.each([
  ["Hello {name}", { name: "张三" }, "Hello 张三"],
  ["{count} of {total}", { count: 3, total: 10 }, "3 of 10"],
  ["Missing {other}", { name: "x" }, "Missing {other}"],
])("interpolate(%s)", (template, params, expected) => {
  expect(interpolate(template, params)).toBe(expected);
});

test("translate picks the locale", () => {
  expect(translate("en", "nav.dashboard")).toBe("Dashboard");
  expect(translate("zh-CN", "nav.dashboard")).toBe("总览");
  expect(translate("zh-CN", "login.throttled", { minutes: 15 })).toBe("登录失败次数过多，请在 15 分钟后重试。");
});

test.each([
  ["zh-CN,zh;q=0.9,en;q=0.8", "zh-CN"],
  ["en-US,en;q=0.9", "en"],
  ["fr-FR,zh-TW;q=0.5", "zh-CN"],
  ["fr-FR", "en"],
  [null, "en"],
])("negotiateLocale(%s) = %s", (header, expected) => {
  expect(negotiateLocale(header)).toBe(expected);
});

describe("formatting per locale", () => {
  test.each([
    ["en", 1234567.891, 2, "1,234,567.89"],
    ["zh-CN", 1234567.891, 2, "1,234,567.89"],
    ["en", null, 0, "—"],
    ["en", Number.NaN, 0, "—"],
    // Rounds to zero: no minus sign; still one below it.
    ["en", -0.04, 1, "0.0"],
    ["en", -1.04, 1, "-1.0"],
  ] as const)("formatNumber(%s, %s)", (locale, value, digits, expected) => {
    expect(formatNumber(locale, value, digits)).toBe(expected);
  });

  test("money keeps decimals exact and uses the currency symbol", () => {
    expect(formatMoney("en", "1234.50", "USD")).toBe("$1,234.50");
    expect(formatMoney("zh-CN", "1234.50", "CNY")).toBe("¥1,234.50");
    expect(formatMoney("en", null, "USD")).toBe("—");
  });

  test("percent and zero denominators", () => {
    expect(formatPercent("en", 0.1234)).toBe("12.3%");
    expect(formatPercent("en", Number.POSITIVE_INFINITY)).toBe("—");
    expect(formatPercent("en", -0.0001)).toBe("0.0%");
  });

  test("dates and times, in the requested zone", () => {
    expect(formatDate("en", "2026-04-01")).toBe("Apr 1, 2026");
    expect(formatDate("zh-CN", "2026-04-01")).toBe("2026年4月1日");
    // 14:30 UTC is 22:30 in Shanghai and 10:30 in New York (EDT).
    expect(formatDateTime("en", "2026-04-01T14:30:00Z", "Asia/Shanghai")).toContain("22:30");
    expect(formatDateTime("en", "2026-04-01T14:30:00Z", "America/New_York")).toContain("10:30");
  });
});
