import { describe, expect, test } from "vitest";
import { locales } from "~/i18n/locales";
import { translate } from "~/i18n/translate";
import { metricKeys } from "~/metrics/definitions";
import { scorecardExportTable } from "./scorecard-table";

describe("scorecardExportTable", () => {
  test.each(locales.map((locale) => [locale]))("every column has its own header in %s", (locale) => {
    const table = scorecardExportTable({ scorecards: [], metricKeys, label: (key) => translate(locale, key) });
    const headers = table.columns.map((column) => column.header);
    expect(new Set(headers).size).toBe(headers.length);
    expect(headers.filter((header) => /commission|佣金/i.test(header))).toHaveLength(2);
  });

  test("two columns with one header are refused", () => {
    expect(() => scorecardExportTable({ scorecards: [], metricKeys, label: () => "same" })).toThrow(/Two export columns/);
  });
});
