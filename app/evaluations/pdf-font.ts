// Which font a signed evaluation's PDF is set in (OVERSIGHT_PDF_FONT): apart from the renderer so the environment
// schema and the tests can name the default without loading pdfkit.

/** A font file, with the PostScript name of the face to use when it is a collection (.ttc). */
export type PdfFont = { path: string; family: string | undefined };

/** Debian's Noto Sans CJK (fonts-noto-cjk), simplified Chinese face: OVERSIGHT_PDF_FONT's default. */
export const defaultPdfFontSpec = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc#NotoSansCJKsc-Regular";

/** OVERSIGHT_PDF_FONT's form: "path" or "path#PostScriptName". */
export function parsePdfFont(spec: string): PdfFont {
  const hash = spec.lastIndexOf("#");
  return hash === -1 ? { path: spec, family: undefined } : { path: spec.slice(0, hash), family: spec.slice(hash + 1) || undefined };
}
