import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { describe, expect, test } from "vitest";
import { openRows, previewRows } from "./read-rows";
import { cellText, formatExcelDate, formatExcelNumber, isDateNumberFormat } from "./read-xlsx";
import { collectRows, fileErrorOf, streamOf } from "./test-support";

async function workbookBytes(build: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** ExcelJS's streaming writer stores worksheets before the shared strings, which the reader must spool. */
async function streamedWorkbookBytes(rows: readonly (readonly ExcelJS.CellValue[])[]): Promise<Buffer> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on("data", (chunk: Buffer) => chunks.push(chunk));
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useSharedStrings: true, useStyles: true });
  const sheet = writer.addWorksheet("activities");
  for (const row of rows) sheet.addRow([...row]).commit();
  sheet.commit();
  await writer.commit();
  return Buffer.concat(chunks);
}

const utc = (...parts: [number, number, number, number?, number?, number?]) =>
  new Date(Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3] ?? 0, parts[4] ?? 0, parts[5] ?? 0));

describe("cell values become the text a person sees in Excel", () => {
  test("formulas give their cached result, merged cells their top-left value, dates ISO text", async () => {
    const bytes = await workbookBytes((workbook) => {
      const sheet = workbook.addWorksheet("Sheet1");
      sheet.addRow(["event_id", "account_number", "occurred_at", "type", "amount", "message_text", "promise_due_date", "visitors"]);
      sheet.addRow(["E1", 6222020000000001, utc(2026, 3, 2, 9, 5), "CALL", { formula: "100+23.5", result: 123.5 }, '=HYPERLINK("http://x","y")', null, null]);
      sheet.addRow(["E2", "6222020000000002", utc(2026, 3, 3, 14, 0, 30), "VISIT", null, { richText: [{ text: "上门" }, { text: "拜访" }] }, null, 2]);
      sheet.addRow(["E3", "6222020000000002", "2026-03-04 10:00", "PROMISE", 0.30000000000000004, "merged note", { formula: "DATE(2026,3,10)", result: 46091 }, null]);
      sheet.addRow(["E4", "6222020000000002", "2026-03-04 11:00", "NOTE", null, null, null, null]);
      // The note spans F4:F5 and the amount E4:E5 - only the top-left cells hold values.
      sheet.mergeCells("F4:F5");
      sheet.getCell("C2").numFmt = "yyyy-mm-dd hh:mm";
      sheet.getCell("C3").numFmt = "yyyy/m/d h:mm:ss";
      sheet.getCell("G4").numFmt = "yyyy-mm-dd";
    });
    const source = await openRows({ stream: streamOf(bytes, 4096), fileName: "activities.xlsx" });
    expect(source).toMatchObject({ format: "xlsx", sheetName: "Sheet1", sheetNames: ["Sheet1"] });
    const rows = await collectRows(source.rows);
    expect(rows).toEqual([
      {
        rowNumber: 2,
        values: {
          event_id: "E1",
          account_number: "6222020000000001",
          occurred_at: "2026-03-02 09:05:00",
          type: "CALL",
          amount: "123.5",
          // Text that looks like a formula is text: it is kept verbatim, never evaluated.
          message_text: '=HYPERLINK("http://x","y")',
          promise_due_date: "",
          visitors: "",
        },
      },
      {
        rowNumber: 3,
        values: {
          event_id: "E2",
          account_number: "6222020000000002",
          occurred_at: "2026-03-03 14:00:30",
          type: "VISIT",
          amount: "",
          message_text: "上门拜访",
          promise_due_date: "",
          visitors: "2",
        },
      },
      {
        rowNumber: 4,
        values: {
          event_id: "E3",
          account_number: "6222020000000002",
          occurred_at: "2026-03-04 10:00",
          type: "PROMISE",
          amount: "0.3",
          message_text: "merged note",
          promise_due_date: "2026-03-10",
          visitors: "",
        },
      },
      {
        rowNumber: 5,
        values: {
          event_id: "E4",
          account_number: "6222020000000002",
          occurred_at: "2026-03-04 11:00",
          type: "NOTE",
          amount: "",
          message_text: "",
          promise_due_date: "",
          visitors: "",
        },
      },
    ]);
  });

  test("cells that cannot be trusted are row errors naming the cell", async () => {
    const bytes = await workbookBytes((workbook) => {
      const sheet = workbook.addWorksheet("Sheet1");
      sheet.addRow(["event_id", "amount", "message_text"]);
      sheet.addRow(["E1", { formula: "B9*2" }, "no cached result"]);
      sheet.addRow(["E2", { error: "#N/A" }, "error value"]);
      sheet.addRow(["E4", 10, "fine"]);
    });
    const rows = await collectRows((await openRows({ stream: streamOf(bytes), fileName: "a.xlsx" })).rows);
    expect(rows.map((row) => [row.rowNumber, row.error])).toEqual([
      [2, "cell B2 has a formula without a saved result: open the file in Excel, let it recalculate, and save it again"],
      [3, "cell B3 shows the Excel error #N/A"],
      [4, undefined],
    ]);
    expect(rows[0]?.values).toEqual({ event_id: "E1", amount: "", message_text: "no cached result" });
  });

  test("values in columns without a header are reported; empty rows are skipped but row numbers are Excel's", async () => {
    const bytes = await workbookBytes((workbook) => {
      const sheet = workbook.addWorksheet("Sheet1");
      sheet.getRow(1).values = ["event_id", "type"];
      sheet.getRow(2).values = ["E1", "CALL"];
      sheet.getRow(5).values = ["E2", "SMS", "", "stray"];
    });
    const rows = await collectRows((await openRows({ stream: streamOf(bytes), fileName: "a.xlsx" })).rows);
    expect(rows).toEqual([
      { rowNumber: 2, values: { event_id: "E1", type: "CALL" } },
      { rowNumber: 5, values: { event_id: "E2", type: "SMS" }, error: "row has 4 fields but the header has 2 columns" },
    ]);
  });

  test.each([
    [{ value: { formula: "1/0", result: Number.NaN } }, "cell C7 has a formula whose result is an Excel error"],
    [{ value: { formula: "1/0", result: { error: "#DIV/0!" } } }, "cell C7 shows the Excel error #DIV/0!"],
    [{ value: { sharedFormula: "C6", result: 46091 }, numFmt: "yyyy-mm-dd" }, "2026-03-10"],
    [{ value: { formula: "TRUE()", result: true } }, "TRUE"],
    [{ value: { text: "link text", hyperlink: "http://x" } }, "link text"],
    [{ value: Symbol("odd") }, "cell C7 has a value that cannot be read"],
  ])("cell %o → %s", (cell, expected) => {
    const { text, error } = cellText(cell, "C7", false);
    expect(error ?? text).toBe(expected);
  });

  test("the 1904 date system (old Mac workbooks) is honoured for formula results", () => {
    expect(cellText({ value: { formula: "A1", result: 44620 }, numFmt: "yyyy-mm-dd" }, "A2", true).text).toBe("2026-03-01");
  });

  test.each([
    [utc(2026, 3, 1), "2026-03-01"],
    [utc(2026, 3, 1, 14, 30), "2026-03-01 14:30:00"],
    // Excel stores times as fractions of a day; float noise must not show as 14:29:59.
    [new Date(Date.UTC(2026, 2, 1, 14, 29, 59, 999.6)), "2026-03-01 14:30:00"],
    [new Date(Date.UTC(1899, 11, 30, 9, 0)), "09:00:00"],
  ])("date cell %s → %s", (date, text) => {
    expect(formatExcelDate(date)).toBe(text);
  });

  test.each([
    [123, "123"],
    [6222020000000001, "6222020000000001"],
    [0.30000000000000004, "0.3"],
    [1234.5, "1234.5"],
    [-7, "-7"],
  ])("number %s → %s", (value, text) => {
    expect(formatExcelNumber(value)).toBe(text);
  });

  test.each([
    ["yyyy-mm-dd", true],
    ["m/d/yy h:mm", true],
    ['[$-804]yyyy"年"m"月"d"日"', true],
    ["hh:mm:ss", true],
    ["General", false],
    ["#,##0.00", false],
    ['"¥"#,##0.00;[Red]-"¥"#,##0.00', false],
    ['0 "days"', false],
    [undefined, false],
  ])("number format %j is a date format: %s", (format, expected) => {
    expect(isDateNumberFormat(format)).toBe(expected);
  });
});

describe("worksheet selection", () => {
  const multiSheet = () =>
    workbookBytes((workbook) => {
      workbook.addWorksheet("说明").addRow(["本文件包含催收记录"]);
      const activities = workbook.addWorksheet("催收记录");
      activities.addRow(["event_id", "type"]);
      activities.addRow(["E1", "CALL"]);
      const complaints = workbook.addWorksheet("Complaints");
      complaints.addRow(["complaint_id", "source"]);
      complaints.addRow(["CP1", "DEBTOR"]);
    });

  test("without a choice, the first visible sheet is read", async () => {
    const source = await openRows({ stream: streamOf(await multiSheet()), fileName: "a.xlsx" });
    expect(source).toMatchObject({ sheetName: "说明", sheetNames: ["说明", "催收记录", "Complaints"], headers: ["本文件包含催收记录"] });
    await source.rows.return(undefined);
  });

  test.each([
    ["ACTIVITIES", "催收记录", ["event_id", "type"]],
    ["COMPLAINTS", "Complaints", ["complaint_id", "source"]],
  ] as const)("a sheet named for %s is preferred: %s", async (kind, sheetName, headers) => {
    const source = await openRows({ stream: streamOf(await multiSheet()), fileName: "a.xlsx", kind });
    expect(source).toMatchObject({ sheetName, headers });
    expect(await collectRows(source.rows)).toHaveLength(1);
  });

  test("an explicit sheet name is matched ignoring case and spaces", async () => {
    const source = await openRows({ stream: streamOf(await multiSheet()), fileName: "a.xlsx", sheetName: " complaints " });
    expect(source.sheetName).toBe("Complaints");
    expect(await collectRows(source.rows)).toEqual([{ rowNumber: 2, values: { complaint_id: "CP1", source: "DEBTOR" } }]);
  });

  test("a missing sheet name lists the sheets there are", async () => {
    expect(await fileErrorOf(openRows({ stream: streamOf(await multiSheet()), fileName: "a.xlsx", sheetName: "Placements" }))).toEqual({
      code: "SHEET_NOT_FOUND",
      message: "the workbook has no sheet named 'Placements'; its sheets are: 说明, 催收记录, Complaints.",
      rowNumber: undefined,
    });
  });

  test("hidden sheets are passed over for the default", async () => {
    const bytes = await workbookBytes((workbook) => {
      workbook.addWorksheet("lookup", { state: "hidden" }).addRow(["code", "label"]);
      const data = workbook.addWorksheet("data");
      data.addRow(["event_id"]);
      data.addRow(["E1"]);
    });
    const source = await openRows({ stream: streamOf(bytes), fileName: "a.xlsx" });
    expect(source.sheetName).toBe("data");
    expect(await collectRows(source.rows)).toEqual([{ rowNumber: 2, values: { event_id: "E1" } }]);
  });
});

describe("workbooks written by streaming tools", () => {
  test("a workbook whose sheets precede its shared strings is read the same", async () => {
    const bytes = await streamedWorkbookBytes([
      ["event_id", "message_text"],
      ["E1", "您好"],
      ["E2", "再见"],
    ]);
    const rows = await collectRows((await openRows({ stream: streamOf(bytes, 1024), fileName: "a.xlsx" })).rows);
    expect(rows).toEqual([
      { rowNumber: 2, values: { event_id: "E1", message_text: "您好" } },
      { rowNumber: 3, values: { event_id: "E2", message_text: "再见" } },
    ]);
  });

  test("thousands of rows stream through in order", async () => {
    const rows = [["event_id", "duration_seconds"], ...Array.from({ length: 5_000 }, (_, index) => [`E${index}`, index])];
    const bytes = await streamedWorkbookBytes(rows);
    const read = await collectRows((await openRows({ stream: streamOf(bytes, 16 * 1024), fileName: "a.xlsx" })).rows);
    expect(read).toHaveLength(5_000);
    expect(read.at(-1)).toEqual({ rowNumber: 5_001, values: { event_id: "E4999", duration_seconds: "4999" } });
  });
});

describe("workbook-level problems", () => {
  test("a CSV renamed .xlsx is not a workbook", async () => {
    expect(await fileErrorOf(openRows({ stream: streamOf("event_id\r\nE1\r\n"), fileName: "a.xlsx" }))).toMatchObject({
      code: "INVALID_WORKBOOK",
      message: "file is not an .xlsx workbook (it is not a ZIP-based workbook). If it is a CSV file, upload it with the .csv extension.",
    });
  });

  test("a legacy .xls renamed .xlsx gets advice", async () => {
    const error = await fileErrorOf(openRows({ stream: streamOf(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])), fileName: "a.xlsx" }));
    expect(error.code).toBe("INVALID_WORKBOOK");
    expect(error.message).toContain("save it as .xlsx or CSV UTF-8");
  });

  test.each([0.01, 0.1, 0.5, 0.99])("a workbook cut at %s of its length and padded with junk is an unreadable workbook", async (fraction) => {
    const bytes = await workbookBytes((workbook) => {
      const sheet = workbook.addWorksheet("Sheet1");
      sheet.addRow(["event_id"]);
      sheet.addRow(["E1"]);
    });
    const damaged = Buffer.concat([bytes.subarray(0, Math.max(8, Math.floor(bytes.length * fraction))), Buffer.alloc(2000, 0x55)]);
    const error = await fileErrorOf(openRows({ stream: streamOf(damaged), fileName: "a.xlsx" }).then((source) => collectRows(source.rows)));
    expect(error.code).toBe("INVALID_WORKBOOK");
    expect(error.message).toMatch(/^the file could not be read as an \.xlsx workbook \(.+\)\.$/);
  });

  test("an empty file and an empty sheet are empty", async () => {
    expect(await fileErrorOf(openRows({ stream: streamOf(Buffer.alloc(0)), fileName: "a.xlsx" }))).toMatchObject({ code: "EMPTY_FILE", message: "file is empty" });
    const bytes = await workbookBytes((workbook) => workbook.addWorksheet("Sheet1"));
    expect(await fileErrorOf(openRows({ stream: streamOf(bytes), fileName: "a.xlsx" }))).toMatchObject({
      code: "EMPTY_FILE",
      message: "file is empty (sheet 'Sheet1' has no rows)",
    });
  });

  test("a header row without data rows fails at the end of iteration", async () => {
    const bytes = await workbookBytes((workbook) => workbook.addWorksheet("Sheet1").addRow(["event_id", "type"]));
    const source = await openRows({ stream: streamOf(bytes), fileName: "a.xlsx" });
    expect(source.headers).toEqual(["event_id", "type"]);
    expect(await fileErrorOf(collectRows(source.rows))).toMatchObject({ code: "NO_DATA_ROWS", message: "file has a header but no data rows" });
  });

  test("preview reads only the rows it shows", async () => {
    const bytes = await streamedWorkbookBytes([["event_id"], ...Array.from({ length: 2_000 }, (_, index) => [`E${index}`])]);
    const preview = await previewRows({ stream: streamOf(bytes, 4096), fileName: "a.xlsx" }, { maxRows: 5 });
    expect(preview).toMatchObject({ format: "xlsx", sheetName: "activities", headers: ["event_id"], truncated: true });
    expect(preview.rows.map((row) => row.values.event_id)).toEqual(["E0", "E1", "E2", "E3", "E4"]);
  });
});
