// The input limits of an .xlsx archive, kept apart from the ZIP reading and XML parsing so that they survive a
// change of ZIP library: they need only each entry's name and its declared sizes (what any ZIP reader lists
// from the central directory) and a count of the bytes inflated so far.
//
// Two checks, because a directory can lie: before a part is inflated, its declared uncompressed size and
// compression ratio (a part declaring 120 MB is refused without inflating a byte of it); while it inflates,
// the bytes actually produced against the same limits (a part declaring 1 KB that inflates on is stopped at the
// limit, not at the end of the data).
import { type IngestFileError, refuseFile } from "./file-error";
import { INPUT_LIMITS } from "./input-limits";

export interface ZipEntrySizes {
  readonly name: string;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
}

/** Which limit a part is held to: the shared-string table and styles have their own, smaller ones. */
export type XlsxPartRole = "sharedStrings" | "styles" | "metadata" | "worksheet";

export function maxPartBytes(role: XlsxPartRole): number {
  switch (role) {
    case "sharedStrings":
      return INPUT_LIMITS.sharedStringsBytes;
    case "styles":
      return INPUT_LIMITS.stylesPartBytes;
    case "metadata":
      return INPUT_LIMITS.metadataPartBytes;
    case "worksheet":
      return INPUT_LIMITS.zipEntryBytes;
  }
}

function sizeRefusal(fileName: string, entry: ZipEntrySizes, role: XlsxPartRole, actual: number): IngestFileError {
  const limit = maxPartBytes(role);
  if (role === "sharedStrings") {
    return refuseFile("LIMIT_EXCEEDED", "ingest.limit.sharedStringsSize", { file: fileName, part: entry.name, limit, actual });
  }
  return refuseFile("LIMIT_EXCEEDED", "ingest.limit.zipEntrySize", { file: fileName, part: entry.name, limit, actual });
}

function ratioExceeded(uncompressed: number, compressed: number): boolean {
  return uncompressed > INPUT_LIMITS.zipRatioFromBytes && uncompressed > INPUT_LIMITS.zipCompressionRatio * Math.max(compressed, 1);
}

function ratioRefusal(fileName: string, entry: ZipEntrySizes, uncompressed: number): IngestFileError {
  const actual = Math.floor(uncompressed / Math.max(entry.compressedSize, 1));
  return refuseFile("LIMIT_EXCEEDED", "ingest.limit.zipRatio", { file: fileName, part: entry.name, limit: INPUT_LIMITS.zipCompressionRatio, actual });
}

/**
 * The role a part's conventional name implies. The reader finds parts through relationships and checks them
 * again by their actual role when it opens them; this lets the whole directory be checked up front.
 */
export function conventionalRole(name: string): XlsxPartRole {
  const lower = name.toLowerCase();
  if (/(^|\/)sharedstrings\d*\.xml$/.test(lower)) return "sharedStrings";
  if (/(^|\/)styles\.xml$/.test(lower)) return "styles";
  if (lower.endsWith(".rels") || lower === "[content_types].xml" || /(^|\/)workbook\.xml$/.test(lower)) return "metadata";
  return "worksheet";
}

/**
 * Checks every entry the archive's directory lists (all of them, not only the parts the reader will open: an
 * archive with an absurd member is refused as a whole), sizes first so that a part too large for its role is
 * named as such rather than as a zip bomb.
 */
export function checkArchiveEntries(fileName: string, entries: readonly ZipEntrySizes[]): void {
  if (entries.length > INPUT_LIMITS.zipEntries) {
    throw refuseFile("LIMIT_EXCEEDED", "ingest.limit.zipEntries", { file: fileName, limit: INPUT_LIMITS.zipEntries, actual: entries.length });
  }
  for (const entry of entries) checkPartSize(fileName, entry, conventionalRole(entry.name));
  for (const entry of entries) {
    if (ratioExceeded(entry.uncompressedSize, entry.compressedSize)) throw ratioRefusal(fileName, entry, entry.uncompressedSize);
  }
}

/** Checks a part's declared size against its role's limit, before any of it is inflated. */
export function checkPartSize(fileName: string, entry: ZipEntrySizes, role: XlsxPartRole): void {
  if (entry.uncompressedSize > maxPartBytes(role)) throw sizeRefusal(fileName, entry, role, entry.uncompressedSize);
}

/** Checks a part's declared size and compression ratio before any of it is inflated. */
export function checkPartBeforeInflating(fileName: string, entry: ZipEntrySizes, role: XlsxPartRole): void {
  checkPartSize(fileName, entry, role);
  if (ratioExceeded(entry.uncompressedSize, entry.compressedSize)) throw ratioRefusal(fileName, entry, entry.uncompressedSize);
}

/**
 * Returns a meter to call with the running total of bytes inflated from the part: it throws as soon as the
 * total passes the part's limit or compression ratio, whatever the directory declared.
 */
export function inflationMeter(fileName: string, entry: ZipEntrySizes, role: XlsxPartRole): (produced: number) => void {
  const limit = maxPartBytes(role);
  return (produced) => {
    if (produced > limit) throw sizeRefusal(fileName, entry, role, produced);
    if (ratioExceeded(produced, entry.compressedSize)) throw ratioRefusal(fileName, entry, produced);
  };
}
