import { crc32, deflateRawSync } from "node:zlib";

// Workbooks written byte by byte for tests that need a shape no spreadsheet program would save on request: a
// shared-strings table of a chosen size, or a directory that declares a part larger than its bytes.

export type ZipPart = { name: string; content: Buffer | string; /** Stated in the directory instead of the real size. */ declaredSize?: number };

/** A ZIP archive (deflated parts, no ZIP64): what an .xlsx file is. */
export function zipOf(parts: readonly ZipPart[]): Buffer {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const content = typeof part.content === "string" ? Buffer.from(part.content, "utf8") : part.content;
    const data = deflateRawSync(content);
    const name = Buffer.from(part.name, "utf8");
    const size = part.declaredSize ?? content.length;
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0x0800, 6);
    header.writeUInt16LE(8, 8);
    header.writeUInt32LE(crc32(content), 14);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(size, 22);
    header.writeUInt16LE(name.length, 26);
    local.push(header, name, data);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc32(content), 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);
    offset += header.length + name.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, directory, end]);
}

const MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships";

function escapeXml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/**
 * One worksheet "Sheet1" whose rows are given as text, every cell a shared string, plus `extraSharedStrings` distinct
 * strings that no cell uses: a shared-strings table as large as wanted, which a reader holds in memory whole.
 */
export function workbookWithSharedStrings(rows: readonly (readonly string[])[], options: { extraSharedStrings?: number; padding?: string } = {}): Buffer {
  const table: string[] = [];
  const index = new Map<string, number>();
  const sheetRows = rows.map((row, rowIndex) => {
    const cells = row.map((text, column) => {
      let position = index.get(text);
      if (position === undefined) {
        position = table.length;
        table.push(text);
        index.set(text, position);
      }
      return `<c r="${String.fromCharCode(65 + column)}${rowIndex + 1}" t="s"><v>${position}</v></c>`;
    });
    return `<row r="${rowIndex + 1}">${cells.join("")}</row>`;
  });
  const extra = options.extraSharedStrings ?? 0;
  const strings = table.map((text) => `<si><t>${escapeXml(text)}</t></si>`);
  // Distinct on purpose (a table of one repeated text would be tiny in memory): a counter spelled out in letters.
  // Padding makes each entry heavier in memory without making the table longer (its count and size are limited).
  const padding = options.padding ?? "";
  for (let n = 0; n < extra; n += 1) strings.push(`<si><t>note ${n.toString(36)} ${(n * 2_654_435_761 % 4_294_967_296).toString(36)}${padding}</t></si>`);
  const count = table.length + extra;
  return zipOf([
    {
      name: "[Content_Types].xml",
      content:
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    },
    { name: "_rels/.rels", content: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PACKAGE_RELS}"><Relationship Id="rId1" Type="${RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
    { name: "xl/workbook.xml", content: `<?xml version="1.0" encoding="UTF-8"?><workbook ${MAIN} xmlns:r="${RELS}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>` },
    {
      name: "xl/_rels/workbook.xml.rels",
      content: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PACKAGE_RELS}"><Relationship Id="rId1" Type="${RELS}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${RELS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    },
    { name: "xl/worksheets/sheet1.xml", content: `<?xml version="1.0" encoding="UTF-8"?><worksheet ${MAIN}><sheetData>${sheetRows.join("")}</sheetData></worksheet>` },
    { name: "xl/sharedStrings.xml", content: `<?xml version="1.0" encoding="UTF-8"?><sst ${MAIN} count="${count}" uniqueCount="${count}">${strings.join("")}</sst>` },
  ]);
}
