// Which files are accepted as attachments (a finding's evidence, an agency's register documents): PDF, images,
// Office documents, recognised by their first bytes AND their extension (a renamed executable is refused), the
// content type decided here rather than taken from the client. Pure, tested with a table.

import { MAX_ATTACHMENT_UPLOAD_BYTES } from "~/http/body-limits";

/** The largest attachment accepted (10 MiB): evidence documents and screenshots, not recordings. */
export const MAX_ATTACHMENT_BYTES = MAX_ATTACHMENT_UPLOAD_BYTES;
export const MAX_ATTACHMENT_NAME = 200;

type Signature = "pdf" | "png" | "jpeg" | "gif" | "webp" | "zip" | "ole";

const extensions: Record<string, { signature: Signature; contentType: string }> = {
  pdf: { signature: "pdf", contentType: "application/pdf" },
  png: { signature: "png", contentType: "image/png" },
  jpg: { signature: "jpeg", contentType: "image/jpeg" },
  jpeg: { signature: "jpeg", contentType: "image/jpeg" },
  gif: { signature: "gif", contentType: "image/gif" },
  webp: { signature: "webp", contentType: "image/webp" },
  docx: { signature: "zip", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
  xlsx: { signature: "zip", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
  pptx: { signature: "zip", contentType: "application/vnd.openxmlformats-officedocument.presentationml.presentation" },
  doc: { signature: "ole", contentType: "application/msword" },
  xls: { signature: "ole", contentType: "application/vnd.ms-excel" },
  ppt: { signature: "ole", contentType: "application/vnd.ms-powerpoint" },
};

export const acceptedAttachmentExtensions = Object.keys(extensions);

const startsWith = (bytes: Uint8Array, prefix: readonly number[], offset = 0) => prefix.every((byte, index) => bytes[offset + index] === byte);
const ascii = (text: string) => [...text].map((character) => character.charCodeAt(0));

function signatureOf(bytes: Uint8Array): Signature | null {
  if (startsWith(bytes, ascii("%PDF-"))) return "pdf";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a"))) return "gif";
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return "webp";
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return "zip";
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return "ole";
  return null;
}

/** The name as stored and offered for download: no folders, no control characters, at most 200 characters. */
export function cleanAttachmentName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, "").trim();
  if (cleaned.length <= MAX_ATTACHMENT_NAME) return cleaned;
  const dot = cleaned.lastIndexOf(".");
  const extension = dot > 0 ? cleaned.slice(dot) : "";
  return `${cleaned.slice(0, MAX_ATTACHMENT_NAME - extension.length)}${extension}`;
}

export type AttachmentCheck =
  | { ok: true; fileName: string; contentType: string }
  | { ok: false; reason: "ATTACHMENT_EMPTY" | "ATTACHMENT_TOO_LARGE" | "ATTACHMENT_TYPE"; message: string };

/** Is this file acceptable? `size` is the whole file's, `head` at least its first 12 bytes. */
export function checkAttachment(input: { fileName: string; size: number; head: Uint8Array }): AttachmentCheck {
  const fileName = cleanAttachmentName(input.fileName);
  if (input.size === 0) return { ok: false, reason: "ATTACHMENT_EMPTY", message: `${fileName || "The file"} is empty.` };
  if (input.size > MAX_ATTACHMENT_BYTES) {
    return { ok: false, reason: "ATTACHMENT_TOO_LARGE", message: `${fileName} is ${(input.size / 1024 / 1024).toFixed(1)} MB; attachments are limited to ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB.` };
  }
  const extension = fileName.includes(".") ? fileName.slice(fileName.lastIndexOf(".") + 1).toLowerCase() : "";
  const expected = extensions[extension];
  if (!expected) {
    return { ok: false, reason: "ATTACHMENT_TYPE", message: `${fileName || "The file"} is not an accepted type: attach PDF, images (PNG, JPEG, GIF, WebP) or Office files (${acceptedAttachmentExtensions.join(", ")}).` };
  }
  const actual = signatureOf(input.head);
  if (actual !== expected.signature) {
    return { ok: false, reason: "ATTACHMENT_TYPE", message: `${fileName}'s content is not a .${extension} file${actual ? ` (it looks like ${actual.toUpperCase()})` : ""}.` };
  }
  return { ok: true, fileName, contentType: expected.contentType };
}
