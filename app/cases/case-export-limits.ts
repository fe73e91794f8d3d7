/** The most placements one cases export holds; the file says when more matched (shared with the page's hint). */
export const maxCaseExportRows = 100_000;
