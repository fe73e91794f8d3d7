import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { crc32, deflateRawSync } from "node:zlib";
import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { peekBytes } from "./byte-source";
import { ENCODING_SAMPLE_BYTES } from "./detect-encoding";
import { renderStoredRowError } from "../rows/import-message";
import { openRows, previewRows } from "./read-rows";
import { MAX_SHARED_STRINGS_PART_BYTES, cellText, formatExcelDate, formatExcelNumber, isDateNumberFormat, openXlsx, openXlsxFile } from "./read-xlsx";
import { collectRows, fileErrorOf, streamOf } from "../../../test/support/ingest-readers";

async function workbookBytes(build: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * ExcelJS's streaming writer stores the worksheets first and the shared strings, styles and workbook part
 * (the sheet list) last: a reader that follows the zip order meets rows before it can interpret them.
 */
async function streamedWorkbookBytes(...sheets: (readonly (readonly ExcelJS.CellValue[])[])[]): Promise<Buffer> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on("data", (chunk: Buffer) => chunks.push(chunk));
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useSharedStrings: true, useStyles: true });
  sheets.forEach((rows, index) => {
    const sheet = writer.addWorksheet(index === 0 ? "activities" : `sheet ${index + 1}`);
    for (const row of rows) sheet.addRow([...row]).commit();
    sheet.commit();
  });
  await writer.commit();
  return Buffer.concat(chunks);
}

/** The part names in the order their data is stored (local file headers), as a streaming reader meets them. */
function storedPartOrder(zip: Buffer): string[] {
  const names: string[] = [];
  for (let offset = zip.indexOf("PK\x03\x04", 0, "latin1"); offset >= 0; offset = zip.indexOf("PK\x03\x04", offset + 4, "latin1")) {
    names.push(zip.subarray(offset + 30, offset + 30 + zip.readUInt16LE(offset + 26)).toString("utf8"));
  }
  return names;
}

interface ZipPart {
  name: string;
  content: string | Buffer;
  /** 8 (deflate, the default) or 0 (stored). */
  method?: 0 | 8;
  /** The uncompressed size the directory claims, when it should lie. */
  declaredSize?: number;
}

/** A ZIP archive written by hand, to give the reader files no library writes (or writes wrongly). */
function zipOf(parts: readonly ZipPart[], options: { zip64?: boolean } = {}): Buffer {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const content = typeof part.content === "string" ? Buffer.from(part.content, "utf8") : part.content;
    const method = part.method ?? 8;
    const data = method === 8 ? deflateRawSync(content) : content;
    const name = Buffer.from(part.name, "utf8");
    const checksum = crc32(content);
    const size = part.declaredSize ?? content.length;
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0x0800, 6);
    header.writeUInt16LE(method, 8);
    header.writeUInt16LE(0x21, 12);
    header.writeUInt32LE(checksum, 14);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(size, 22);
    header.writeUInt16LE(name.length, 26);
    local.push(header, name, data);
    const extra = Buffer.alloc(options.zip64 ? 28 : 0);
    if (options.zip64) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(size), 4);
      extra.writeBigUInt64LE(BigInt(data.length), 12);
      extra.writeBigUInt64LE(BigInt(offset), 20);
    }
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(45, 4);
    entry.writeUInt16LE(45, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(method, 10);
    entry.writeUInt16LE(0x21, 14);
    entry.writeUInt32LE(checksum, 16);
    entry.writeUInt32LE(options.zip64 ? 0xffffffff : data.length, 20);
    entry.writeUInt32LE(options.zip64 ? 0xffffffff : size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt16LE(extra.length, 30);
    entry.writeUInt32LE(options.zip64 ? 0xffffffff : offset, 42);
    central.push(entry, name, extra);
    offset += header.length + name.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  if (!options.zip64) {
    end.writeUInt16LE(parts.length, 8);
    end.writeUInt16LE(parts.length, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(offset, 16);
    return Buffer.concat([...local, directory, end]);
  }
  const record = Buffer.alloc(56);
  record.writeUInt32LE(0x06064b50, 0);
  record.writeBigUInt64LE(44n, 4);
  record.writeUInt16LE(45, 12);
  record.writeUInt16LE(45, 14);
  record.writeBigUInt64LE(BigInt(parts.length), 24);
  record.writeBigUInt64LE(BigInt(parts.length), 32);
  record.writeBigUInt64LE(BigInt(directory.length), 40);
  record.writeBigUInt64LE(BigInt(offset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(offset + directory.length), 8);
  locator.writeUInt32LE(1, 16);
  end.writeUInt16LE(0xffff, 8);
  end.writeUInt16LE(0xffff, 10);
  end.writeUInt32LE(0xffffffff, 12);
  end.writeUInt32LE(0xffffffff, 16);
  return Buffer.concat([...local, directory, record, locator, end]);
}

const MAIN_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const RELATIONSHIPS_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const RELATIONSHIP_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

interface RawWorkbook {
  sheets: { name: string; xml: string; state?: string; type?: "worksheet" | "chartsheet"; target?: string }[];
  sharedStrings?: string[];
  /** <numFmts> and <cellXfs> content; cell style s="N" is the Nth <xf>. */
  styles?: string;
  date1904?: boolean;
  workbookPart?: string;
}

/** The parts of a workbook written as raw SpreadsheetML. */
function rawWorkbookParts(workbook: RawWorkbook): ZipPart[] {
  const workbookPart = workbook.workbookPart ?? "xl/workbook.xml";
  const folder = workbookPart.slice(0, workbookPart.lastIndexOf("/") + 1);
  const fileName = workbookPart.slice(folder.length);
  const sheetTargets = workbook.sheets.map((sheet, index) => sheet.target ?? `worksheets/sheet${index + 1}.xml`);
  const partName = (target: string) => (target.startsWith("/") ? target.slice(1) : `${folder}${target}`);
  const relationships = [
    ...workbook.sheets.map((sheet, index) => `<Relationship Id="rId${index + 1}" Type="${RELATIONSHIP_TYPE}/${sheet.type ?? "worksheet"}" Target="${sheetTargets[index]}"/>`),
    `<Relationship Id="rIdStyles" Type="${RELATIONSHIP_TYPE}/styles" Target="styles.xml"/>`,
    `<Relationship Id="rIdStrings" Type="${RELATIONSHIP_TYPE}/sharedStrings" Target="sharedStrings.xml"/>`,
  ];
  return [
    {
      name: "_rels/.rels",
      content: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RELATIONSHIP_TYPE}/officeDocument" Target="${workbookPart}"/></Relationships>`,
    },
    ...workbook.sheets.map((sheet, index) => ({ name: partName(sheetTargets[index] as string), content: sheet.xml })),
    {
      name: `${folder}sharedStrings.xml`,
      content: `<sst ${MAIN_NS}>${(workbook.sharedStrings ?? []).join("")}</sst>`,
    },
    { name: `${folder}styles.xml`, content: `<styleSheet ${MAIN_NS}>${workbook.styles ?? '<cellXfs count="1"><xf numFmtId="0"/></cellXfs>'}</styleSheet>` },
    {
      name: `${folder}_rels/${fileName}.rels`,
      content: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${relationships.join("")}</Relationships>`,
    },
    {
      name: workbookPart,
      content: `<workbook ${MAIN_NS} ${RELATIONSHIPS_NS}><workbookPr${workbook.date1904 ? ' date1904="1"' : ""}/><sheets>${workbook.sheets
        .map((sheet, index) => `<sheet name="${sheet.name}" sheetId="${index + 1}"${sheet.state ? ` state="${sheet.state}"` : ""} r:id="rId${index + 1}"/>`)
        .join("")}</sheets></workbook>`,
    },
  ];
}

const sheetXml = (rows: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet ${MAIN_NS}><sheetData>${rows}</sheetData></worksheet>`;

/** Open file descriptors of this process (Linux; none elsewhere) whose path contains the fragment. */
function openHandlesTo(fragment: string): string[] {
  if (!existsSync("/proc/self/fd")) return [];
  return readdirSync("/proc/self/fd").flatMap((fd) => {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      return target.includes(fragment) ? [target] : [];
    } catch {
      return [];
    }
  });
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
    [{ value: 46091.25, numFmt: "yyyy-mm-dd hh:mm" }, "2026-03-10 06:00:00"],
    // A serial too large to be a date shows as the number it is.
    [{ value: 1e20, numFmt: "yyyy-mm-dd" }, "100000000000000000000"],
    [{ value: Symbol("odd") }, "cell C7 has a value that cannot be read"],
  ])("cell %o → %s", (cell, expected) => {
    const { text, error } = cellText(cell, "C7", false);
    expect(error === undefined ? text : renderStoredRowError(error, "en")).toBe(expected);
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

  test("a legacy .xls or password-protected workbook (an OLE compound file) renamed .xlsx gets advice", async () => {
    const error = await fileErrorOf(openRows({ stream: streamOf(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])), fileName: "a.xlsx" }));
    expect(error.code).toBe("ENCRYPTED_WORKBOOK");
    expect(error.message).toContain("a.xlsx is a password-protected workbook or a legacy .xls file");
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

describe("SpreadsheetML as Excel and other tools write it", () => {
  const styles =
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy/m/d h:mm"/></numFmts>' +
    '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>' +
    '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="31"/><xf numFmtId="4"/><xf numFmtId="164"/></cellXfs>';
  const sharedStrings = [
    "<si><t>R1</t></si>",
    // Rich text runs, with a phonetic guide (furigana) that is not part of the text.
    '<si><r><rPr><b/></rPr><t>上门</t></r><r><t xml:space="preserve">拜访 </t></r><rPh sb="0" eb="2"><t>ジョウモン</t></rPh></si>',
    "<si><t>id</t></si>",
  ];
  // Prefixed elements (as some .NET writers produce), cells left out, a row gap, cells without references.
  const rows =
    '<x:row r="1"><x:c r="A1" t="s"><x:v>2</x:v></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>text</x:t></x:is></x:c>' +
    '<x:c r="C1" t="inlineStr"><x:is><x:t>when</x:t></x:is></x:c><x:c r="D1" t="inlineStr"><x:is><x:t>flag</x:t></x:is></x:c>' +
    '<x:c r="E1" t="inlineStr"><x:is><x:t>calc</x:t></x:is></x:c><x:c r="F1" t="inlineStr"><x:is><x:t>note</x:t></x:is></x:c></x:row>' +
    '<x:row r="2"><x:c r="A2" t="s"><x:v>0</x:v></x:c><x:c r="B2" t="s"><x:v>1</x:v></x:c><x:c r="C2" s="1"><x:v>46082.5</x:v></x:c>' +
    '<x:c r="D2" t="b"><x:v>1</x:v></x:c><x:c r="E2" t="str"><x:f>CONCAT("o","k")</x:f><x:v>ok</x:v></x:c>' +
    '<x:c r="F2" t="inlineStr"><x:is><x:t>line1_x000D_\nline2 &amp; _x005F_x0041_</x:t></x:is></x:c></x:row>' +
    '<x:row r="4"><x:c r="A4" t="inlineStr"><x:is><x:t>R2</x:t></x:is></x:c><x:c r="C4" s="2"><x:v>46091</x:v></x:c>' +
    '<x:c r="D4" t="e"><x:v>#REF!</x:v></x:c><x:c r="E4" s="3"><x:f>A1*2</x:f></x:c><x:c r="F4" t="d"><x:v>2026-03-04T09:30:00</x:v></x:c></x:row>' +
    '<x:row><x:c t="inlineStr"><x:is><x:t>R3</x:t></x:is></x:c><x:c s="3"><x:v>1234.5</x:v></x:c><x:c s="4"/><x:c s="4"><x:f>C4+0.5</x:f><x:v>46091.5</x:v></x:c></x:row>' +
    '<x:row r="7"><x:c r="A7" t="s"><x:v>99</x:v></x:c></x:row>';
  const workbook: RawWorkbook = {
    sheets: [{ name: "数据", xml: `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>${rows}</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="B2:B3"/></x:mergeCells></x:worksheet>` }],
    sharedStrings,
    styles,
  };
  const expected = [
    { rowNumber: 2, values: { id: "R1", text: "上门拜访 ", when: "2026-03-01 12:00:00", flag: "TRUE", calc: "ok", note: "line1\r\nline2 & _x0041_" } },
    {
      rowNumber: 4,
      values: { id: "R2", text: "", when: "2026-03-10", flag: "", calc: "", note: "2026-03-04 09:30:00" },
      error:
        "cell D4 shows the Excel error #REF!; cell E4 has a formula without a saved result: open the file in Excel, let it recalculate, and save it again",
    },
    { rowNumber: 5, values: { id: "R3", text: "1234.5", when: "", flag: "2026-03-10 12:00:00", calc: "", note: "" } },
    { rowNumber: 7, values: {}, error: "cell A7 refers to text the workbook does not contain" },
  ];

  test("cell types, styles, sparse cells and row gaps read as Excel shows them", async () => {
    const source = await openRows({ stream: streamOf(zipOf(rawWorkbookParts(workbook)), 512), fileName: "a.xlsx" });
    expect(source).toMatchObject({ sheetName: "数据", sheetNames: ["数据"], headers: ["id", "text", "when", "flag", "calc", "note"] });
    expect(await collectRows(source.rows)).toEqual(expected);
  });

  test.each([
    ["stored (uncompressed) parts", { method: 0 as const }, {}],
    ["ZIP64 directory records", {}, { zip64: true }],
  ])("%s are read the same", async (_name, partOptions, zipOptions) => {
    const bytes = zipOf(
      rawWorkbookParts(workbook).map((part) => ({ ...part, ...partOptions })),
      zipOptions,
    );
    expect(await collectRows((await openRows({ stream: streamOf(bytes), fileName: "a.xlsx" })).rows)).toEqual(expected);
  });

  test("the 1904 date system (old Mac workbooks) is honoured", async () => {
    const bytes = zipOf(
      rawWorkbookParts({
        date1904: true,
        styles: '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>',
        sheets: [{ name: "Sheet1", xml: sheetXml('<row r="1"><c t="inlineStr"><is><t>day</t></is></c></row><row r="2"><c s="1"><v>44620</v></c></row>') }],
      }),
    );
    expect(await collectRows((await openRows({ stream: streamOf(bytes), fileName: "a.xlsx" })).rows)).toEqual([{ rowNumber: 2, values: { day: "2026-03-01" } }]);
  });

  test("parts are found through the package relationships, and chart sheets are not offered as data", async () => {
    const header = '<row r="1"><c t="inlineStr"><is><t>event_id</t></is></c></row><row r="2"><c t="inlineStr"><is><t>E1</t></is></c></row>';
    const bytes = zipOf(
      rawWorkbookParts({
        workbookPart: "book/main.xml",
        sheets: [
          { name: "Chart", xml: "<chartsheet/>", type: "chartsheet", target: "charts/c1.xml" },
          { name: "Hidden", xml: sheetXml(header), state: "veryHidden" },
          { name: "Data", xml: sheetXml(header), target: "/book/data/first.xml" },
        ],
      }),
    );
    const source = await openRows({ stream: streamOf(bytes), fileName: "a.xlsx" });
    expect(source).toMatchObject({ sheetName: "Data", sheetNames: ["Chart", "Hidden", "Data"], headers: ["event_id"] });
    expect(await collectRows(source.rows)).toEqual([{ rowNumber: 2, values: { event_id: "E1" } }]);
    expect(await fileErrorOf(openRows({ stream: streamOf(bytes), fileName: "a.xlsx", sheetName: "chart" }))).toMatchObject({
      code: "SHEET_NOT_FOUND",
      message: "sheet 'Chart' is a chart, not a sheet of rows.",
    });
  });

  test("a ZIP file that is not a workbook says so", async () => {
    const bytes = zipOf([{ name: "readme.txt", content: "hello" }]);
    expect(await fileErrorOf(openRows({ stream: streamOf(bytes), fileName: "a.xlsx" }))).toMatchObject({
      code: "INVALID_WORKBOOK",
      message: "the file is a ZIP archive but not an Excel workbook (it has no workbook part). If it is a CSV file, upload it with the .csv extension.",
    });
  });

  test("a part whose content does not match its checksum fails the file, after the rows read so far", async () => {
    const parts = rawWorkbookParts({
      sheets: [{ name: "Sheet1", xml: sheetXml('<row r="1"><c t="inlineStr"><is><t>event_id</t></is></c></row><row r="2"><c t="inlineStr"><is><t>E1</t></is></c></row>') }],
    }).map((part) => ({ ...part, method: 0 as const }));
    const bytes = zipOf(parts);
    // Change the stored data of row 2 without updating the checksum.
    bytes.write("E9", bytes.indexOf("<t>E1</t>") + 3, "latin1");
    const source = await openRows({ stream: streamOf(bytes), fileName: "a.xlsx" });
    const error = await fileErrorOf(collectRows(source.rows));
    expect(error).toMatchObject({ code: "INVALID_WORKBOOK" });
    expect(error.message).toContain("is damaged (its content does not match its checksum)");
  });

  test("a part that inflates beyond the size the directory declares is refused (zip bombs cannot lie about their size)", async () => {
    const xml = sheetXml(`<row r="1"><c t="inlineStr"><is><t>event_id</t></is></c></row>${'<row><c t="inlineStr"><is><t>E</t></is></c></row>'.repeat(2000)}`);
    const parts = rawWorkbookParts({ sheets: [{ name: "Sheet1", xml }] }).map((part) => (part.name.includes("worksheets/") ? { ...part, declaredSize: 1000 } : part));
    const error = await fileErrorOf(openRows({ stream: streamOf(zipOf(parts)), fileName: "a.xlsx" }).then((source) => collectRows(source.rows)));
    expect(error.code).toBe("INVALID_WORKBOOK");
    expect(error.message).toContain("is larger than the ZIP directory says");
  });

  test("a shared-string table too large to hold in memory is refused by its declared size, with advice", async () => {
    const parts = rawWorkbookParts({ sheets: [{ name: "Sheet1", xml: sheetXml("") }], sharedStrings: ["<si><t>a</t></si>"] }).map((part) =>
      part.name.endsWith("sharedStrings.xml") ? { ...part, declaredSize: MAX_SHARED_STRINGS_PART_BYTES + 1 } : part,
    );
    expect(await fileErrorOf(openRows({ stream: streamOf(zipOf(parts)), fileName: "a.xlsx" }))).toEqual({
      code: "LIMIT_EXCEEDED",
      message:
        "a.xlsx: the workbook's text table (xl/sharedStrings.xml) is larger than 67,108,864 bytes uncompressed (at least 67,108,865). Save the sheet as CSV UTF-8 and upload that instead.",
      rowNumber: undefined,
    });
  });

  test("a row with more than 1 MB of text fails the file instead of filling memory", async () => {
    // Random text, so that the part is not refused for its compression ratio first.
    const cell = () => `<c t="inlineStr"><is><t>${randomBytes(24_000).toString("base64")}</t></is></c>`;
    const bytes = zipOf(
      rawWorkbookParts({
        sheets: [{ name: "Sheet1", xml: sheetXml(`<row r="1"><c t="inlineStr"><is><t>note</t></is></c></row><row r="2">${Array.from({ length: 40 }, cell).join("")}</row>`) }],
      }),
    );
    const source = await openRows({ stream: streamOf(bytes), fileName: "a.xlsx" });
    expect(await fileErrorOf(collectRows(source.rows))).toMatchObject({
      code: "RECORD_TOO_LARGE",
      message: expect.stringMatching(/^a\.xlsx: row 2 of xl\/worksheets\/sheet1\.xml holds more than 1,048,576 characters of text \(at least 1,0\d\d,\d\d\d\)\.$/),
      rowNumber: 2,
    });
  });
});

describe("the spooled upload is released whatever the consumer does", () => {
  let directory: string;
  // Handles left open by an earlier test are that test's failure, not this one's.
  let openBefore: string[];
  const spooledUploadHandles = () => openHandlesTo("xlsx-upload-").filter((handle) => !openBefore.includes(handle));
  beforeEach(() => {
    directory = mkdtempSync(path.join(tmpdir(), "read-xlsx-test-"));
    openBefore = openHandlesTo("xlsx-upload-");
  });
  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  const twoSheets = () =>
    streamedWorkbookBytes(
      [["event_id", "message_text"], ...Array.from({ length: 3_000 }, (_, index) => [`E${index}`, `消息 ${index}`])],
      [["complaint_id"], ...Array.from({ length: 3_000 }, (_, index) => [`C${index}`])],
    );

  test("the test workbook stores its worksheets before the shared strings and the sheet list", async () => {
    const order = storedPartOrder(await twoSheets());
    expect(order.indexOf("xl/worksheets/sheet2.xml")).toBeLessThan(order.indexOf("xl/sharedStrings.xml"));
    expect(order.indexOf("xl/sharedStrings.xml")).toBeLessThan(order.indexOf("xl/workbook.xml"));
  });

  test.each([
    ["the first sheet", undefined, { event_id: "E0", message_text: "消息 0" }],
    ["the second sheet", "sheet 2", { complaint_id: "C0" }],
  ])("abandoning %s after one row leaves no file, no open handle and no unhandled error", async (_name, sheetName, firstRow) => {
    const bytes = await twoSheets();
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const opened = await openXlsx(await peekBytes(streamOf(bytes, 1024), ENCODING_SAMPLE_BYTES), { sheetName, temporaryDirectory: directory });
      for await (const row of opened.rows) {
        expect(row.values).toEqual(firstRow);
        break;
      }
      expect(readdirSync(directory)).toEqual([]);
      expect(spooledUploadHandles()).toEqual([]);
    }
  });

  test("returning the rows before reading any, and failing to open, release the file too", async () => {
    const bytes = await twoSheets();
    const opened = await openXlsx(await peekBytes(streamOf(bytes), ENCODING_SAMPLE_BYTES), { temporaryDirectory: directory });
    expect(opened.headers).toEqual(["event_id", "message_text"]);
    expect(spooledUploadHandles()).toHaveLength(existsSync("/proc/self/fd") ? 1 : 0);
    await opened.rows.return(undefined);
    expect(spooledUploadHandles()).toEqual([]);

    const error = await fileErrorOf(openXlsx(await peekBytes(streamOf(bytes), ENCODING_SAMPLE_BYTES), { sheetName: "nope", temporaryDirectory: directory }));
    expect(error.code).toBe("SHEET_NOT_FOUND");
    expect(readdirSync(directory)).toEqual([]);
    expect(spooledUploadHandles()).toEqual([]);
  });

  test("an upload that fails while it is being spooled fails the open, with nothing left behind", async () => {
    const bytes = await twoSheets();
    async function* failingUpload() {
      yield bytes.subarray(0, ENCODING_SAMPLE_BYTES + 10);
      throw new Error("connection reset by client");
    }
    const peeked = await peekBytes(Readable.from(failingUpload(), { objectMode: false }), ENCODING_SAMPLE_BYTES);
    await expect(openXlsx(peeked, { temporaryDirectory: directory })).rejects.toThrow("connection reset by client");
    expect(readdirSync(directory)).toEqual([]);
    expect(spooledUploadHandles()).toEqual([]);
  });

  test("reading through openRows leaves nothing in the system temporary folder", async () => {
    const source = await openRows({ stream: streamOf(await twoSheets(), 4096), fileName: "a.xlsx" });
    await source.rows.next();
    await source.rows.return(undefined);
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith(`xlsx-upload-${process.pid}-`))).toEqual([]);
    expect(spooledUploadHandles()).toEqual([]);
  });

  test("a workbook already on disk is read in place and left there", async () => {
    const filePath = path.join(directory, "upload.xlsx");
    writeFileSync(filePath, await twoSheets());
    const opened = await openXlsxFile(filePath, { sheetName: "SHEET 2" });
    expect(opened).toMatchObject({ sheetName: "sheet 2", headers: ["complaint_id"] });
    expect(openHandlesTo(filePath)).toHaveLength(existsSync("/proc/self/fd") ? 1 : 0);
    expect(await collectRows(opened.rows)).toHaveLength(3_000);
    expect(openHandlesTo(filePath)).toEqual([]);
    expect(existsSync(filePath)).toBe(true);

    expect(await fileErrorOf(openXlsxFile(filePath, { sheetName: "Placements" }))).toMatchObject({ code: "SHEET_NOT_FOUND" });
    writeFileSync(path.join(directory, "empty.xlsx"), "");
    expect(await fileErrorOf(openXlsxFile(path.join(directory, "empty.xlsx")))).toMatchObject({ code: "EMPTY_FILE", message: "file is empty" });
    expect(openHandlesTo(directory)).toEqual([]);
  });
});

/** A full garbage collection (V8 exposes gc() to code compiled after the flag is set). */
function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

describe("bounded memory", () => {
  test("a sheet far larger than the heap allowance streams through one row at a time", async () => {
    const ROWS = 200_000;
    const message = "您好，请于本月底前还款，谢谢。".repeat(10);
    const pieces: Buffer[] = [Buffer.from(`<worksheet ${MAIN_NS}><sheetData><row r="1"><c t="inlineStr"><is><t>event_id</t></is></c><c t="inlineStr"><is><t>message_text</t></is></c></row>`)];
    for (let start = 2; start <= ROWS + 1; start += 50) {
      let text = "";
      for (let row = start; row < start + 50; row += 1) {
        text += `<row r="${row}"><c r="A${row}" t="inlineStr"><is><t>E${row}</t></is></c><c r="B${row}" t="inlineStr"><is><t>${message}</t></is></c></row>`;
      }
      pieces.push(Buffer.from(text));
    }
    pieces.push(Buffer.from("</sheetData></worksheet>"));
    const xml = Buffer.concat(pieces);
    // As JavaScript text the sheet would take twice its UTF-8 size in the heap.
    expect(xml.length).toBeGreaterThan(100 * 1024 * 1024);
    const bytes = zipOf(rawWorkbookParts({ sheets: [{ name: "Sheet1", xml: "" }] }).map((part) => (part.name.includes("worksheets/") ? { ...part, content: xml } : part)));

    // Live memory, measured after a full collection so that garbage (rows already consumed) does not count.
    const retainedHeap = () => {
      collectGarbage();
      return process.memoryUsage().heapUsed;
    };
    const baselineHeap = retainedHeap();
    const source = await openRows({ stream: streamOf(bytes), fileName: "big.xlsx" });
    let peakHeapGrowth = 0;
    let count = 0;
    for await (const row of source.rows) {
      count += 1;
      if (row.values.message_text !== message) throw new Error(`row ${row.rowNumber} was read wrongly`);
      if (count % 25_000 === 0) peakHeapGrowth = Math.max(peakHeapGrowth, retainedHeap() - baselineHeap);
    }
    expect(count).toBe(ROWS);
    // Holding the rows would take over 200 MB; streaming holds a few chunks.
    expect(peakHeapGrowth).toBeLessThan(32 * 1024 * 1024);
  });
});
