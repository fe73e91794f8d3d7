import ExcelJS from "exceljs";
import { describe, expect, test } from "vitest";
import type { StatementLine } from "./statement-lines";
import { renderStatementWorkbook } from "./statement-workbook.server";

const payment = (overrides: Partial<StatementLine>): StatementLine => ({
  kind: "PAYMENT",
  eventId: "E-1",
  placementId: null,
  accountNumber: "6222000000000060",
  day: "2026-10-03",
  amount: "500.00",
  scheduleId: 1,
  tierIndex: 0,
  tierLabel: "#1 · DPD 0-89",
  rate: "0.25",
  commission: "125.00",
  adjustsMonth: null,
  previously: null,
  ...overrides,
});

const lines = [payment({}), payment({ eventId: "E-2", day: "2026-10-22", amount: "100.00", commission: "25.00" }), payment({ kind: "ADJUSTMENT", eventId: null, accountNumber: "=HYPERLINK(1)", amount: "-40.00", commission: "-10.00", adjustsMonth: "2026-09-01", previously: "10.00" })];

async function read(buffer: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

describe("commission statement workbook", () => {
  test("one row per line under the totals: money and rates as numbers with their formats, text escaped", async () => {
    const workbook = await read(
      await renderStatementWorkbook({
        agency: { code: "BLITZ", name: "Blitz Collections" },
        month: "2026-10",
        status: "DRAFT",
        basis: "RECONCILED",
        totals: { paymentsTotal: "560.00", commissionTotal: "140.00", adjustmentsTotal: "-10.00", flatFeesTotal: "0.00", totalDue: "130.00" },
        lines,
        generatedAt: new Date("2026-11-02T00:00:00Z"),
        locale: "zh-CN",
      }),
    );
    expect(workbook.worksheets).toHaveLength(1);
    const sheet = workbook.worksheets[0]!;
    const headerRow = sheet.views[0] && "ySplit" in sheet.views[0] ? Number(sheet.views[0].ySplit) : Number.NaN;
    expect(sheet.getRow(headerRow).cellCount).toBe(10);
    const first = sheet.getRow(headerRow + 1);
    expect(first.getCell(4).value).toBe(500);
    expect(first.getCell(4).numFmt).toBe("#,##0.00");
    expect(first.getCell(6).value).toBe(0.25);
    expect(first.getCell(6).numFmt).toBe("0.00%");
    expect(first.getCell(10).value).toBe("E-1");
    const adjustment = sheet.getRow(headerRow + 3);
    expect(String(adjustment.getCell(2).value)).not.toMatch(/^=/);
    expect(adjustment.getCell(8).value).toBe("2026-09");
    expect(adjustment.getCell(9).value).toBe(10);
    expect(adjustment.getCell(9).numFmt).toBe("#,##0.00");
    expect(sheet.rowCount).toBe(headerRow + 3);
  });

  test("an invoice that differs: a second sheet with the lines that explain the difference, without the 'previously' column", async () => {
    const workbook = await read(
      await renderStatementWorkbook({
        agency: { code: "BLITZ", name: "Blitz Collections" },
        month: "2026-10",
        status: "FINAL",
        basis: "RECONCILED",
        totals: { paymentsTotal: "600.00", commissionTotal: "150.00", adjustmentsTotal: "0.00", flatFeesTotal: "0.00", totalDue: "150.00" },
        lines: lines.slice(0, 2),
        generatedAt: new Date("2026-11-02T00:00:00Z"),
        locale: "en",
        invoice: { total: "275.00", reference: "BLITZ-202610", comparison: { status: "DIFFERS", difference: "125.00", explaining: [0] } },
      }),
    );
    expect(workbook.worksheets).toHaveLength(2);
    const invoice = workbook.worksheets[1]!;
    const values = invoice.getSheetValues().flatMap((row) => (Array.isArray(row) ? [row.slice(1)] : []));
    const explainingHeader = values.findIndex((row) => row.length === 9 && row.every((cell) => typeof cell === "string"));
    expect(explainingHeader).toBeGreaterThan(0);
    expect(values.slice(explainingHeader + 1)).toHaveLength(1);
    expect(values[explainingHeader + 1]![3]).toBe(500);
    expect(values[explainingHeader + 1]![8]).toBe("E-1");
  });
});
