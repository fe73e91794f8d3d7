import iconv from "iconv-lite";
import { describe, expect, test } from "vitest";
import { ENCODING_SAMPLE_BYTES, detectEncoding } from "./detect-encoding";
import { IngestFileError } from "./file-error";
import { fixtureBytes } from "../../../test/support/ingest-readers";

const chineseCsv =
  "事件编号,账号,催收员工号,催收时间,催收方式,联系对象,通话结果,联系电话,内容\r\n" +
  "E001,6222020000000001,A007,2026/3/2 9:05,电话,本人,已接通,13812345678,客户承诺月底前还款\r\n" +
  "E002,6222020000000002,A012,2026/3/3 14:00,上门,配偶,,,外访，地址：上海市浦东新区\r\n";

function detectionError(sample: Uint8Array): IngestFileError {
  try {
    detectEncoding(sample);
  } catch (error) {
    if (error instanceof IngestFileError) return error;
    throw error;
  }
  throw new Error("expected detection to fail");
}

describe("byte order marks are authoritative", () => {
  test.each([
    ["UTF-8", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("a,b\r\n", "utf8")]), "utf-8", 3],
    ["UTF-16 LE", iconv.encode("a,b\r\n", "utf-16le", { addBOM: true }), "utf-16le", 2],
    ["UTF-16 BE", iconv.encode("a,b\r\n", "utf-16be", { addBOM: true }), "utf-16be", 2],
  ])("%s BOM", (_name, sample, encoding, bomLength) => {
    expect(detectEncoding(sample)).toMatchObject({ encoding, bomLength, confidence: "certain" });
  });

  test("a UTF-32 BOM is refused with advice", () => {
    const error = detectionError(Buffer.from([0xff, 0xfe, 0x00, 0x00, 0x61, 0x00, 0x00, 0x00]));
    expect(error.code).toBe("UNSUPPORTED_ENCODING");
    expect(error.message).toContain("UTF-32");
  });
});

describe("text without a BOM", () => {
  test.each([
    ["ASCII", "utf-8", Buffer.from("event_id,account_number\r\nE1,A1\r\n")],
    ["UTF-8 Chinese", "utf-8", Buffer.from(chineseCsv, "utf8")],
    ["GBK Chinese (long sample)", "gb18030", iconv.encode(chineseCsv.repeat(20), "gbk")],
    ["GBK Chinese (a few characters only)", "gb18030", iconv.encode("账号,姓名\r\n1,张三\r\n", "gbk")],
    ["GBK with mostly ASCII", "gb18030", iconv.encode("event_id,account_number,message_text\r\nE1,A1,您好\r\n", "gbk")],
    ["Windows-1252 Latin text", "windows-1252", iconv.encode("name,city\r\nJosé,Zürich\r\nFrançois,São Paulo\r\n", "windows-1252")],
    ["UTF-16 LE without BOM", "utf-16le", iconv.encode("event_id,account_number\r\nE1,A1\r\n", "utf-16le")],
    ["UTF-16 BE without BOM", "utf-16be", iconv.encode("event_id,account_number\r\nE1,A1\r\n", "utf-16be")],
  ])("%s → %s", (_name, encoding, sample) => {
    expect(detectEncoding(sample).encoding).toBe(encoding);
  });

  test("a sample that cuts a multi-byte character at its end is still valid UTF-8", () => {
    const text = Buffer.from("消息内容".repeat(30_000), "utf8");
    // Each character is 3 bytes; cut one byte into a character.
    const sample = text.subarray(0, ENCODING_SAMPLE_BYTES - (ENCODING_SAMPLE_BYTES % 3) + 1);
    expect(sample.length % 3).toBe(1);
    expect(detectEncoding(sample)).toMatchObject({ encoding: "utf-8", confidence: "high" });
  });

  test("UTF-8 with one stray byte stays UTF-8 (the bad row is flagged later, not the whole file misread)", () => {
    const sample = Buffer.concat([Buffer.from(chineseCsv.repeat(5), "utf8"), Buffer.from([0xff]), Buffer.from("尾\r\n", "utf8")]);
    expect(detectEncoding(sample)).toMatchObject({ encoding: "utf-8", confidence: "guess" });
  });

  test("an explicit encoding skips detection and strips a matching BOM", () => {
    expect(detectEncoding(iconv.encode("账号\r\n", "gbk"), { override: "gbk" })).toMatchObject({ encoding: "gbk", bomLength: 0 });
    expect(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x61]), { override: "utf8" })).toMatchObject({ bomLength: 3 });
    expect(() => detectEncoding(Buffer.from("a"), { override: "klingon" })).toThrow("encoding 'klingon' is not supported");
  });
});

describe("binary files are refused with what they look like", () => {
  test.each([
    ["PNG image", fixtureBytes("png-renamed.csv")],
    ["ZIP archive", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00])],
    ["PDF document", Buffer.from("%PDF-1.7\n%âãÏÓ\n", "latin1")],
    ["legacy Excel .xls or other Office document", Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x00])],
    ["gzip archive", Buffer.from([0x1f, 0x8b, 0x08, 0x00])],
    ["JPEG image", Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10])],
    ["contains NUL bytes", Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0x00, 0x00, 0x13, 0x37, 0x00, 0x99, 0x12])],
    ["contains control characters", Buffer.from("a,b\n\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008", "latin1")],
  ])("%s", (description, sample) => {
    const error = detectionError(sample);
    expect(error.code).toBe("BINARY_FILE");
    expect(error.message).toContain(`file looks binary (${description}), not a text CSV`);
  });

  test("a ZIP renamed .csv gets a hint about .xlsx", () => {
    expect(detectionError(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14])).message).toContain("upload it with the .xlsx extension");
  });
});
