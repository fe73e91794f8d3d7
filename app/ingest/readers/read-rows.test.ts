import { Readable } from "node:stream";
import iconv from "iconv-lite";
import { describe, expect, test } from "vitest";
import { detectDelimiter } from "./read-csv";
import { formatFromFileName, openRows, previewRows, readRows } from "./read-rows";
import { MAX_FIELD_CHARACTERS } from "./source-row";
import { collectRows, fileErrorOf, fixtureBytes, readAll, streamOf } from "../../../test/support/ingest-readers";

describe("CSV fixtures in the encodings and layouts agencies send", () => {
  const expectedCanonical = {
    headers: ["event_id", "account_number", "agent_id", "occurred_at", "type", "outcome", "phone_number", "message_text"],
    firstRow: {
      rowNumber: 2,
      values: {
        event_id: "E101",
        account_number: "6222020000000001",
        agent_id: "A007",
        occurred_at: "2026-03-02 09:05:00",
        type: "CALL",
        outcome: "CONNECTED",
        phone_number: "13812345678",
        message_text: "承诺3月10日还款",
      },
    },
  };

  test.each([
    ["activities-utf8-bom.csv", "UTF-8 (with BOM)", ","],
    ["activities-utf16le-bom.csv", "UTF-16 LE (with BOM)", "\t"],
    ["activities-tab.csv", "UTF-8", "\t"],
    ["activities-semicolon.csv", "UTF-8", ";"],
  ])("%s is read as %s with delimiter %j", async (name, encodingLabel, delimiter) => {
    const source = await openRows({ stream: streamOf(fixtureBytes(name)), fileName: name });
    expect(source.encoding?.label).toBe(encodingLabel);
    expect(source.delimiter).toBe(delimiter);
    // The BOM never leaks into the first column name.
    expect(source.headers).toEqual(expectedCanonical.headers);
    const rows = await collectRows(source.rows);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual(expectedCanonical.firstRow);
    expect(rows[1]?.values.message_text).toBe("您好，请尽快还款。");
  });

  test("a GBK export from Chinese Excel keeps its Chinese headers and values", async () => {
    const source = await openRows({ stream: streamOf(fixtureBytes("activities-gbk.csv")), fileName: "催收记录.csv" });
    expect(source.encoding?.encoding).toBe("gb18030");
    expect(source.headers.slice(0, 5)).toEqual(["事件编号", "账号", "催收员工号", "催收员姓名", "催收时间"]);
    const rows = await collectRows(source.rows);
    expect(rows.map((row) => row.rowNumber)).toEqual([2, 3, 4, 5]);
    expect(rows[0]?.values).toMatchObject({ 催收方式: "电话", 联系对象: "本人", 通话结果: "已接通", 内容: "客户承诺月底前还款" });
    expect(rows[3]?.values.金额).toBe("1,500.00");
    expect(rows.every((row) => row.error === undefined)).toBe(true);
  });

  test("chunk boundaries inside multi-byte characters do not corrupt text", async () => {
    const csv = "账号,内容\r\n6222,您好，请尽快还款。\r\n";
    for (const [encoding, bytes] of [
      ["utf-8", Buffer.from(csv, "utf8")],
      ["gb18030", iconv.encode(csv, "gb18030")],
      ["utf-16le", iconv.encode(csv, "utf-16le", { addBOM: true })],
    ] as const) {
      const rows = await readAll(bytes, { fileName: "a.csv", chunkSize: 1, encoding });
      expect(rows).toEqual([{ rowNumber: 2, values: { 账号: "6222", 内容: "您好，请尽快还款。" } }]);
    }
  });
});

describe("delimiter detection from the header line", () => {
  test.each([
    ["a,b,c", ","],
    ["a\tb\tc", "\t"],
    ["a;b;c", ";"],
    ['"a;b",c', ","],
    ['"x,y";"z"', ";"],
    ["single_column", ","],
    ["a;b,c;d", ";"],
    ["a,b;c\tx", ","],
    ["\r\n\r\na\tb", "\t"],
  ])("%j → %j", (line, expected) => {
    expect(detectDelimiter(line)).toBe(expected);
  });

  test("Excel's sep= hint line sets the delimiter and is not a row", async () => {
    const rows = await readAll("sep=|\r\nevent_id|type\r\nE1|CALL\r\n", { fileName: "a.csv" });
    expect(rows).toEqual([{ rowNumber: 2, values: { event_id: "E1", type: "CALL" } }]);
  });
});

describe("CSV structure", () => {
  test("quoted values keep embedded newlines, delimiters and quotes; row numbers count rows, not lines", async () => {
    const csv = 'event_id,message_text\r\nE1,"line one\r\nline two, with comma and ""quotes"""\r\nE2,plain\r\n';
    expect(await readAll(csv, { fileName: "a.csv" })).toEqual([
      { rowNumber: 2, values: { event_id: "E1", message_text: 'line one\r\nline two, with comma and "quotes"' } },
      { rowNumber: 3, values: { event_id: "E2", message_text: "plain" } },
    ]);
  });

  test("blank lines are skipped but still counted, so row numbers match Excel", async () => {
    const rows = await readAll("event_id,type\n\nE1,CALL\n,\n\nE2,SMS\n", { fileName: "a.csv" });
    expect(rows.map((row) => [row.rowNumber, row.values.event_id])).toEqual([
      [3, "E1"],
      [6, "E2"],
    ]);
  });

  test("mixed line endings are all line endings", async () => {
    const rows = await readAll("event_id,type\rE1,CALL\nE2,SMS\r\nE3,NOTE", { fileName: "a.csv" });
    expect(rows.map((row) => row.values.type)).toEqual(["CALL", "SMS", "NOTE"]);
  });

  test("values are kept exactly as written, spaces and formula-like text included", async () => {
    const csv = 'event_id,message_text,agent_id\r\nE1,"=HYPERLINK(""http://x"",""y"")", A7 \r\nE2,+86 says hi,@agent\r\n';
    expect(await readAll(csv, { fileName: "a.csv" })).toEqual([
      { rowNumber: 2, values: { event_id: "E1", message_text: '=HYPERLINK("http://x","y")', agent_id: " A7 " } },
      { rowNumber: 3, values: { event_id: "E2", message_text: "+86 says hi", agent_id: "@agent" } },
    ]);
  });

  test("a stray quote inside an unquoted value is kept as text", async () => {
    const rows = await readAll('event_id,message_text\r\nE1,a 5" screen\r\n', { fileName: "a.csv" });
    expect(rows[0]?.values.message_text).toBe('a 5" screen');
  });

  test("ragged rows are yielded with an error instead of failing the file", async () => {
    const rows = await readAll(fixtureBytes("ragged-rows.csv"), { fileName: "ragged-rows.csv" });
    expect(rows).toEqual([
      { rowNumber: 2, values: { event_id: "E1", account_number: "A1", occurred_at: "2026-03-02 09:05", type: "CALL" } },
      {
        rowNumber: 3,
        values: { event_id: "E2", account_number: "A1", occurred_at: "2026-03-02 09:06" },
        error: "row has 3 fields but the header has 4 columns",
      },
      {
        rowNumber: 4,
        values: { event_id: "E3", account_number: "A1", occurred_at: "2026-03-02 09:07", type: "CALL" },
        error: "row has 5 fields but the header has 4 columns",
      },
      // A trailing empty field (a common Excel artefact) is not worth rejecting a row for.
      { rowNumber: 5, values: { event_id: "E4", account_number: "A1", occurred_at: "2026-03-02 09:08", type: "NOTE" } },
    ]);
  });

  test("blank header cells are allowed, but a value under one is reported", async () => {
    const rows = await readAll("event_id,,type,\r\nE1,,CALL,\r\nE2,oops,SMS,\r\n", { fileName: "a.csv" });
    expect(rows).toEqual([
      { rowNumber: 2, values: { event_id: "E1", type: "CALL" } },
      { rowNumber: 3, values: { event_id: "E2", type: "SMS" }, error: "column B has a value but no column name in the header" },
    ]);
  });

  test("header names are trimmed", async () => {
    const source = await openRows({ stream: streamOf(" event_id , type\r\nE1,CALL\r\n"), fileName: "a.csv" });
    expect(source.headers).toEqual(["event_id", "type"]);
  });

  test("a duplicated column name fails the file, naming both columns", async () => {
    const error = await fileErrorOf(readAll("event_id,phone,phone\r\nE1,1,2\r\n", { fileName: "a.csv" }));
    expect(error).toMatchObject({ code: "INVALID_HEADER", message: "column 'phone' appears twice (column B and column C): rename or remove one of them." });
  });

  test("a row with characters that could not be decoded is flagged, not silently garbled", async () => {
    const bytes = Buffer.concat([Buffer.from("账号,内容\r\n1,好\r\n".repeat(50), "utf8"), Buffer.from("2,"), iconv.encode("乱码", "gbk"), Buffer.from("\r\n")]);
    const rows = await readAll(bytes, { fileName: "a.csv" });
    expect(rows.at(-1)?.error).toBe("field 内容 contains characters that could not be decoded (shown as \uFFFD): the file may mix text encodings");
    expect(rows.slice(0, -1).every((row) => row.error === undefined)).toBe(true);
  });

  test("a NUL character after the sampled start of the file is reported on its row", async () => {
    const bytes = Buffer.concat([Buffer.from(`event_id,message_text\r\n${"E0,ok\r\n".repeat(20_000)}`), Buffer.from("E1,a\u0000b\r\n")]);
    const rows = await readAll(bytes, { fileName: "a.csv" });
    expect(rows.at(-1)).toEqual({
      rowNumber: 20_002,
      values: { event_id: "E1", message_text: "a\uFFFDb" },
      error: "field message_text contains a NUL character, which is not allowed in text",
    });
  });
});

describe("oversized values and rows", () => {
  test("a 10 MB field fails the file as soon as the field passes Excel's cell limit, naming its row, line and column", async () => {
    const huge = "x".repeat(10 * 1024 * 1024);
    const csv = `event_id,message_text\r\nE1,"multi\nline"\r\nE2,"${huge}"\r\nE3,short\r\n`;
    expect(await fileErrorOf(readAll(csv, { fileName: "a.csv", chunkSize: 1024 * 1024 }))).toEqual({
      code: "LIMIT_EXCEEDED",
      message: "a.csv: row 3 (line 4), column B holds a value longer than 32,767 characters (at least 32,768).",
      rowNumber: 3,
    });
  });

  test("a field of exactly 32,767 characters is read", async () => {
    const rows = await readAll(`event_id,message_text\r\nE1,"${"x".repeat(32_767)}"\r\n`, { fileName: "a.csv" });
    expect(rows[0]?.values.message_text).toHaveLength(32_767);
  });

  test("a row longer than 1 MB fails the file with the row and line where it starts, delimiters counted", async () => {
    async function* chunks() {
      yield Buffer.from("event_id,message_text\r\nE1,ok\r\nE2,ok\r\n");
      // Thirty-two full-length fields: no field is over its limit, the row is.
      for (let index = 0; index < 33; index += 1) yield Buffer.from(`${"y".repeat(32_000)},`);
    }
    const error = await fileErrorOf(collectRows(readRows({ stream: chunks(), fileName: "a.csv" })));
    expect(error.code).toBe("RECORD_TOO_LARGE");
    expect(error.message).toBe(
      'a.csv: row 4 (starting on line 4) is longer than 1,048,576 characters, counting delimiters (at least 1,048,577). This usually means a quote (") that is never closed; otherwise shorten the row.',
    );
  });

  test("a 20 MB line of commas is refused by the record limit, not parsed into twenty million fields", async () => {
    async function* chunks() {
      yield Buffer.from("event_id,message_text\r\n");
      for (let index = 0; index < 20; index += 1) yield Buffer.alloc(1024 * 1024, ",");
    }
    const error = await fileErrorOf(collectRows(readRows({ stream: chunks(), fileName: "commas.csv" })));
    expect(error).toMatchObject({ code: "LIMIT_EXCEEDED", rowNumber: 2 });
    expect(error.message).toBe("commas.csv: row 2 has more than 16,384 columns (at least 16,385).");
  });
});

describe("file-level problems", () => {
  test.each([
    ["empty.csv", "EMPTY_FILE", "file is empty"],
    ["header-only.csv", "NO_DATA_ROWS", "file has a header but no data rows"],
    ["png-renamed.csv", "BINARY_FILE", "file looks binary (PNG image), not a text CSV"],
    [
      "unterminated-quote.csv",
      "UNTERMINATED_QUOTE",
      'row 3 (starting on line 3) has a quote (") that is never closed, so everything after it was read as one value. Add the closing quote or remove the opening one.',
    ],
  ])("%s → %s", async (name, code, message) => {
    expect(await fileErrorOf(readAll(fixtureBytes(name), { fileName: name }))).toMatchObject({ code, message });
  });

  test.each([
    ["only whitespace", "  \r\n\r\n  "],
    ["only a BOM", "\uFEFF"],
    ["only a BOM and blank lines", "\uFEFF\r\n\r\n"],
  ])("a file with %s is empty", async (_name, content) => {
    expect(await fileErrorOf(readAll(content, { fileName: "a.csv" }))).toMatchObject({ code: "EMPTY_FILE", message: "file is empty" });
  });

  test("a header followed only by blank rows has no data rows; the error comes at the end of iteration", async () => {
    const source = await openRows({ stream: streamOf("event_id,type\r\n\r\n,\r\n"), fileName: "a.csv" });
    expect(source.headers).toEqual(["event_id", "type"]);
    expect(await fileErrorOf(collectRows(source.rows))).toMatchObject({ code: "NO_DATA_ROWS" });
  });

  test("an unterminated quote after multi-line values names the line where that row starts", async () => {
    const csv = 'event_id,message_text\r\nE1,"two\r\nlines"\r\nE2,"three\r\nlines\r\nhere"\r\nE3,"never closed\r\nE4,x\r\n';
    const error = await fileErrorOf(readAll(csv, { fileName: "a.csv" }));
    expect(error).toMatchObject({ code: "UNTERMINATED_QUOTE", rowNumber: 4 });
    expect(error.message).toContain("row 4 (starting on line 7)");
  });

  test("a workbook renamed .csv is refused with a hint", async () => {
    const error = await fileErrorOf(readAll(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]), { fileName: "a.csv" }));
    expect(error.code).toBe("BINARY_FILE");
    expect(error.message).toBe(
      "file looks binary (ZIP archive), not a text CSV. Excel workbooks are ZIP archives: if this is one, upload it with the .xlsx extension.",
    );
  });
});

describe("format selection", () => {
  test.each([
    ["activities.csv", "csv"],
    ["ACTIVITIES.CSV", "csv"],
    ["export.tsv", "csv"],
    ["export.txt", "csv"],
    ["report.2026-03.xlsx", "xlsx"],
    ["feed.jsonl", "jsonl"],
    ["feed.ndjson", "jsonl"],
  ])("%s → %s", (fileName, format) => {
    expect(formatFromFileName(fileName)).toBe(format);
  });

  test.each([
    ["old.xls", "legacy Excel .xls files are not supported: open the file in Excel and save it as .xlsx or CSV UTF-8."],
    ["scan.pdf", "'scan.pdf' is not a supported file type: upload a .csv, .xlsx, .jsonl or .json file."],
    ["no-extension", "'no-extension' is not a supported file type: upload a .csv, .xlsx, .jsonl or .json file."],
  ])("%s is refused", (fileName, message) => {
    expect(() => formatFromFileName(fileName)).toThrow(message);
  });

  test("an explicit format overrides the extension", async () => {
    const rows = await readAll('{"event_id":"E1"}\n', { fileName: "upload.bin", format: "jsonl" });
    expect(rows).toEqual([{ rowNumber: 1, values: { event_id: "E1" } }]);
  });
});

describe("stream handling", () => {
  test("any async iterable of bytes can be read, not only Node streams", async () => {
    async function* chunks() {
      yield new TextEncoder().encode("event_id,type\r\nE1,");
      yield new TextEncoder().encode("CALL\r\n");
    }
    expect(await collectRows(readRows({ stream: chunks(), fileName: "a.csv" }))).toEqual([{ rowNumber: 2, values: { event_id: "E1", type: "CALL" } }]);
  });

  test("a stream of text instead of bytes is a programming error with a clear message", async () => {
    const stream = Readable.from(["event_id\r\nE1\r\n"]);
    await expect(collectRows(readRows({ stream, fileName: "a.csv" }))).rejects.toThrow("must produce bytes");
  });

  test("an error from the upload stream reaches the consumer", async () => {
    async function* failing() {
      yield Buffer.from("event_id,type\r\nE1,CALL\r\n".repeat(5_000));
      throw new Error("connection reset");
    }
    await expect(collectRows(readRows({ stream: failing(), fileName: "a.csv" }))).rejects.toThrow("connection reset");
  });

  test("stopping early releases the upload stream", async () => {
    const stream = streamOf(`event_id,type\r\n${"E1,CALL\r\n".repeat(100_000)}`, 16 * 1024);
    for await (const row of readRows({ stream, fileName: "a.csv" })) {
      expect(row.rowNumber).toBe(2);
      break;
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(stream.destroyed).toBe(true);
  });

  test("preview returns the header and first rows, says whether there are more, and releases the stream", async () => {
    const stream = streamOf(`event_id,type\r\n${"E1,CALL\r\n".repeat(100_000)}`, 16 * 1024);
    const preview = await previewRows({ stream, fileName: "a.csv" }, { maxRows: 3 });
    expect(preview).toMatchObject({ format: "csv", delimiter: ",", headers: ["event_id", "type"], truncated: true });
    expect(preview.rows.map((row) => row.rowNumber)).toEqual([2, 3, 4]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(stream.destroyed).toBe(true);
  });

  test("preview of a short file is not truncated", async () => {
    const preview = await previewRows({ stream: streamOf("event_id\r\nE1\r\nE2\r\n"), fileName: "a.csv" });
    expect(preview.rows).toHaveLength(2);
    expect(preview.truncated).toBe(false);
  });
});

describe("JSON Lines", () => {
  test("one object per line; values become text; null means absent; line numbers are row numbers", async () => {
    const jsonl = [
      '{"event_id":"E1","type":"CALL","duration_seconds":125,"amount":1234.5,"third_party_consent":false}',
      "",
      '{"event_id":"E2","type":"SMS","message_text":"您好","agent_id":null}',
    ].join("\n");
    const source = await openRows({ stream: streamOf(jsonl), fileName: "feed.jsonl" });
    expect(source.headers).toEqual(["event_id", "type", "duration_seconds", "amount", "third_party_consent", "message_text"]);
    expect(await collectRows(source.rows)).toEqual([
      { rowNumber: 1, values: { event_id: "E1", type: "CALL", duration_seconds: "125", amount: "1234.5", third_party_consent: "false" } },
      { rowNumber: 3, values: { event_id: "E2", type: "SMS", message_text: "您好" } },
    ]);
  });

  test.each([
    ['{"event_id":"E1",', "line 2 is not valid JSON ("],
    ['["E1","CALL"]', "line 2 is an array, not a JSON object"],
    ["42", "line 2 is a number, not a JSON object"],
    ['{"event_id":{"id":"E1"}}', "field event_id is an object; expected text, a number or true/false"],
    ['{"event_id":"E1","tags":["a"]}', "field tags is an array; expected text, a number or true/false"],
    ['{"event_id":"E1\\u0000"}', "field event_id contains a NUL character, which is not allowed in text"],
  ])("a bad line %s is a row error, not a file error", async (line, message) => {
    const rows = await readAll(`{"event_id":"E0"}\r\n${line}\r\n{"event_id":"E3"}\r\n`, { fileName: "feed.jsonl" });
    expect(rows.map((row) => row.rowNumber)).toEqual([1, 2, 3]);
    expect(rows[1]?.error).toContain(message);
    expect(rows[2]?.error).toBeUndefined();
  });

  test("keys first used after the scanned lines are still delivered in values", async () => {
    const lines = [...Array.from({ length: 1_000 }, (_, index) => JSON.stringify({ event_id: `E${index}` })), '{"event_id":"late","late_key":"x"}'];
    const source = await openRows({ stream: streamOf(lines.join("\n")), fileName: "feed.jsonl" });
    expect(source.headers).toEqual(["event_id"]);
    const rows = await collectRows(source.rows);
    expect(rows).toHaveLength(1_001);
    expect(rows.at(-1)?.values).toEqual({ event_id: "late", late_key: "x" });
  });

  test("a value longer than Excel's cell limit is a row error, cut to the limit", async () => {
    const jsonl = `${JSON.stringify({ event_id: "E1", message_text: "x".repeat(40_000) })}\n{"event_id":"E2"}\n`;
    const rows = await readAll(jsonl, { fileName: "feed.jsonl", chunkSize: 1024 * 1024 });
    expect(rows[0]?.error).toBe("field message_text is 40,000 characters; the limit is 32,767");
    expect(rows[0]?.values.message_text).toHaveLength(MAX_FIELD_CHARACTERS);
    expect(rows[1]).toEqual({ rowNumber: 2, values: { event_id: "E2" } });
  });

  test("an empty or blank JSON Lines file is empty", async () => {
    expect(await fileErrorOf(readAll("", { fileName: "feed.jsonl" }))).toMatchObject({ code: "EMPTY_FILE" });
    expect(await fileErrorOf(readAll("\n\n  \n", { fileName: "feed.jsonl" }))).toMatchObject({ code: "EMPTY_FILE" });
  });

  test("a binary file named .jsonl is refused", async () => {
    expect(await fileErrorOf(readAll(fixtureBytes("png-renamed.csv"), { fileName: "feed.jsonl" }))).toMatchObject({
      code: "BINARY_FILE",
      message: "file looks binary (PNG image), not a JSON Lines text file",
    });
  });

  test("an overlong line fails the file as soon as it passes the limit", async () => {
    let produced = 0;
    async function* chunks() {
      yield Buffer.from('{"event_id":"E1"}\n{"event_id":"');
      for (let index = 0; index < 17; index += 1) {
        produced += 1;
        yield Buffer.alloc(1024 * 1024, "z");
      }
      yield Buffer.from('"}\n{"event_id":"E3"}\n');
    }
    expect(await fileErrorOf(collectRows(readRows({ stream: chunks(), fileName: "feed.jsonl" })))).toMatchObject({
      code: "RECORD_TOO_LARGE",
      message: expect.stringMatching(/^feed\.jsonl: line 2 is longer than 1,048,576 characters \(at least 1,\d{3},\d{3}\)\.$/),
      rowNumber: 2,
    });
    expect(produced).toBeLessThan(4);
  });

  test.each([
    ["32 levels of arrays are read (and reported as a value that is not text)", `{"event_id":"E1","x":${"[".repeat(31)}${"]".repeat(31)}}`, null],
    ["33 levels fail the file", `{"event_id":"E1","x":${"[".repeat(32)}${"]".repeat(32)}}`, "feed.jsonl: line 1 nests objects or arrays more than 32 levels deep (at least 33)."],
    ["brackets inside strings are text", `{"event_id":"${"[".repeat(100)}"}`, null],
    ["a million brackets fail without being parsed", "[".repeat(1_000_000), "feed.jsonl: line 1 nests objects or arrays more than 32 levels deep (at least 33)."],
  ])("nesting depth: %s", async (_name, line, expected) => {
    const result = readAll(`${line}\n{"event_id":"E2"}\n`, { fileName: "feed.jsonl" });
    if (expected === null) expect((await result).length).toBe(2);
    else expect(await fileErrorOf(result)).toMatchObject({ code: "LIMIT_EXCEEDED", message: expected, rowNumber: 1 });
  });
});
