// How large a request body may be. Sign-in and every ordinary form are small; only the two upload endpoints
// (the Imports page and POST /api/v1/imports) take files, and they share one configurable cap. The Express layer
// refuses a declared Content-Length over the route's limit before anything reads the body; the upload routes
// count the bytes while streaming them to disk (a chunked body declares no length), and the form helper counts
// what it reads (readFormData).

export const FORM_BODY_LIMIT_BYTES = 64 * 1024;
/** A multipart upload carries a few small fields and part headers besides the file. */
export const MULTIPART_ENVELOPE_BYTES = FORM_BODY_LIMIT_BYTES;

/** The default upload cap; maxUploadBytes() in env.server.ts reads the configured one. */
export const DEFAULT_MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

const uploadPaths = new Set(["/imports", "/api/v1/imports"]);
/** A finding's or complaint's attachment upload (POST /findings|complaints/:id/attachments): one file of at most 10 MiB (attachment-type.ts). */
const attachmentPath = /^\/(findings|complaints)\/\d{1,10}\/attachments$/;
/** A document of the agency register (POST /agencies/:code/register/documents): the same 10 MiB as an attachment. */
const registerDocumentPath = /^\/agencies\/[^/]{1,40}\/register\/documents$/;
export const MAX_ATTACHMENT_UPLOAD_BYTES = 10 * 1024 * 1024;
/** A file of the agencies' invoice totals (POST /statements/invoices): a row per agency and month, small. */
const invoicesPath = "/statements/invoices";
export const MAX_INVOICE_UPLOAD_BYTES = 2 * 1024 * 1024;

/** The route path a request is for: Remix's single-fetch data requests ("/imports.data") count as the page. */
function routePath(pathname: string): string {
  let path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  if (path === "/_root.data") return "/";
  if (path.endsWith(".data")) path = path.slice(0, -".data".length);
  return path;
}

export type BodyLimit = { kind: "form" | "upload"; maxBytes: number; chunkedAllowed: boolean };

export function bodyLimitFor(pathname: string, uploadCap: number): BodyLimit {
  if (uploadPaths.has(routePath(pathname))) return { kind: "upload", maxBytes: uploadCap + MULTIPART_ENVELOPE_BYTES, chunkedAllowed: true };
  // One byte over the limit still gets through, so the route can answer the file's own "over 10 MB" error.
  if (attachmentPath.test(routePath(pathname)) || registerDocumentPath.test(routePath(pathname))) return { kind: "upload", maxBytes: MAX_ATTACHMENT_UPLOAD_BYTES + 1 + MULTIPART_ENVELOPE_BYTES, chunkedAllowed: false };
  if (routePath(pathname) === invoicesPath) return { kind: "upload", maxBytes: MAX_INVOICE_UPLOAD_BYTES + MULTIPART_ENVELOPE_BYTES, chunkedAllowed: false };
  return { kind: "form", maxBytes: FORM_BODY_LIMIT_BYTES, chunkedAllowed: false };
}

export type BodyCheck = { ok: true } | { ok: false; status: 411 | 413; limit: BodyLimit };

/** What the Express layer can decide from the headers alone. */
export function checkDeclaredBody(pathname: string, headers: { contentLength: string | undefined; transferEncoding: string | undefined }, uploadCap: number): BodyCheck {
  const limit = bodyLimitFor(pathname, uploadCap);
  if (headers.transferEncoding !== undefined) {
    // No length declared: the upload routes count while streaming, anything else must say how much it sends.
    return limit.chunkedAllowed ? { ok: true } : { ok: false, status: 411, limit };
  }
  const declared = Number(headers.contentLength ?? "0");
  if (!Number.isFinite(declared) || declared > limit.maxBytes) return { ok: false, status: 413, limit };
  return { ok: true };
}
