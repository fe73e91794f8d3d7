// The workbook-level parts of an .xlsx file that reading one sheet needs: the sheet list (names,
// visibility, where each sheet's XML is), the date system, the number formats (to tell dates from numbers)
// and the shared-string table. Each part is found through the package's relationships, as Excel does,
// with the conventional names as a fallback.
//
// Each part is held to its input limits (xlsx-limits.ts): its declared size is checked before it is inflated
// and the bytes inflated are counted while it is read; the shared-string table is also limited in the number
// and length of its texts, styles in the number of cell formats, the workbook in the number of sheets.
import { IngestFileError, refuseFile } from "./file-error";
import { importMessage } from "../rows/import-message";
import { INPUT_LIMITS } from "./input-limits";
import { formatCount } from "./source-row";
import { type XlsxPartRole, checkPartBeforeInflating, inflationMeter } from "./xlsx-limits";
import { type XmlAttributes, type XmlStreamOptions, attribute, decodeSpreadsheetText, readXml } from "./xlsx-xml";
import { type ZipArchive, type ZipEntry, ZipFormatError } from "./xlsx-zip";

/**
 * Largest shared-string part (xl/sharedStrings.xml, uncompressed) read. The table is held in memory while
 * the sheet is read, at most about twice this size (JavaScript strings are UTF-16). A larger table is refused
 * with advice, before any of it is inflated, rather than risk exhausting the process's memory (a 300 KB upload
 * can inflate to a 120 MB table).
 */
export const MAX_SHARED_STRINGS_PART_BYTES = INPUT_LIMITS.sharedStringsBytes;

/** Longest single token (value, tag) held while parsing a workbook-level part. */
const MAX_METADATA_TOKEN_CHARACTERS = 16 * 1024 * 1024;

export interface WorkbookSheet {
  name: string;
  /** "visible" (or absent), "hidden" or "veryHidden". */
  state?: string;
  /** True for worksheets; false for chart sheets, dialog sheets and macro sheets, which hold no rows. */
  isWorksheet: boolean;
  /** The sheet's part in the archive, when the workbook says where it is. */
  partName?: string;
}

export interface WorkbookStructure {
  sheets: WorkbookSheet[];
  date1904: boolean;
  stylesPart?: string;
  sharedStringsPart?: string;
}

interface Relationship {
  type: string;
  target: string;
}

/** Checks the part's declared size for its role and returns the options that count what it inflates to. */
function partOptions(fileName: string, entry: ZipEntry, role: XlsxPartRole): XmlStreamOptions {
  checkPartBeforeInflating(fileName, entry, role);
  return {
    maxTokenCharacters: MAX_METADATA_TOKEN_CHARACTERS,
    tooLarge: () => new ZipFormatError(`part ${entry.name} holds a value over ${formatCount(MAX_METADATA_TOKEN_CHARACTERS)} characters long`),
    fileName,
    meter: inflationMeter(fileName, entry, role),
  };
}

/** "xl/workbook.xml" → "xl/". */
function directoryOf(partName: string): string {
  return partName.slice(0, partName.lastIndexOf("/") + 1);
}

/** A relationship target resolved against the source part's folder ("worksheets/sheet1.xml" → "xl/worksheets/sheet1.xml"). */
export function resolvePartName(sourcePart: string, target: string): string {
  const path = target.startsWith("/") ? target : `${directoryOf(sourcePart)}${target}`;
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  return segments.join("/");
}

function findPart(zip: ZipArchive, partName: string): ZipEntry | undefined {
  const entry = zip.find(partName);
  if (entry !== undefined) return entry;
  try {
    const decoded = decodeURIComponent(partName);
    return decoded === partName ? undefined : zip.find(decoded);
  } catch {
    return undefined;
  }
}

/** The relationships of a part ("xl/workbook.xml" → "xl/_rels/workbook.xml.rels"), keyed by id; sourcePart "" is the package. */
async function readRelationships(zip: ZipArchive, sourcePart: string, fileName: string): Promise<Map<string, Relationship>> {
  const folder = directoryOf(sourcePart);
  const entry = findPart(zip, `${folder}_rels/${sourcePart.slice(folder.length)}.rels`);
  const relationships = new Map<string, Relationship>();
  if (entry === undefined) return relationships;
  const options = partOptions(fileName, entry, "metadata");
  await readXml(
    zip,
    entry,
    {
      open(name, attributes) {
        if (name !== "Relationship") return;
        const id = attribute(attributes, "Id");
        const type = attribute(attributes, "Type");
        const target = attribute(attributes, "Target");
        if (id === undefined || type === undefined || target === undefined || attribute(attributes, "TargetMode") === "External") return;
        relationships.set(id, { type, target: resolvePartName(sourcePart, target) });
      },
      close() {},
      text() {},
    },
    options,
  );
  return relationships;
}

function relationshipOfType(relationships: Map<string, Relationship>, type: string): Relationship | undefined {
  return [...relationships.values()].find((relationship) => relationship.type.endsWith(`/${type}`));
}

function isTrue(value: string | undefined): boolean {
  return value === "1" || value === "true";
}

export async function readWorkbookStructure(zip: ZipArchive, fileName: string): Promise<WorkbookStructure> {
  const packageRelationships = await readRelationships(zip, "", fileName);
  const workbookPart = relationshipOfType(packageRelationships, "officeDocument")?.target ?? "xl/workbook.xml";
  const workbookEntry = findPart(zip, workbookPart) ?? zip.find("xl/workbook.xml");
  if (workbookEntry === undefined) {
    throw new IngestFileError("INVALID_WORKBOOK", importMessage("importFile.noWorkbookPart"));
  }
  const workbookOptions = partOptions(fileName, workbookEntry, "metadata");
  const relationships = await readRelationships(zip, workbookEntry.name, fileName);

  const sheets: WorkbookSheet[] = [];
  let date1904 = false;
  let sheetsDone = false;
  await readXml(
    zip,
    workbookEntry,
    {
      open(name, attributes: XmlAttributes) {
        if (name === "workbookPr") {
          date1904 = isTrue(attribute(attributes, "date1904"));
        } else if (name === "sheet") {
          const sheetName = attribute(attributes, "name");
          if (sheetName === undefined) throw new ZipFormatError("the workbook lists a sheet without a name");
          if (sheets.length === INPUT_LIMITS.sheets) {
            throw refuseFile("LIMIT_EXCEEDED", "ingest.limit.sheets", { file: fileName, limit: INPUT_LIMITS.sheets, actual: sheets.length + 1 });
          }
          const relationshipId = attribute(attributes, "id");
          const relationship = relationshipId === undefined ? undefined : relationships.get(relationshipId);
          sheets.push({
            name: sheetName,
            state: attribute(attributes, "state"),
            // Without a relationship the sheet's kind is unknown; assume a worksheet and let reading tell.
            isWorksheet: relationship === undefined || relationship.type.endsWith("/worksheet"),
            partName: relationship?.target,
          });
        }
      },
      close(name) {
        if (name === "sheets") sheetsDone = true;
      },
      text() {},
      // Everything the reader needs precedes the end of <sheets> (defined names and the rest follow).
      stop: () => sheetsDone,
    },
    workbookOptions,
  );

  return {
    sheets,
    date1904,
    stylesPart: relationshipOfType(relationships, "styles")?.target ?? "xl/styles.xml",
    sharedStringsPart: relationshipOfType(relationships, "sharedStrings")?.target ?? "xl/sharedStrings.xml",
  };
}

/**
 * Excel's built-in number formats that show dates or times: 14-22 and 45-47 everywhere, and 27-36 and 50-58,
 * which are date formats in the Chinese, Japanese and Korean versions of Excel (e.g. 31 is yyyy"年"m"月"d"日").
 */
const BUILT_IN_DATE_FORMATS: Readonly<Record<number, string>> = {
  14: "mm-dd-yy",
  15: "d-mmm-yy",
  16: "d-mmm",
  17: "mmm-yy",
  18: "h:mm AM/PM",
  19: "h:mm:ss AM/PM",
  20: "h:mm",
  21: "h:mm:ss",
  22: "m/d/yy h:mm",
  27: 'yyyy"年"m"月"',
  28: 'm"月"d"日"',
  29: 'm"月"d"日"',
  30: "m-d-yy",
  31: 'yyyy"年"m"月"d"日"',
  32: 'h"时"mm"分"',
  33: 'h"时"mm"分"ss"秒"',
  34: 'AM/PM h"时"mm"分"',
  35: 'AM/PM h"时"mm"分"ss"秒"',
  36: 'yyyy"年"m"月"',
  45: "mm:ss",
  46: "[h]:mm:ss",
  47: "mm:ss.0",
  50: 'yyyy"年"m"月"',
  51: 'm"月"d"日"',
  52: 'yyyy"年"m"月"',
  53: 'm"月"d"日"',
  54: 'm"月"d"日"',
  55: 'AM/PM h"时"mm"分"',
  56: 'AM/PM h"时"mm"分"ss"秒"',
  57: 'yyyy"年"m"月"',
  58: 'm"月"d"日"',
};

/** The number format of each cell style (the `s` attribute of a cell indexes this list). */
export type CellNumberFormats = readonly (string | undefined)[];

export async function readCellNumberFormats(zip: ZipArchive, stylesPart: string | undefined, fileName: string): Promise<CellNumberFormats> {
  const entry = stylesPart === undefined ? undefined : findPart(zip, stylesPart);
  if (entry === undefined) return [];
  const options = partOptions(fileName, entry, "styles");
  const customFormats = new Map<number, string>();
  const formatIds: number[] = [];
  let inCellFormats = false;
  let cellFormatsDone = false;
  await readXml(
    zip,
    entry,
    {
      open(name, attributes) {
        if (name === "numFmt") {
          const id = Number(attribute(attributes, "numFmtId"));
          const code = attribute(attributes, "formatCode");
          if (Number.isInteger(id) && code !== undefined) customFormats.set(id, code);
        } else if (name === "cellXfs") {
          inCellFormats = true;
        } else if (name === "xf" && inCellFormats) {
          if (formatIds.length === INPUT_LIMITS.cellStyles) {
            throw refuseFile("LIMIT_EXCEEDED", "ingest.limit.cellStyles", { file: fileName, part: entry.name, limit: INPUT_LIMITS.cellStyles, actual: formatIds.length + 1 });
          }
          formatIds.push(Number(attribute(attributes, "numFmtId") ?? 0));
        }
      },
      close(name) {
        if (name === "cellXfs") {
          inCellFormats = false;
          cellFormatsDone = true;
        }
      },
      text() {},
      // <numFmts> precedes <cellXfs>; the fonts, fills and styles after it are not needed.
      stop: () => cellFormatsDone,
    },
    options,
  );
  return formatIds.map((id) => customFormats.get(id) ?? BUILT_IN_DATE_FORMATS[id]);
}

/**
 * The shared-string table (cells of type "s" hold an index into it), held in memory: see
 * MAX_SHARED_STRINGS_PART_BYTES and INPUT_LIMITS.sharedStrings for the bounds. Rich text is the concatenation
 * of its runs; phonetic guides (<rPh>, Japanese furigana) are not part of the text.
 */
export async function readSharedStrings(zip: ZipArchive, sharedStringsPart: string | undefined, fileName: string): Promise<string[]> {
  const entry = sharedStringsPart === undefined ? undefined : findPart(zip, sharedStringsPart);
  if (entry === undefined) return [];
  // Refused by its declared size before a byte is inflated; the meter stops a part whose directory entry lies.
  const maxLength = INPUT_LIMITS.fieldCharacters;
  const strings: string[] = [];
  const tooLong = (actual: number) =>
    refuseFile("LIMIT_EXCEEDED", "ingest.limit.sharedStringLength", { file: fileName, part: entry.name, index: strings.length + 1, limit: maxLength, actual });
  // _xHHHH_ escapes shrink when decoded (7 characters to 1), so raw text may be up to 7 times the limit.
  const rawLimit = maxLength * 7;
  const options = { ...partOptions(fileName, entry, "sharedStrings"), maxTokenCharacters: rawLimit, tooLarge: () => tooLong(rawLimit) };
  let current: string | null = null;
  let phoneticDepth = 0;
  let inText = false;
  await readXml(
    zip,
    entry,
    {
      open(name) {
        if (name === "si") {
          if (strings.length === INPUT_LIMITS.sharedStrings) {
            throw refuseFile("LIMIT_EXCEEDED", "ingest.limit.sharedStringsCount", { file: fileName, part: entry.name, limit: INPUT_LIMITS.sharedStrings, actual: strings.length + 1 });
          }
          current = "";
        } else if (name === "rPh") phoneticDepth += 1;
        else if (name === "t" && current !== null && phoneticDepth === 0) inText = true;
      },
      close(name) {
        if (name === "t") inText = false;
        else if (name === "rPh") phoneticDepth -= 1;
        else if (name === "si" && current !== null) {
          strings.push(decodeSpreadsheetText(current));
          current = null;
        }
      },
      text(text) {
        if (inText && current !== null) {
          current += text;
          if (current.length > maxLength) {
            const decodedLength = current.length > rawLimit ? current.length : decodeSpreadsheetText(current).length;
            if (decodedLength > maxLength) throw tooLong(decodedLength);
          }
        }
      },
    },
    options,
  );
  return strings;
}
