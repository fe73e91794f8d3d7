// Why an upload was refused as a whole by the input limits (app/ingest/readers/input-limits.ts) or as unsafe. Every
// message names the file and, where there is one, the part, row or line; {limit} and {actual} are counts.
export const ingestLimitsEn = {
  "ingest.limit.csvRecord":
    "{file}: row {row} (starting on line {line}) is longer than {limit} characters, counting delimiters (at least {actual}). This usually means a quote (\") that is never closed; otherwise shorten the row.",
  "ingest.limit.csvField": "{file}: row {row} (line {line}), column {column} holds a value longer than {limit} characters (at least {actual}).",
  "ingest.limit.columns": "{file}: row {row} has more than {limit} columns (at least {actual}).",
  "ingest.limit.sheetColumns": "{file}: row {row} of {part} has a cell beyond column {limit} (column {actual}), more than Excel allows.",
  "ingest.limit.jsonLine": "{file}: line {line} is longer than {limit} characters (at least {actual}).",
  "ingest.limit.jsonDepth": "{file}: line {line} nests objects or arrays more than {limit} levels deep (at least {actual}).",
  "ingest.limit.zipEntries": "{file}: the archive holds {actual} parts; a workbook has at most {limit}.",
  "ingest.limit.zipEntrySize": "{file}: part {part} is larger than {limit} bytes uncompressed (at least {actual}).",
  "ingest.limit.zipRatio":
    "{file}: part {part} expands more than {limit} times when uncompressed (at least {actual} times), which only a “zip bomb” does.",
  "ingest.limit.sharedStringsSize":
    "{file}: the workbook's text table ({part}) is larger than {limit} bytes uncompressed (at least {actual}). Save the sheet as CSV UTF-8 and upload that instead.",
  "ingest.limit.sharedStringsCount":
    "{file}: the workbook's text table ({part}) holds more than {limit} texts (at least {actual}). Save the sheet as CSV UTF-8 and upload that instead.",
  "ingest.limit.sharedStringLength": "{file}: text {index} of the workbook's text table ({part}) is longer than {limit} characters (at least {actual}), more than Excel allows in a cell.",
  "ingest.limit.cellLength": "{file}: cell {cell} of {part} is longer than {limit} characters (at least {actual}), more than Excel allows in a cell.",
  "ingest.limit.rowLength": "{file}: row {row} of {part} holds more than {limit} characters of text (at least {actual}).",
  "ingest.limit.rows": "{file}: {part} has a row numbered {actual}, beyond Excel's last row {limit}.",
  "ingest.limit.sheets": "{file}: the workbook lists more than {limit} sheets (at least {actual}).",
  "ingest.limit.cellStyles": "{file}: {part} defines more than {limit} cell formats (at least {actual}), more than Excel allows.",
  "ingest.refused.encryptedWorkbook":
    "{file} is a password-protected workbook or a legacy .xls file (an OLE compound document), which cannot be read: remove the password, or open it in Excel and save it as .xlsx or CSV UTF-8.",
  "ingest.refused.xmlDoctype":
    "{file}: part {part} contains a document type declaration (<!DOCTYPE>), which workbooks never use and which can define entities that expand without bound or read other files.",
} as const;
