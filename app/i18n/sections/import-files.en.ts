// Why a file was refused as a whole (the batch fails with it) and what the header check says about its columns.
// Stored language-neutral like row reasons (app/ingest/import-message.ts) and shown in the reader's language on the
// import page, the batch page and the batches grid; the API, the CLI and logs use the English text. {file} is the
// upload's name: a message without it is shown after the name ("orders.csv: the file is empty").
export const importFilesEn = {
  "importFile.named": "{file}: {message}",
  "importFile.empty": "file is empty",
  "importFile.emptySheet": "file is empty (sheet '{sheet}' has no rows)",
  "importFile.noDataRows": "file has a header but no data rows",
  "importFile.unterminatedQuote":
    "row {row} (starting on line {line}) has a quote (\") that is never closed, so everything after it was read as one value. Add the closing quote or remove the opening one.",
  "importFile.recordTooLarge":
    "row {row} (starting on line {line}) is larger than {limit} characters. This usually means a quote (\") that is never closed; otherwise shorten the long value.",
  "importFile.malformedCsv": "row {row} (starting on line {line}) is not valid CSV: {detail}",
  "importFile.binary": "file looks binary ({binary}), not {expected}",
  "importFile.binaryWithHint": "file looks binary ({binary}), not {expected}. {hint}",
  "importFile.binary.zip": "ZIP archive",
  "importFile.binary.ole": "legacy Excel .xls or other Office document",
  "importFile.binary.pdf": "PDF document",
  "importFile.binary.png": "PNG image",
  "importFile.binary.jpeg": "JPEG image",
  "importFile.binary.gif": "GIF image",
  "importFile.binary.gzip": "gzip archive",
  "importFile.binary.7z": "7-Zip archive",
  "importFile.binary.rar": "RAR archive",
  "importFile.binary.nul": "contains NUL bytes",
  "importFile.binary.control": "contains control characters",
  "importFile.expected.csv": "a text CSV",
  "importFile.expected.jsonl": "a JSON Lines text file",
  "importFile.hint.zip": "Excel workbooks are ZIP archives: if this is one, upload it with the .xlsx extension.",
  "importFile.hint.ole": "Open it in Excel and save it as .xlsx or CSV UTF-8.",
  "importFile.hint.csv": "If it is a CSV file, upload it with the .csv extension.",
  "importFile.utf32": "file is UTF-32, which is not supported: save it as UTF-8.",
  "importFile.encodingNotSupported": "encoding '{encoding}' is not supported.",
  "importFile.encodingUnknown": "could not tell which text encoding the file uses: save it as CSV UTF-8 and upload it again.",
  "importFile.legacyXls": "legacy Excel .xls files are not supported: open the file in Excel and save it as .xlsx or CSV UTF-8.",
  "importFile.notJsonArray": "'{name}' is not one JSON array of records: a .json file is read as the regulator's JSON export, a list of objects in [ ].",
  "importFile.unsupportedType": "'{name}' is not a supported file type: upload a .csv, .xlsx, .jsonl or .json file.",
  "importFile.noWorkbookPart":
    "the file is a ZIP archive but not an Excel workbook (it has no workbook part). If it is a CSV file, upload it with the .csv extension.",
  "importFile.sheetNotFound": "the workbook has no sheet named '{sheet}'; its sheets are: {sheets}.",
  "importFile.chartSheet": "sheet '{sheet}' is a chart, not a sheet of rows.",
  "importFile.noSheets": "the workbook has no sheets.",
  "importFile.sheetMissing": "sheet '{sheet}' is listed in the workbook but its content is missing.",
  "importFile.unreadableWorkbook": "the file could not be read as an .xlsx workbook ({detail}).",
  "importFile.notWorkbook": "file is not an .xlsx workbook (it is a {binary}). {hint}",
  "importFile.notZipWorkbook": "file is not an .xlsx workbook (it is not a ZIP-based workbook). {hint}",
  "importFile.headerUnreadable": "the header row (row {row}) cannot be read:",
  "importFile.headerCellTooLong": "header cell in column {letter} is {length} characters long, which is not a column name: check that the first row is the header.",
  "importFile.headerColumnTwice": "column '{column}' appears twice (column {first} and column {second}): rename or remove one of them.",
  "importFile.headerEmpty": "the header row has no column names.",
  "importFile.needsTooMuchMemory":
    "the file needs more memory than reading it may use ({heapMb} MB) even for its header: if it is an .xlsx workbook, save the sheet as CSV UTF-8 and upload that instead.",
  "importFile.parsingNeedsTooMuchMemory":
    "the file needs more memory than reading it may use ({heapMb} MB), so nothing was imported: if it is an .xlsx workbook (a large shared-strings table), save the sheet as CSV UTF-8, or split the file, and upload that instead.",
  "importFile.strictRejected": "Strict import: {rejected} of {total} rows are invalid, so nothing was imported. Fix the rejected rows and send the file again.",
  "importFile.stoppedUnexpectedly": "The import stopped unexpectedly: {detail}",
  "importFile.workerDied":
    "The file needs more memory than an import may use. Its worker process died twice while importing it, so it is not tried again: save the sheet as CSV UTF-8, or split the file, and upload that instead.",
  "importFile.workerDiedSharedStrings":
    "The file needs more memory than an import may use: its shared-strings table expands to {sizeMb} MB. Its worker process died twice while importing it, so it is not tried again: save the sheet as CSV UTF-8, or split the file, and upload that instead.",

  "importHeader.profileFieldWrongKind": "the mapping profile maps column '{column}' to '{target}', which is not {kindField}",
  "importHeader.kindField.PLACEMENTS": "a placement field",
  "importHeader.kindField.ACTIVITIES": "an activity field",
  "importHeader.kindField.COMPLAINTS": "a complaint field",
  "importHeader.agencyOnProbation": "agency {agency} is on PROBATION in the agency register ({total} rows place accounts with it)",
  "importHeader.agencySuspendedRows": "agency {agency} is SUSPENDED in the agency register: its {total} rows will be refused",
  "importHeader.agencyTerminatedRows": "agency {agency} is TERMINATED in the agency register: its {total} rows will be refused",
  "importHeader.kindField.AGENTS": "an agent roster field",
  "importHeader.kindField.ACKNOWLEDGMENTS": "an acknowledgment field",
  "importHeader.kindField.PAYMENTS": "a ledger field",
  "importHeader.bothMapped": "columns '{earlier}' and '{column}' are both mapped to {target}; map only one of them",
  "importHeader.missingRequired": "missing required column: {required}. Columns found: {found}.",
  "importHeader.missingRequiredMany": "missing required columns: {required}. Columns found: {found}.",
  "importHeader.none": "(none)",
  "importHeader.profileColumnAbsent": "the mapping profile maps column '{column}' to {target}, but the file has no such column",
  "importHeader.duplicateLooksLike": "column '{column}' looks like {target}, which is already taken by column '{takenBy}'; it will not be imported",
  "importHeader.unrecognised": "these columns are not recognised and will not be imported: {columns}",
} as const;

export type ImportFilesMessageKey = keyof typeof importFilesEn;
