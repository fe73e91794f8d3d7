// Every limit an upload is held to before the readers spend memory on it, in one place (ADR 013,
// docs/IMPORT_FORMAT.md "Limits"). A file that passes one of them is refused as a whole with a message naming
// the file and the part, row or line; nothing of it is imported.
//
// The numbers follow Excel where Excel has one (a spreadsheet nobody could have saved from Excel is not data)
// and otherwise keep the largest thing held in memory at once well inside an import process's heap.

export const INPUT_LIMITS = {
  /** Characters in one cell or field: Excel's own limit for a cell. */
  fieldCharacters: 32_767,
  /**
   * Characters in one CSV record (delimiters and quotes counted, so a line of commas cannot slip under it), one
   * JSON line, or the text of one worksheet row. About 30 full-length cells; real rows are a few hundred characters.
   */
  recordCharacters: 1024 * 1024,
  /** Columns in one row: Excel's last column is XFD. */
  columns: 16_384,
  /** Worksheet rows: Excel's last row. */
  rows: 1_048_576,
  /** JSON Lines: objects and arrays nested inside one another on one line (a flat record needs 1). */
  jsonDepth: 32,

  /** XLSX: parts in the archive. A workbook of 255 sheets has about 600. */
  zipEntries: 10_000,
  /** XLSX: uncompressed bytes of any one part (a worksheet at Excel's row limit with short values is about this). */
  zipEntryBytes: 1024 * 1024 * 1024,
  /** XLSX: a part may expand at most this many times when inflated (Apache POI's default for the same check)... */
  zipCompressionRatio: 100,
  /** ...once it is larger than this: small parts of repetitive XML legitimately compress further. */
  zipRatioFromBytes: 1024 * 1024,
  /** XLSX: workbook.xml, relationship parts and other metadata, uncompressed (real ones are kilobytes). */
  metadataPartBytes: 16 * 1024 * 1024,
  /** XLSX: styles.xml, uncompressed (workbooks bloated by copy-pasted formats reach a few megabytes). */
  stylesPartBytes: 16 * 1024 * 1024,
  /** XLSX: cell formats (cellXfs) in styles.xml: Excel's limit of unique cell formats. */
  cellStyles: 64_000,
  /** XLSX: sheets listed in workbook.xml: the most Excel offers for a new workbook. */
  sheets: 255,
  /**
   * XLSX: the shared-string table (xl/sharedStrings.xml), uncompressed. The table is held in memory while the
   * sheet is read, as JavaScript strings of up to twice its size.
   */
  sharedStringsBytes: 64 * 1024 * 1024,
  /** XLSX: strings in the shared-string table (each costs tens of bytes of overhead besides its text). */
  sharedStrings: 1_000_000,
} as const;

export type InputLimits = typeof INPUT_LIMITS;
