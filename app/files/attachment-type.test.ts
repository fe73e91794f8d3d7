import { describe, expect, test } from "vitest";
import { MAX_ATTACHMENT_BYTES, checkAttachment, cleanAttachmentName } from "./attachment-type";

const bytes = (...values: (number | string)[]) => new Uint8Array(values.flatMap((value) => (typeof value === "string" ? [...value].map((character) => character.charCodeAt(0)) : [value])));
const pdf = bytes("%PDF-1.7\n");
const png = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13);
const jpeg = bytes(0xff, 0xd8, 0xff, 0xe0, 0, 16, "JFIF");
const webp = bytes("RIFF", 0, 0, 0, 0, "WEBP");
const zip = bytes(0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0);
const ole = bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1);
const exe = bytes("MZ", 0x90, 0);

describe("checkAttachment", () => {
  test.each([
    ["plan.pdf", pdf, "application/pdf"],
    ["Screenshot.PNG", png, "image/png"],
    ["photo.jpeg", jpeg, "image/jpeg"],
    ["photo.jpg", jpeg, "image/jpeg"],
    ["scan.webp", webp, "image/webp"],
    ["整改计划.docx", zip, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    ["calls.xlsx", zip, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
    ["old.xls", ole, "application/vnd.ms-excel"],
  ])("%s is accepted as %s", (fileName, head, contentType) => {
    expect(checkAttachment({ fileName, size: 1000, head })).toEqual({ ok: true, fileName, contentType });
  });

  test.each([
    ["setup.exe", exe, "ATTACHMENT_TYPE", "not an accepted type"],
    ["invoice.pdf", exe, "ATTACHMENT_TYPE", "content is not a .pdf file"],
    ["image.png", pdf, "ATTACHMENT_TYPE", "looks like PDF"],
    ["notes", pdf, "ATTACHMENT_TYPE", "not an accepted type"],
    ["macro.docm", zip, "ATTACHMENT_TYPE", "not an accepted type"],
  ] as const)("%s is refused (%s)", (fileName, head, reason, message) => {
    const result = checkAttachment({ fileName, size: 1000, head });
    expect(result).toMatchObject({ ok: false, reason });
    if (!result.ok) expect(result.message).toContain(message);
  });

  test("size: empty and over the limit are refused with the size and the limit", () => {
    expect(checkAttachment({ fileName: "a.pdf", size: 0, head: new Uint8Array() })).toMatchObject({ ok: false, reason: "ATTACHMENT_EMPTY" });
    const over = checkAttachment({ fileName: "big.pdf", size: MAX_ATTACHMENT_BYTES + 1, head: pdf });
    expect(over).toMatchObject({ ok: false, reason: "ATTACHMENT_TOO_LARGE" });
    if (!over.ok) expect(over.message).toContain("limited to 10 MB");
    expect(checkAttachment({ fileName: "limit.pdf", size: MAX_ATTACHMENT_BYTES, head: pdf }).ok).toBe(true);
  });
});

test.each([
  ["C:\\Users\\x\\plan.pdf", "plan.pdf"],
  ["../../etc/passwd.pdf", "passwd.pdf"],
  ['bad"\u0000name.pdf', "badname.pdf"],
  [`${"a".repeat(300)}.pdf`, `${"a".repeat(196)}.pdf`],
])("cleanAttachmentName(%j) = %j", (input, expected) => {
  expect(cleanAttachmentName(input)).toBe(expected);
});
