// Works out how a text file's bytes map to characters, from a sample of its first bytes.
//
// Agencies send whatever their tools produce: UTF-8 from modern systems (with or without the byte order
// mark Excel adds), UTF-16 from Excel's "Unicode text" export, and GB18030/GBK from Excel on Chinese
// Windows, which saves "CSV" in the system code page. Decisions, in order:
//   1. A byte order mark is authoritative (UTF-8, UTF-16 LE/BE; UTF-32 is refused).
//   2. Known binary signatures (ZIP, PDF, PNG, …) and stray NUL/control bytes mean "not a text file".
//   3. If the sample is (essentially) valid UTF-8, it is UTF-8: other encodings almost never form valid
//      UTF-8 sequences by accident, whereas statistical detectors misjudge short UTF-8 samples.
//   4. Otherwise chardet's ranking decides between CJK encodings when it is confident; failing that a
//      sample that is structurally valid GB18030 is read as GB18030 (our agencies are mostly Chinese);
//      then a single-byte encoding, preferring Windows-1252 (what Excel writes for Western text) unless
//      chardet clearly prefers another.
import { analyse } from "chardet";
import iconv from "iconv-lite";
import { IngestFileError } from "./file-error";
import { importMessage } from "../rows/import-message";

/** How much of the file is inspected. Large enough for chardet's statistics, small enough to hold in memory. */
export const ENCODING_SAMPLE_BYTES = 64 * 1024;

export interface DetectedEncoding {
  /** An iconv-lite encoding name, e.g. "utf-8", "utf-16le", "gb18030". */
  encoding: string;
  /** Human-readable name for the upload summary, e.g. "UTF-8 (with BOM)". */
  label: string;
  /** Bytes of byte order mark at the start of the file (0 when none); decoders strip it. */
  bomLength: number;
  /** "certain" for a BOM or an explicit choice, "high" for valid UTF-8, "guess" for statistical detection. */
  confidence: "certain" | "high" | "guess";
}

export interface DetectEncodingOptions {
  /** Used only to word error messages: "a text CSV" or "a JSON Lines text file". */
  expectedContent?: "csv" | "jsonl";
  /** An encoding chosen by the user; skips detection (a matching BOM is still stripped). */
  override?: string;
}

interface BinarySignature {
  bytes: readonly number[];
  /** importFile.binary.<kind>: what the file is. */
  kind: "zip" | "ole" | "pdf" | "png" | "jpeg" | "gif" | "gzip" | "7z" | "rar";
  /** importFile.hint.<hint>: what to do instead. */
  hint?: "zip" | "ole";
}

const binarySignatures: readonly BinarySignature[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], kind: "zip", hint: "zip" },
  { bytes: [0x50, 0x4b, 0x05, 0x06], kind: "zip" },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], kind: "ole", hint: "ole" },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], kind: "pdf" },
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], kind: "png" },
  { bytes: [0xff, 0xd8, 0xff], kind: "jpeg" },
  { bytes: [0x47, 0x49, 0x46, 0x38, 0x37, 0x61], kind: "gif" },
  { bytes: [0x47, 0x49, 0x46, 0x38, 0x39, 0x61], kind: "gif" },
  { bytes: [0x1f, 0x8b], kind: "gzip" },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], kind: "7z" },
  { bytes: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], kind: "rar" },
];

function startsWith(sample: Uint8Array, bytes: readonly number[]): boolean {
  if (sample.length < bytes.length) return false;
  return bytes.every((byte, index) => sample[index] === byte);
}

/** Names the kind of binary file the sample starts like, or null when it has no known signature. */
export function sniffBinarySignature(sample: Uint8Array): BinarySignature | null {
  return binarySignatures.find((signature) => startsWith(sample, signature.bytes)) ?? null;
}

export function isZipArchive(sample: Uint8Array): boolean {
  return startsWith(sample, [0x50, 0x4b, 0x03, 0x04]) || startsWith(sample, [0x50, 0x4b, 0x05, 0x06]);
}

function binaryFileError(binary: BinarySignature["kind"] | "nul" | "control", expected: "csv" | "jsonl", hint?: BinarySignature["hint"]): IngestFileError {
  return new IngestFileError("BINARY_FILE", hint ? importMessage("importFile.binaryWithHint", { binary, expected, hint }) : importMessage("importFile.binary", { binary, expected }));
}

interface Utf8Scan {
  validMultiByte: number;
  invalid: number;
}

/**
 * Counts well-formed multi-byte UTF-8 sequences and invalid bytes, following Unicode's table of well-formed
 * byte sequences (no overlongs, no surrogates, nothing above U+10FFFF). A sequence cut off by the end of the
 * sample is neither: the sample boundary is arbitrary.
 */
function scanUtf8(bytes: Uint8Array): Utf8Scan {
  let validMultiByte = 0;
  let invalid = 0;
  let index = 0;
  const length = bytes.length;
  const inRange = (offset: number, low: number, high: number) => {
    const byte = bytes[index + offset];
    return byte !== undefined && byte >= low && byte <= high;
  };
  while (index < length) {
    const lead = bytes[index] ?? 0;
    if (lead < 0x80) {
      index += 1;
      continue;
    }
    let sequenceLength = 0;
    let secondLow = 0x80;
    let secondHigh = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) sequenceLength = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      sequenceLength = 3;
      if (lead === 0xe0) secondLow = 0xa0;
      if (lead === 0xed) secondHigh = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      sequenceLength = 4;
      if (lead === 0xf0) secondLow = 0x90;
      if (lead === 0xf4) secondHigh = 0x8f;
    }
    if (sequenceLength === 0) {
      invalid += 1;
      index += 1;
      continue;
    }
    if (index + sequenceLength > length) {
      // Cut by the end of the sample: acceptable as long as the bytes present are a valid prefix.
      let prefixValid = index + 1 >= length || inRange(1, secondLow, secondHigh);
      for (let offset = 2; prefixValid && index + offset < length; offset += 1) prefixValid = inRange(offset, 0x80, 0xbf);
      if (!prefixValid) invalid += 1;
      break;
    }
    let valid = inRange(1, secondLow, secondHigh);
    for (let offset = 2; valid && offset < sequenceLength; offset += 1) valid = inRange(offset, 0x80, 0xbf);
    if (valid) {
      validMultiByte += 1;
      index += sequenceLength;
    } else {
      invalid += 1;
      index += 1;
    }
  }
  return { validMultiByte, invalid };
}

/** True when every non-ASCII byte belongs to a well-formed GB18030 two- or four-byte sequence. */
function isStructurallyGb18030(bytes: Uint8Array): boolean {
  let index = 0;
  const length = bytes.length;
  while (index < length) {
    const lead = bytes[index] ?? 0;
    if (lead < 0x80) {
      index += 1;
      continue;
    }
    if (lead === 0x80 || lead === 0xff) return false;
    const second = bytes[index + 1];
    if (second === undefined) return true;
    if (second >= 0x30 && second <= 0x39) {
      const third = bytes[index + 2];
      const fourth = bytes[index + 3];
      if (third === undefined) return true;
      if (third < 0x81 || third > 0xfe) return false;
      if (fourth === undefined) return true;
      if (fourth < 0x30 || fourth > 0x39) return false;
      index += 4;
      continue;
    }
    if ((second >= 0x40 && second <= 0x7e) || (second >= 0x80 && second <= 0xfe)) {
      index += 2;
      continue;
    }
    return false;
  }
  return true;
}

/**
 * UTF-16 without a BOM shows as NUL high bytes on ASCII characters (digits, delimiters, Latin text), all on
 * one side of each byte pair. Returns the byte order, or null when the NULs do not follow that pattern.
 */
function detectBomlessUtf16(sample: Uint8Array): "utf-16le" | "utf-16be" | null {
  const pairs = Math.floor(sample.length / 2);
  if (pairs < 2) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let index = 0; index + 1 < sample.length; index += 2) {
    if (sample[index] === 0) evenZeros += 1;
    if (sample[index + 1] === 0) oddZeros += 1;
  }
  const mostly = 0.2 * pairs;
  const hardly = 0.01 * pairs;
  if (oddZeros >= mostly && evenZeros <= hardly) return "utf-16le";
  if (evenZeros >= mostly && oddZeros <= hardly) return "utf-16be";
  return null;
}

function countControlBytes(sample: Uint8Array): number {
  let count = 0;
  for (const byte of sample) {
    // Tab, LF, CR, form feed and ESC can appear in real exports; the rest of C0 means binary data.
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x1b) count += 1;
  }
  return count;
}

const chardetToIconv: Record<string, { encoding: string; label: string }> = {
  GB18030: { encoding: "gb18030", label: "GB18030" },
  Big5: { encoding: "big5", label: "Big5" },
  Shift_JIS: { encoding: "shift_jis", label: "Shift_JIS" },
  "EUC-JP": { encoding: "euc-jp", label: "EUC-JP" },
  "EUC-KR": { encoding: "euc-kr", label: "EUC-KR" },
  "ISO-8859-1": { encoding: "windows-1252", label: "Windows-1252" },
  "ISO-8859-2": { encoding: "iso-8859-2", label: "ISO-8859-2" },
  "ISO-8859-5": { encoding: "iso-8859-5", label: "ISO-8859-5" },
  "ISO-8859-6": { encoding: "iso-8859-6", label: "ISO-8859-6" },
  "ISO-8859-7": { encoding: "iso-8859-7", label: "ISO-8859-7" },
  "ISO-8859-8": { encoding: "iso-8859-8", label: "ISO-8859-8" },
  "ISO-8859-9": { encoding: "iso-8859-9", label: "ISO-8859-9" },
  "KOI8-R": { encoding: "koi8-r", label: "KOI8-R" },
  "windows-1250": { encoding: "windows-1250", label: "Windows-1250" },
  "windows-1251": { encoding: "windows-1251", label: "Windows-1251" },
  "windows-1252": { encoding: "windows-1252", label: "Windows-1252" },
  "windows-1253": { encoding: "windows-1253", label: "Windows-1253" },
  "windows-1254": { encoding: "windows-1254", label: "Windows-1254" },
  "windows-1255": { encoding: "windows-1255", label: "Windows-1255" },
  "windows-1256": { encoding: "windows-1256", label: "Windows-1256" },
  "windows-1257": { encoding: "windows-1257", label: "Windows-1257" },
  "windows-1258": { encoding: "windows-1258", label: "Windows-1258" },
  "windows-874": { encoding: "windows-874", label: "Windows-874" },
};

const multiByteCjk = new Set(["GB18030", "Big5", "Shift_JIS", "EUC-JP", "EUC-KR"]);

/** chardet's confidence (0–100) above which its choice among CJK encodings is trusted. */
const CONFIDENT_CJK_MATCH = 50;

/** Share of invalid sequences tolerated in an otherwise-UTF-8 sample (a stray byte from a bad copy-paste). */
const TOLERATED_INVALID_UTF8 = 0.05;

function bomOf(sample: Uint8Array): { encoding: string; label: string; length: number } | null {
  if (startsWith(sample, [0xef, 0xbb, 0xbf])) return { encoding: "utf-8", label: "UTF-8 (with BOM)", length: 3 };
  if (startsWith(sample, [0xff, 0xfe, 0x00, 0x00]) || startsWith(sample, [0x00, 0x00, 0xfe, 0xff])) return null;
  if (startsWith(sample, [0xff, 0xfe])) return { encoding: "utf-16le", label: "UTF-16 LE (with BOM)", length: 2 };
  if (startsWith(sample, [0xfe, 0xff])) return { encoding: "utf-16be", label: "UTF-16 BE (with BOM)", length: 2 };
  return null;
}

/**
 * Detects the text encoding of a file from its first bytes (pass up to ENCODING_SAMPLE_BYTES).
 * Throws IngestFileError for binary files and encodings that cannot be read.
 */
export function detectEncoding(sample: Uint8Array, options: DetectEncodingOptions = {}): DetectedEncoding {
  const expectedContent = options.expectedContent ?? "csv";
  if (startsWith(sample, [0xff, 0xfe, 0x00, 0x00]) || startsWith(sample, [0x00, 0x00, 0xfe, 0xff])) {
    throw new IngestFileError("UNSUPPORTED_ENCODING", importMessage("importFile.utf32"));
  }
  const bom = bomOf(sample);

  if (options.override !== undefined) {
    if (!iconv.encodingExists(options.override)) {
      throw new IngestFileError("UNSUPPORTED_ENCODING", importMessage("importFile.encodingNotSupported", { encoding: options.override }));
    }
    const sameAsBom = bom !== null && iconv._canonicalizeEncoding(bom.encoding) === iconv._canonicalizeEncoding(options.override);
    return { encoding: options.override, label: options.override, bomLength: sameAsBom ? bom.length : 0, confidence: "certain" };
  }

  if (bom) return { encoding: bom.encoding, label: bom.label, bomLength: bom.length, confidence: "certain" };

  const signature = sniffBinarySignature(sample);
  if (signature) throw binaryFileError(signature.kind, expectedContent, signature.hint);

  if (sample.includes(0)) {
    const utf16 = detectBomlessUtf16(sample);
    if (utf16) {
      return { encoding: utf16, label: utf16 === "utf-16le" ? "UTF-16 LE" : "UTF-16 BE", bomLength: 0, confidence: "guess" };
    }
    throw binaryFileError("nul", expectedContent);
  }
  if (countControlBytes(sample) > Math.max(2, sample.length * 0.01)) {
    throw binaryFileError("control", expectedContent);
  }

  const utf8 = scanUtf8(sample);
  if (utf8.invalid === 0) return { encoding: "utf-8", label: "UTF-8", bomLength: 0, confidence: "high" };
  if (utf8.validMultiByte > 0 && utf8.invalid / (utf8.invalid + utf8.validMultiByte) <= TOLERATED_INVALID_UTF8) {
    // Decoding as UTF-8 turns the stray bytes into U+FFFD, which flags just the affected rows.
    return { encoding: "utf-8", label: "UTF-8", bomLength: 0, confidence: "guess" };
  }

  const matches = analyse(sample);
  const best = matches[0];
  if (best && multiByteCjk.has(best.name) && best.confidence >= CONFIDENT_CJK_MATCH) {
    const mapped = chardetToIconv[best.name];
    if (mapped) return { ...mapped, bomLength: 0, confidence: "guess" };
  }
  if (isStructurallyGb18030(sample)) return { encoding: "gb18030", label: "GB18030", bomLength: 0, confidence: "guess" };
  const singleByte = matches.filter((match) => !multiByteCjk.has(match.name) && match.confidence > 0 && chardetToIconv[match.name]);
  const bestSingleByte = singleByte[0];
  if (bestSingleByte) {
    // On short samples chardet's single-byte ranking is close to noise; Windows-1252 (what Excel writes for
    // Western text) wins whenever chardet finds it about as plausible as its favourite.
    const western = singleByte.find((match) => match.name === "ISO-8859-1" || match.name === "windows-1252");
    const chosen = western && western.confidence * 2 >= bestSingleByte.confidence ? western : bestSingleByte;
    const mapped = chardetToIconv[chosen.name];
    if (mapped) return { ...mapped, bomLength: 0, confidence: "guess" };
  }
  throw new IngestFileError("UNSUPPORTED_ENCODING", importMessage("importFile.encodingUnknown"));
}
