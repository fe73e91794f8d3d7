// JSON Lines reading: one JSON object per line, for systems that export or post records programmatically.
// Values become text the same way a spreadsheet would show them (numbers as written by JSON, booleans as
// true/false, null as absent), so the rest of the pipeline treats all formats alike. Identifiers longer
// than 15 digits should be sent as strings: JSON numbers lose precision beyond that.
import iconv from "iconv-lite";
import { type PeekedBytes } from "./byte-source";
import { type DetectedEncoding, detectEncoding } from "./detect-encoding";
import { IngestFileError, refuseFile } from "./file-error";
import { type ImportMessage, importMessage, joinRowErrors } from "../rows/import-message";
import { INPUT_LIMITS } from "./input-limits";
import { type SourceRow, checkRowValues } from "./source-row";

export interface JsonlReadOptions {
  encoding?: string;
  /**
   * "array": one JSON array of objects (the regulator's JSON export) instead of one object per line; an element
   * wrapped as {"_source": {…}} (the regulator's search API) is read as the object inside.
   */
  container?: "lines" | "array";
  /** The upload's name, for refusals. */
  fileName?: string;
}

export interface OpenedJsonl {
  /** The keys seen in the first lines (up to HEADER_SCAN_LINES), in order of first appearance. */
  headers: string[];
  encoding: DetectedEncoding;
  rows: AsyncGenerator<SourceRow, void, undefined>;
}

/** Lines read ahead to learn the keys in use; JSON Lines has no header, and keys may be omitted when null. */
export const HEADER_SCAN_LINES = 1_000;
/** ...unless their values reach this many characters first, which bounds the memory the read-ahead holds. */
const HEADER_SCAN_CHARACTERS = 8 * 1024 * 1024;

export interface JsonLine {
  number: number;
  text: string;
}

async function* decodedText(peeked: PeekedBytes, encoding: string): AsyncGenerator<string, void, undefined> {
  const decoder = iconv.getDecoder(encoding);
  for await (const chunk of peeked.chunks()) {
    const text = decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/**
 * Splits decoded text into lines without ever holding more than one (bounded) line in memory: a line longer
 * than the record limit refuses the file as soon as it passes the limit, before the rest of it is read.
 */
async function* splitLines(text: AsyncIterable<string>, fileName: string): AsyncGenerator<JsonLine, void, undefined> {
  const limit = INPUT_LIMITS.recordCharacters;
  let pending = "";
  let lineNumber = 1;
  for await (const chunk of text) {
    let start = 0;
    while (start <= chunk.length) {
      const end = chunk.indexOf("\n", start);
      const piece = end === -1 ? chunk.slice(start) : chunk.slice(start, end);
      if (pending.length + piece.length > limit) {
        throw refuseFile("RECORD_TOO_LARGE", "ingest.limit.jsonLine", { file: fileName, line: lineNumber, limit, actual: pending.length + piece.length }, lineNumber);
      }
      pending += piece;
      if (end === -1) break;
      yield { number: lineNumber, text: pending.endsWith("\r") ? pending.slice(0, -1) : pending };
      pending = "";
      lineNumber += 1;
      start = end + 1;
    }
  }
  if (pending !== "") yield { number: lineNumber, text: pending.endsWith("\r") ? pending.slice(0, -1) : pending };
}

/**
 * The elements of one top-level JSON array, each as the text of a "line" numbered by its position (1 for the first),
 * never holding more than one (bounded) element in memory. Brackets and commas inside strings are text.
 */
export async function* splitJsonArray(text: AsyncIterable<string>, fileName: string): AsyncGenerator<JsonLine, void, undefined> {
  const limit = INPUT_LIMITS.recordCharacters;
  let state: "before" | "between" | "inside" | "after" = "before";
  let element = "";
  let depth = 0;
  let inString = false;
  let escaped = false;
  let number = 0;
  const notAnArray = () => new IngestFileError("UNSUPPORTED_FORMAT", importMessage("importFile.notJsonArray", { name: fileName }));
  for await (const chunk of text) {
    let start = 0;
    for (let index = 0; index < chunk.length; index += 1) {
      const character = chunk[index]!;
      if (state === "before") {
        if (character === "[") state = "between";
        else if (!/[\s\ufeff]/.test(character)) throw notAnArray();
        continue;
      }
      if (state === "after") {
        if (!/\s/.test(character)) throw notAnArray();
        continue;
      }
      if (state === "between") {
        if (/\s/.test(character) || character === ",") continue;
        if (character === "]") {
          state = "after";
          continue;
        }
        state = "inside";
        start = index;
        element = "";
        depth = 0;
        inString = false;
        escaped = false;
      }
      // inside an element
      if (inString) {
        if (escaped) escaped = false;
        else if (character === "\\") escaped = true;
        else if (character === '"') inString = false;
        continue;
      }
      if (character === '"') inString = true;
      else if (character === "{" || character === "[") depth += 1;
      else if (character === "}" || character === "]") {
        if (depth === 0) {
          // The array's own closing bracket right after a scalar element.
          element += chunk.slice(start, index);
          number += 1;
          yield { number, text: element };
          state = "after";
          continue;
        }
        depth -= 1;
      } else if (character === "," && depth === 0) {
        element += chunk.slice(start, index);
        number += 1;
        yield { number, text: element };
        state = "between";
        continue;
      }
      if (element.length + (index - start) > limit) {
        throw refuseFile("RECORD_TOO_LARGE", "ingest.limit.jsonLine", { file: fileName, line: number + 1, limit, actual: element.length + index - start }, number + 1);
      }
    }
    if (state === "inside") {
      element += chunk.slice(start);
      start = 0;
    }
  }
  if (state === "inside") {
    number += 1;
    yield { number, text: element };
  }
  if (state === "before") throw notAnArray();
}

/**
 * How deeply objects and arrays nest on a line, counted without parsing (brackets inside strings are text),
 * stopping once past the limit: JSON.parse is never given a line that would nest deeper.
 */
export function jsonNestingDepth(text: string, limit: number = INPUT_LIMITS.jsonDepth): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text.charCodeAt(index);
    if (inString) {
      if (character === 0x5c) index += 1;
      else if (character === 0x22) inString = false;
    } else if (character === 0x22) inString = true;
    else if (character === 0x7b || character === 0x5b) {
      depth += 1;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (character === 0x7d || character === 0x5d) depth -= 1;
  }
  return deepest;
}

function checkLine(line: JsonLine, fileName: string): JsonLine {
  const limit = INPUT_LIMITS.jsonDepth;
  const depth = jsonNestingDepth(line.text, limit);
  if (depth > limit) throw refuseFile("LIMIT_EXCEEDED", "ingest.limit.jsonDepth", { file: fileName, line: line.number, limit, actual: depth }, line.number);
  return line;
}

/** The JSON type's name, rendered through importRow.jsonType.* in the reader's language. */
function jsonTypeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/** Parses one line into a row; returns null for blank lines. */
export function rowFromJsonLine(line: JsonLine, options: { unwrapSource?: boolean } = {}): SourceRow | null {
  const text = line.text.trim();
  if (text === "") return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { rowNumber: line.number, values: {}, error: joinRowErrors([importMessage("importRow.invalidJson", { line: line.number, detail })]) };
  }
  if (options.unwrapSource && typeof parsed === "object" && parsed !== null && "_source" in parsed) {
    const inner = (parsed as { _source: unknown })._source;
    if (typeof inner === "object" && inner !== null && !Array.isArray(inner)) parsed = inner;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return {
      rowNumber: line.number,
      values: {},
      error: joinRowErrors([importMessage("importRow.notJsonObject", { line: line.number, jsonType: jsonTypeOf(parsed) })]),
    };
  }
  const values: Record<string, string> = {};
  const errors: ImportMessage[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    if (value === null || value === undefined) continue;
    if (typeof value === "string") values[key] = value;
    else if (typeof value === "number" || typeof value === "boolean") values[key] = String(value);
    else errors.push(importMessage("importRow.jsonFieldType", { column: key, jsonType: jsonTypeOf(value) }));
  }
  errors.push(...checkRowValues(values, { decoded: true }));
  return errors.length > 0 ? { rowNumber: line.number, values, error: joinRowErrors(errors) } : { rowNumber: line.number, values };
}

export async function openJsonl(peeked: PeekedBytes, options: JsonlReadOptions = {}): Promise<OpenedJsonl> {
  let encoding: DetectedEncoding;
  try {
    if (peeked.head.length === 0) throw new IngestFileError("EMPTY_FILE", importMessage("importFile.empty"));
    encoding = detectEncoding(peeked.head, { override: options.encoding, expectedContent: "jsonl" });
  } catch (error) {
    await peeked.close();
    throw error;
  }
  const fileName = options.fileName ?? "the file";
  const array = options.container === "array";
  const lines = array ? splitJsonArray(decodedText(peeked, encoding.encoding), fileName) : splitLines(decodedText(peeked, encoding.encoding), fileName);
  const rowFrom = (line: JsonLine) => rowFromJsonLine(checkLine(line, fileName), { unwrapSource: array });

  // Read ahead to collect keys; the rows read are replayed afterwards.
  const lookahead: SourceRow[] = [];
  const headerSet = new Set<string>();
  let scannedLines = 0;
  let scannedCharacters = 0;
  let exhausted = false;
  try {
    while (scannedLines < HEADER_SCAN_LINES && scannedCharacters < HEADER_SCAN_CHARACTERS) {
      const next = await lines.next();
      if (next.done) {
        exhausted = true;
        break;
      }
      scannedLines += 1;
      const row = rowFrom(next.value);
      if (row === null) continue;
      for (const [key, value] of Object.entries(row.values)) {
        headerSet.add(key);
        scannedCharacters += key.length + value.length;
      }
      lookahead.push(row);
    }
  } catch (error) {
    await lines.return(undefined);
    throw error;
  }
  if (exhausted && lookahead.length === 0) throw new IngestFileError("EMPTY_FILE", importMessage("importFile.empty"));

  async function* rows(): AsyncGenerator<SourceRow, void, undefined> {
    let dataRows = 0;
    try {
      for (const row of lookahead.splice(0)) {
        dataRows += 1;
        yield row;
      }
      if (exhausted) return;
      for await (const line of lines) {
        const row = rowFrom(line);
        if (row === null) continue;
        dataRows += 1;
        yield row;
      }
    } finally {
      await lines.return(undefined);
    }
    if (dataRows === 0) throw new IngestFileError("EMPTY_FILE", importMessage("importFile.empty"));
  }

  return { headers: [...headerSet], encoding, rows: rows() };
}
