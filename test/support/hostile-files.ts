// The hostile-input suite: files built to exhaust memory, escape the parser or confuse the readers, written
// into a temporary folder at test time (the large ones streamed, never held whole and never committed). Each
// case says what the readers must answer: the error code and a message naming the file and the part, row or
// line. Used by app/ingest/readers/hostile-files.test.ts (each reader, and again in a child process with a small heap)
// and test/integration/hostile-imports.test.ts (through submitImport and the import job).
import { randomBytes } from "node:crypto";
import { createWriteStream, type WriteStream } from "node:fs";
import path from "node:path";
import { crc32, createDeflateRaw } from "node:zlib";

export interface HostileCase {
  /** A short name for test titles. */
  name: string;
  fileName: string;
  write(filePath: string): Promise<void>;
  expected: {
    code: string;
    /** Matched against the message; every one names the file. */
    message: RegExp;
    rowNumber?: number;
  };
  /**
   * Problems confined to rows, not the file: the readers flag the rows (SourceRow.error) and carry on. The import
   * tests send these in strict mode, where any flagged row fails the batch.
   */
  rowLevel?: boolean;
}

const MB = 1024 * 1024;

// ---- writing, streamed ------------------------------------------------------------------------------------

async function writeChunk(out: WriteStream, chunk: Buffer | string): Promise<void> {
  if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", resolve));
}

async function closeStream(out: WriteStream): Promise<void> {
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

async function writeText(filePath: string, chunks: Iterable<Buffer | string>): Promise<void> {
  const out = createWriteStream(filePath);
  for (const chunk of chunks) await writeChunk(out, chunk);
  await closeStream(out);
}

function* repeated(chunk: string | Buffer, times: number): Generator<string | Buffer> {
  for (let index = 0; index < times; index += 1) yield chunk;
}

interface ZipPart {
  name: string;
  /** The part's uncompressed content, produced piece by piece. */
  content: () => Iterable<Buffer | string>;
  /** 8 (deflate, the default) or 0 (stored). */
  method?: number;
  /** The uncompressed size the directory states, when it should lie. */
  declaredSize?: number;
}

/**
 * Writes a ZIP archive part by part, deflating each part's content as it is produced: a part of hundreds of
 * megabytes never exists in memory. Sizes go into the central directory (the only place the reader takes them
 * from); local headers defer to data descriptors, as streaming writers do.
 */
async function writeZip(filePath: string, parts: readonly ZipPart[]): Promise<void> {
  const out = createWriteStream(filePath);
  const central: Buffer[] = [];
  let offset = 0;
  const emit = async (chunk: Buffer) => {
    await writeChunk(out, chunk);
    offset += chunk.length;
  };
  for (const part of parts) {
    const method = part.method ?? 8;
    const name = Buffer.from(part.name, "utf8");
    const headerOffset = offset;
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0x0808, 6);
    header.writeUInt16LE(method, 8);
    header.writeUInt16LE(name.length, 26);
    await emit(Buffer.concat([header, name]));
    let checksum = 0;
    let size = 0;
    let compressedSize = 0;
    if (method === 8) {
      const deflate = createDeflateRaw({ level: 9 });
      const compressed: Buffer[] = [];
      deflate.on("data", (chunk: Buffer) => compressed.push(chunk));
      const flushCompressed = async () => {
        for (const chunk of compressed.splice(0)) {
          compressedSize += chunk.length;
          await emit(chunk);
        }
      };
      for (const piece of part.content()) {
        const bytes = typeof piece === "string" ? Buffer.from(piece, "utf8") : piece;
        checksum = crc32(bytes, checksum);
        size += bytes.length;
        if (!deflate.write(bytes)) await new Promise<void>((resolve) => deflate.once("drain", resolve));
        await flushCompressed();
      }
      const ended = new Promise<void>((resolve) => deflate.once("end", resolve));
      deflate.end();
      await ended;
      await flushCompressed();
    } else {
      for (const piece of part.content()) {
        const bytes = typeof piece === "string" ? Buffer.from(piece, "utf8") : piece;
        checksum = crc32(bytes, checksum);
        size += bytes.length;
        compressedSize += bytes.length;
        await emit(bytes);
      }
    }
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(checksum, 4);
    descriptor.writeUInt32LE(compressedSize, 8);
    descriptor.writeUInt32LE(size, 12);
    await emit(descriptor);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0808, 8);
    entry.writeUInt16LE(method, 10);
    entry.writeUInt32LE(checksum, 16);
    entry.writeUInt32LE(compressedSize, 20);
    entry.writeUInt32LE(part.declaredSize ?? size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(headerOffset, 42);
    central.push(entry, name);
  }
  const directory = Buffer.concat(central);
  const directoryOffset = offset;
  await emit(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(parts.length, 0xffff), 8);
  end.writeUInt16LE(Math.min(parts.length, 0xffff), 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(directoryOffset, 16);
  await emit(end);
  await closeStream(out);
}

// ---- workbooks ------------------------------------------------------------------------------------------

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

interface WorkbookSpec {
  /** Sheet XML per sheet (the whole part, or pieces of it); one sheet named Sheet1 unless given. */
  sheets?: { name: string; xml: () => Iterable<string | Buffer> }[];
  sharedStrings?: () => Iterable<string | Buffer>;
  styles?: () => Iterable<string | Buffer>;
  /** Overrides a part's content (e.g. workbook.xml with a DOCTYPE). */
  replace?: Record<string, () => Iterable<string | Buffer>>;
  declaredSizes?: Record<string, number>;
  extraParts?: ZipPart[];
}

const one = (text: string) => () => [text];

export function sheetXml(rows: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${MAIN}"><sheetData>${rows}</sheetData></worksheet>`;
}

/** The columns of an activity file, so that a file gets past the header check to what makes it hostile. */
const ACTIVITY_COLUMNS = ["event_id", "account_number", "agent_id", "occurred_at", "type", "outcome", "message_text"];
const CSV_HEADER = `${ACTIVITY_COLUMNS.join(",")}\r\n`;
/** A row up to its last column (message_text, column G), which each case fills. */
const CSV_ROW_START = "E1,6222000000000001,A001,2026-03-02 09:00,CALL,NO_ANSWER,";

/**
 * Ten rows of 30,000 characters: they push what follows past the first chunks read, which the encoding is
 * detected from (the first 64 KB, or the first read of up to 256 KB of a stored upload).
 */
const paddingRows = () => Array.from({ length: 10 }, (_, index) => `E0-${index},6222000000000001,A001,2026-03-02 09:00,CALL,NO_ANSWER,${"您好".repeat(15_000)}\r\n`);

const headerRow = `<row r="1">${ACTIVITY_COLUMNS.map((name, index) => `<c r="${String.fromCharCode(65 + index)}1" t="inlineStr"><is><t>${name}</t></is></c>`).join("")}</row>`;

function workbookParts(spec: WorkbookSpec): ZipPart[] {
  const sheets = spec.sheets ?? [{ name: "Sheet1", xml: one(sheetXml(headerRow)) }];
  const parts: ZipPart[] = [
    {
      name: "[Content_Types].xml",
      content: one(
        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>`,
      ),
    },
    {
      name: "_rels/.rels",
      content: one(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    },
    {
      name: "xl/workbook.xml",
      content: one(
        `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}"><sheets>${sheets.map((sheet, index) => `<sheet name="${sheet.name}" sheetId="${index + 1}" r:id="rId${index + 1}"/>`).join("")}</sheets></workbook>`,
      ),
    },
    {
      name: "xl/_rels/workbook.xml.rels",
      content: one(
        `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
          .map((_sheet, index) => `<Relationship Id="rId${index + 1}" Type="${RELATIONSHIPS}/worksheet" Target="worksheets/sheet${index + 1}.xml"/>`)
          .join("")}<Relationship Id="rIdS" Type="${RELATIONSHIPS}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rIdT" Type="${RELATIONSHIPS}/styles" Target="styles.xml"/></Relationships>`,
      ),
    },
    ...sheets.map((sheet, index) => ({ name: `xl/worksheets/sheet${index + 1}.xml`, content: sheet.xml })),
  ];
  if (spec.sharedStrings) parts.push({ name: "xl/sharedStrings.xml", content: spec.sharedStrings });
  if (spec.styles) parts.push({ name: "xl/styles.xml", content: spec.styles });
  parts.push(...(spec.extraParts ?? []));
  return parts.map((part) => ({
    ...part,
    content: spec.replace?.[part.name] ?? part.content,
    declaredSize: spec.declaredSizes?.[part.name] ?? part.declaredSize,
  }));
}

const writeWorkbook = (spec: WorkbookSpec) => (filePath: string) => writeZip(filePath, workbookParts(spec));

/** Text that deflate cannot shrink much, so that a part is refused for what the test means, not its ratio. */
function randomText(characters: number): string {
  return randomBytes(Math.ceil((characters * 3) / 4)).toString("base64").slice(0, characters);
}

/** A table of count texts that repeats a block of 100 (fast to write, and as compressible as the real one was). */
function* repetitiveSharedStrings(count: number, text: (index: number) => string): Generator<string> {
  yield `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}" count="${count}" uniqueCount="${count}">`;
  const block = Array.from({ length: 100 }, (_, index) => `<si><t>${text(index)}</t></si>`).join("");
  for (let index = 0; index < count; index += 100) yield block;
  yield "</sst>";
}

function* sharedStringsOf(count: number, text: (index: number) => string): Generator<string> {
  yield `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}" count="${count}" uniqueCount="${count}">`;
  let batch = "";
  for (let index = 0; index < count; index += 1) {
    batch += `<si><t>${text(index)}</t></si>`;
    if (batch.length > 256 * 1024) {
      yield batch;
      batch = "";
    }
  }
  yield `${batch}</sst>`;
}

function* sheetOfRows(count: number, row: (rowNumber: number) => string): Generator<string> {
  yield `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${MAIN}"><sheetData>`;
  let batch = "";
  for (let rowNumber = 1; rowNumber <= count; rowNumber += 1) {
    batch += row(rowNumber);
    if (batch.length > 256 * 1024) {
      yield batch;
      batch = "";
    }
  }
  yield `${batch}</sheetData></worksheet>`;
}

// ---- the cases ----------------------------------------------------------------------------------------------

const escaped = (fileName: string) => fileName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const names = (fileName: string, rest: string) => new RegExp(`^${escaped(fileName)}.*${rest}`, "s");

export const hostileCases: readonly HostileCase[] = [
  {
    name: "a zip bomb: a 256 MB sheet of spaces deflated to a quarter of a megabyte",
    fileName: "zip-bomb.xlsx",
    write: writeWorkbook({
      sheets: [{ name: "Sheet1", xml: () => [`<?xml version="1.0"?><worksheet xmlns="${MAIN}"><sheetData>${headerRow}`, ...repeated(Buffer.alloc(MB, " "), 256), "</sheetData></worksheet>"] }],
    }),
    expected: { code: "LIMIT_EXCEEDED", message: names("zip-bomb.xlsx", "part xl/worksheets/sheet1\\.xml expands more than 100 times") },
  },
  {
    name: "a zip bomb whose directory lies: the sheet declares 1 KB and inflates to 64 MB",
    fileName: "zip-bomb-lying.xlsx",
    write: writeWorkbook({
      sheets: [{ name: "Sheet1", xml: () => [`<?xml version="1.0"?><worksheet xmlns="${MAIN}"><sheetData>${headerRow}`, ...repeated(Buffer.alloc(MB, " "), 64), "</sheetData></worksheet>"] }],
      declaredSizes: { "xl/worksheets/sheet1.xml": 1024 },
    }),
    expected: { code: "INVALID_WORKBOOK", message: names("zip-bomb-lying.xlsx", "part xl/worksheets/sheet1\\.xml is larger than the ZIP directory says") },
  },
  {
    name: "a 300 KB workbook whose shared-strings table inflates to 120 MB (refused by its declared size before inflating)",
    fileName: "shared-strings-120mb.xlsx",
    write: writeWorkbook({
      sheets: [{ name: "Sheet1", xml: one(sheetXml(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`)) }],
      sharedStrings: () => repetitiveSharedStrings(1_200_000, (index) => `text ${index} ${"x".repeat(70)}`),
    }),
    expected: { code: "LIMIT_EXCEEDED", message: names("shared-strings-120mb.xlsx", "text table \\(xl/sharedStrings\\.xml\\) is larger than 67,108,864 bytes uncompressed") },
  },
  {
    name: "a shared-strings table that declares 1 KB and inflates to 120 MB (stopped while inflating)",
    fileName: "shared-strings-lying.xlsx",
    write: writeWorkbook({
      sheets: [{ name: "Sheet1", xml: one(sheetXml(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`)) }],
      sharedStrings: () => repetitiveSharedStrings(1_200_000, (index) => `text ${index} ${"x".repeat(70)}`),
      declaredSizes: { "xl/sharedStrings.xml": 1024 },
    }),
    expected: { code: "INVALID_WORKBOOK", message: names("shared-strings-lying.xlsx", "part xl/sharedStrings\\.xml is larger than the ZIP directory says") },
  },
  {
    name: "a shared-strings table of 1,000,001 texts",
    fileName: "shared-strings-count.xlsx",
    write: writeWorkbook({
      sheets: [{ name: "Sheet1", xml: one(sheetXml(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`)) }],
      sharedStrings: () => sharedStringsOf(1_000_001, (index) => `${index.toString(36)}${(index * 7919) % 10007}`),
    }),
    expected: { code: "LIMIT_EXCEEDED", message: names("shared-strings-count.xlsx", "holds more than 1,000,000 texts") },
  },
  {
    name: "a shared string longer than Excel's cell limit",
    fileName: "shared-string-long.xlsx",
    write: writeWorkbook({
      sheets: [{ name: "Sheet1", xml: one(sheetXml(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`)) }],
      sharedStrings: () => sharedStringsOf(1, () => randomText(40_000)),
    }),
    expected: { code: "LIMIT_EXCEEDED", message: names("shared-string-long.xlsx", "text 1 of the workbook's text table \\(xl/sharedStrings\\.xml\\) is longer than 32,767 characters") },
  },
  {
    name: "nested zips: an archive of archives with no workbook",
    fileName: "nested.xlsx",
    async write(filePath) {
      const inner = `${filePath}.inner`;
      await writeZip(inner, [{ name: "deeper.zip", method: 0, content: () => [randomBytes(4096)] }]);
      const { readFile, rm } = await import("node:fs/promises");
      const innerBytes = await readFile(inner);
      await rm(inner);
      await writeZip(filePath, [
        { name: "a.zip", method: 0, content: () => [innerBytes] },
        { name: "b.zip", content: () => [innerBytes] },
      ]);
    },
    expected: { code: "INVALID_WORKBOOK", message: names("nested.xlsx", "not an Excel workbook") },
  },
  {
    name: "a password-protected workbook (an OLE compound file)",
    fileName: "encrypted.xlsx",
    write: (filePath) => writeText(filePath, [Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), randomBytes(16 * 1024)]),
    expected: { code: "ENCRYPTED_WORKBOOK", message: /^encrypted\.xlsx is a password-protected workbook or a legacy \.xls file/ },
  },
  {
    name: "a truncated workbook (cut off in the middle)",
    fileName: "truncated.xlsx",
    async write(filePath) {
      await writeWorkbook({ sheets: [{ name: "Sheet1", xml: () => [sheetXml(`${headerRow}<row r="2"><c r="A2" t="inlineStr"><is><t>${randomText(20_000)}</t></is></c></row>`)] }] })(filePath);
      const { truncate, stat } = await import("node:fs/promises");
      await truncate(filePath, Math.floor((await stat(filePath)).size / 2));
    },
    expected: { code: "INVALID_WORKBOOK", message: names("truncated.xlsx", "ZIP directory at the end of the file is missing") },
  },
  {
    name: "billion laughs: nested entity definitions in workbook.xml",
    fileName: "billion-laughs.xlsx",
    write: writeWorkbook({
      replace: {
        "xl/workbook.xml": one(
          `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, level) => `<!ENTITY lol${level + 1} "${`&lol${level === 0 ? "" : level};`.repeat(10)}">`).join("")}]><workbook xmlns="${MAIN}"><sheets><sheet name="&lol9;" sheetId="1"/></sheets></workbook>`,
        ),
      },
    }),
    expected: { code: "UNSAFE_XML", message: names("billion-laughs.xlsx", "part xl/workbook\\.xml contains a document type declaration") },
  },
  {
    name: "an external entity (XXE) in a worksheet",
    fileName: "xxe.xlsx",
    write: writeWorkbook({
      sheets: [
        {
          name: "Sheet1",
          xml: one(`<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>`),
        },
      ],
    }),
    expected: { code: "UNSAFE_XML", message: names("xxe.xlsx", "part xl/worksheets/sheet1\\.xml contains a document type declaration") },
  },
  {
    name: "a row of 1,000,000 cells",
    fileName: "million-columns.xlsx",
    write: writeWorkbook({
      sheets: [
        {
          name: "Sheet1",
          // Random values: the part must not be refused for its compression ratio before its columns are counted.
          xml: () => [`<?xml version="1.0"?><worksheet xmlns="${MAIN}"><sheetData><row r="1">`, ...Array.from({ length: 100 }, () => Array.from({ length: 10_000 }, () => `<c><v>${randomBytes(4).readUInt32LE()}</v></c>`).join("")), "</row></sheetData></worksheet>"],
        },
      ],
    }),
    expected: { code: "LIMIT_EXCEEDED", message: names("million-columns.xlsx", "row 1 of xl/worksheets/sheet1\\.xml has a cell beyond column 16,384"), rowNumber: 1 },
  },
  {
    name: "an empty workbook (a sheet without rows)",
    fileName: "empty.xlsx",
    write: writeWorkbook({ sheets: [{ name: "Sheet1", xml: one(sheetXml("")) }] }),
    expected: { code: "EMPTY_FILE", message: /^empty\.xlsx: file is empty/ },
  },
  {
    name: "1,048,576 rows of empty cells",
    fileName: "empty-rows.xlsx",
    write: writeWorkbook({ sheets: [{ name: "Sheet1", xml: () => sheetOfRows(1_048_576, (row) => `<row r="${row}"><c r="A${row}" s="1"/><c r="B${row}" t="inlineStr"><is><t></t></is></c></row>`) }] }),
    expected: { code: "EMPTY_FILE", message: /^empty-rows\.xlsx: file is empty/ },
  },
  {
    name: "a row numbered beyond Excel's last row",
    fileName: "row-1048577.xlsx",
    write: writeWorkbook({ sheets: [{ name: "Sheet1", xml: one(sheetXml(`${headerRow}<row r="1048577"><c r="A1048577"><v>1</v></c></row>`)) }] }),
    expected: { code: "LIMIT_EXCEEDED", message: names("row-1048577.xlsx", "xl/worksheets/sheet1\\.xml has a row numbered 1,048,577, beyond Excel's last row 1,048,576"), rowNumber: 1_048_577 },
  },
  {
    name: "256 sheets",
    fileName: "sheets.xlsx",
    write: writeWorkbook({ sheets: Array.from({ length: 256 }, (_, index) => ({ name: `S${index + 1}`, xml: one(sheetXml(headerRow)) })) }),
    expected: { code: "LIMIT_EXCEEDED", message: names("sheets.xlsx", "lists more than 255 sheets") },
  },
  {
    name: "64,001 cell formats in styles.xml",
    fileName: "styles.xlsx",
    write: writeWorkbook({
      styles: () => [
        `<?xml version="1.0"?><styleSheet xmlns="${MAIN}"><cellXfs count="64001">`,
        Array.from({ length: 64_001 }, (_, index) => `<xf numFmtId="${(index * 37) % 164}" fontId="${(index * 7919) % 4099}" fillId="${index % 97}" xfId="0"/>`).join(""),
        "</cellXfs></styleSheet>",
      ],
    }),
    expected: { code: "LIMIT_EXCEEDED", message: names("styles.xlsx", "xl/styles\\.xml defines more than 64,000 cell formats") },
  },
  {
    name: "a cell longer than Excel's cell limit",
    fileName: "long-cell.xlsx",
    write: writeWorkbook({ sheets: [{ name: "Sheet1", xml: one(sheetXml(`${headerRow}<row r="2"><c r="B2" t="inlineStr"><is><t>${randomText(40_000)}</t></is></c></row>`)) }] }),
    expected: { code: "LIMIT_EXCEEDED", message: names("long-cell.xlsx", "cell B2 of xl/worksheets/sheet1\\.xml is longer than 32,767 characters"), rowNumber: 2 },
  },
  {
    name: "an archive of 10,001 parts",
    fileName: "many-parts.xlsx",
    write: (filePath) => writeZip(filePath, [...workbookParts({}), ...Array.from({ length: 10_001 - 5 }, (_, index) => ({ name: `xl/media/p${index}.bin`, method: 0, content: () => ["x"] }))]),
    expected: { code: "LIMIT_EXCEEDED", message: names("many-parts.xlsx", "the archive holds 10,001 parts; a workbook has at most 10,000") },
  },
  {
    name: "a part declaring 4 GB",
    fileName: "declared-4gb.xlsx",
    write: writeWorkbook({ extraParts: [{ name: "xl/media/huge.bin", method: 0, content: () => ["x"], declaredSize: 0xfffffff0 }] }),
    expected: { code: "LIMIT_EXCEEDED", message: names("declared-4gb.xlsx", "part xl/media/huge\\.bin is larger than 1,073,741,824 bytes uncompressed") },
  },
  {
    name: "a 20 MB line of commas",
    fileName: "commas.csv",
    write: (filePath) => writeText(filePath, [CSV_HEADER, ...repeated(Buffer.alloc(MB, ","), 20)]),
    expected: { code: "LIMIT_EXCEEDED", message: names("commas.csv", "row 2 has more than 16,384 columns"), rowNumber: 2 },
  },
  {
    name: "a header of 1,000,000 columns",
    fileName: "million-columns.csv",
    write: (filePath) => writeText(filePath, [Array.from({ length: 1_000_000 }, (_, index) => `c${index}`).join(","), "\r\n1\r\n"]),
    expected: { code: "LIMIT_EXCEEDED", message: names("million-columns.csv", "row 1 has more than 16,384 columns"), rowNumber: 1 },
  },
  {
    name: "a 10 MB field",
    fileName: "field-10mb.csv",
    write: (filePath) => writeText(filePath, [CSV_HEADER, `${CSV_ROW_START}"`, ...repeated(Buffer.alloc(MB, "x"), 10), '"\r\n']),
    expected: { code: "LIMIT_EXCEEDED", message: names("field-10mb.csv", "row 2 \\(line 2\\), column G holds a value longer than 32,767 characters"), rowNumber: 2 },
  },
  {
    name: "a 2 MB record of full-length fields",
    fileName: "record-2mb.csv",
    write: (filePath) => writeText(filePath, [CSV_HEADER, `${CSV_ROW_START}ok\r\n`, ...repeated(`${"y".repeat(30_000)},`, 70), "\r\n"]),
    expected: { code: "RECORD_TOO_LARGE", message: names("record-2mb.csv", "row 3 \\(starting on line 3\\) is longer than 1,048,576 characters, counting delimiters"), rowNumber: 3 },
  },
  {
    name: "a quote never closed, swallowing the rest of a 5 MB file",
    fileName: "open-quote.csv",
    write: (filePath) => writeText(filePath, [CSV_HEADER, `${CSV_ROW_START}"never closed\r\n`, ...repeated(`${CSV_ROW_START}more text\r\n`.repeat(1_000), 100)]),
    expected: { code: "LIMIT_EXCEEDED", message: names("open-quote.csv", "row 2 \\(line 2\\), column G holds a value longer than 32,767 characters"), rowNumber: 2 },
  },
  {
    name: "a PDF named .csv",
    fileName: "report.csv",
    write: (filePath) => writeText(filePath, ["%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", randomBytes(8192)]),
    expected: { code: "BINARY_FILE", message: /^report\.csv: file looks binary \(PDF document\)/ },
  },
  {
    name: "NUL bytes at the start of a CSV",
    fileName: "nul.csv",
    write: (filePath) => writeText(filePath, [CSV_HEADER, Buffer.alloc(4096, 0), `${CSV_ROW_START}x\r\n`]),
    expected: { code: "BINARY_FILE", message: /^nul\.csv: file looks binary \(contains NUL bytes\)/ },
  },
  {
    name: "a NUL character in a row after the sampled start",
    fileName: "nul-late.csv",
    write: (filePath) => writeText(filePath, [CSV_HEADER, ...paddingRows(), `${CSV_ROW_START}a\u0000b\r\n`]),
    expected: { code: "ROW", message: /field message_text contains a NUL character/, rowNumber: 12 },
    rowLevel: true,
  },
  {
    name: "invalid UTF-8 in the middle of a UTF-8 file",
    fileName: "bad-utf8.csv",
    write: (filePath) => writeText(filePath, [CSV_HEADER, ...paddingRows(), CSV_ROW_START, Buffer.from([0xe6, 0x82, 0xa8, 0xc3, 0x28, 0xa0, 0xa1, 0x0d, 0x0a])]),
    expected: { code: "ROW", message: /field message_text contains characters that could not be decoded/, rowNumber: 12 },
    rowLevel: true,
  },
  {
    name: "JSON nested 100,000 levels deep",
    fileName: "deep.jsonl",
    write: (filePath) => writeText(filePath, [`{"event_id":"E1","x":${"[".repeat(100_000)}${"]".repeat(100_000)}}\n`]),
    expected: { code: "LIMIT_EXCEEDED", message: names("deep.jsonl", "line 1 nests objects or arrays more than 32 levels deep"), rowNumber: 1 },
  },
  {
    name: "a 5 MB JSON line",
    fileName: "long-line.jsonl",
    write: (filePath) => writeText(filePath, ['{"event_id":"E1"}\n{"event_id":"', ...repeated(Buffer.alloc(MB, "z"), 5), '"}\n']),
    expected: { code: "RECORD_TOO_LARGE", message: names("long-line.jsonl", "line 2 is longer than 1,048,576 characters"), rowNumber: 2 },
  },
];

/** Writes every case into the folder (one at a time: the large ones are streamed). */
export async function writeHostileFiles(directory: string, cases: readonly HostileCase[] = hostileCases): Promise<Map<string, string>> {
  const paths = new Map<string, string>();
  for (const hostile of cases) {
    const filePath = path.join(directory, hostile.fileName);
    await hostile.write(filePath);
    paths.set(hostile.fileName, filePath);
  }
  return paths;
}
