import { contentDisposition } from "~/grid/export-table.server";

// One answer for every stored file a user downloads (a finding's or complaint's attachment, a register document, a
// stored audit or evaluation workbook): the bytes as stored, never cached, never sniffed into something runnable,
// with their SHA-256 for whoever checks them.
export function storedFileResponse(file: { bytes: Uint8Array; contentType: string; fileName: string; sha256?: string }): Response {
  const headers: Record<string, string> = {
    "Content-Type": file.contentType,
    "Content-Disposition": contentDisposition(file.fileName),
    "Content-Length": String(file.bytes.byteLength),
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
  };
  if (file.sha256 !== undefined) headers["X-Content-SHA256"] = file.sha256;
  return new Response(new Uint8Array(file.bytes), { headers });
}
