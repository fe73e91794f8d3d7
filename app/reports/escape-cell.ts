// Text that agencies send (messages, notes, names, event ids) ends up in audit workbooks that people open in Excel.
// ExcelJS writes strings as values, never as formulas, but a cell that begins like a formula becomes one as soon as
// someone edits it or saves the sheet as CSV, so such text is written with a leading apostrophe (the OWASP advice for
// spreadsheet exports, and what the CSV violations export does). Text is also made safe to open: lone UTF-16
// surrogates (invalid in XML) are replaced, and cells are cut at Excel's limit of 32,767 characters, beyond which
// Excel reports the file as damaged.

/** Excel's maximum number of characters in one cell. */
export const EXCEL_CELL_LIMIT = 32_767;

const formulaStart = /^[=+\-@\t\r]/;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const truncationMark = "…";

/** True when Excel would treat the text as the start of a formula (=, +, -, @, tab or carriage return first). */
export function looksLikeFormula(text: string): boolean {
  return formulaStart.test(text);
}

/** The text as it must be written into a cell: apostrophe before formula-like text, valid XML, within Excel's limit. */
export function escapeCellText(text: string): string {
  let safe = text.replace(loneSurrogate, "\uFFFD");
  if (looksLikeFormula(safe)) safe = `'${safe}`;
  if (safe.length > EXCEL_CELL_LIMIT) {
    let cut = EXCEL_CELL_LIMIT - truncationMark.length;
    // Never split a surrogate pair: half a character would be invalid again.
    const code = safe.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    safe = `${safe.slice(0, cut)}${truncationMark}`;
  }
  return safe;
}

/** For optional text columns: null and undefined stay empty cells. */
export function escapeOptionalCellText(text: string | null | undefined): string | null {
  return text == null ? null : escapeCellText(text);
}
