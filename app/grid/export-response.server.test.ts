import { describe, expect, test } from "vitest";
import { z } from "zod";
import { describeFilters, exportTableResponse, invalidFiltersResponse, parseExportFormat } from "./export-response.server";
import type { ExportTable } from "./export-table";

describe("grid download responses", () => {
  test.each([
    ["format=csv", ["csv", "xlsx"] as const, { ok: true, format: "csv" }],
    ["format=recall", ["csv", "xlsx", "recall"] as const, { ok: true, format: "recall" }],
    ["format=pdf", ["csv", "xlsx"] as const, "format must be csv or xlsx"],
    ["", ["csv", "xlsx", "recall"] as const, "format must be csv, xlsx or recall"],
  ])("%s among %j", async (query, allowed, expected) => {
    const parsed = parseExportFormat(new URLSearchParams(query), allowed);
    if (typeof expected === "string") {
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) {
        expect(parsed.response.status).toBe(400);
        expect(await parsed.response.text()).toBe(expected);
      }
    } else expect(parsed).toEqual(expected);
  });

  test("a bad filter is named with its reason", async () => {
    const parsed = z.object({ month: z.string().regex(/^\d{4}-\d{2}$/, "YYYY-MM") }).safeParse({ month: "2026-13x" });
    if (parsed.success) throw new Error("expected the month to be refused");
    const response = invalidFiltersResponse(parsed.error);
    expect(response.status).toBe(400);
    expect(await response.text()).toBe("month: YYYY-MM");
  });

  test.each([
    [{ agency: "BLITZ", status: undefined, rule: "CONTACT_HOURS" }, "agency=BLITZ&rule=CONTACT_HOURS"],
    [{}, "—"],
  ])("filters %j are described as %s", (values, expected) => {
    expect(describeFilters(["agency", "status", "rule"], values)).toBe(expected);
  });

  const table: ExportTable<{ name: string; amount: number }> = {
    columns: [
      { header: "机构", cell: (row) => ({ kind: "text", value: row.name }) },
      { header: "金额", cell: (row) => ({ kind: "number", format: "money", value: row.amount }) },
    ],
    rows: [{ name: "催收一号", amount: 12.5 }],
  };

  test("CSV: a download with the Chinese file name, never cached or sniffed, notes under the rows", async () => {
    const response = await exportTableResponse("csv", table, { fileBase: "对账 2026-10", sheetName: "对账", notes: ["说明"] });
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toContain("filename*=UTF-8''%E5%AF%B9%E8%B4%A6%202026-10.csv");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await response.text()).toBe("机构,金额\r\n催收一号,12.50\r\n说明\r\n");
  });

  test("Excel: a workbook (zip) named .xlsx", async () => {
    const response = await exportTableResponse("xlsx", table, { fileBase: "reconciliation", sheetName: "Items" });
    expect(response.headers.get("content-disposition")).toContain('filename="reconciliation.xlsx"');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 2)]).toEqual([0x50, 0x4b]);
  });
});
