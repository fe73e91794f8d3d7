import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { describe, expect, test } from "vitest";
import { readRows } from "../readers/read-rows";
import { type RejectedRow, createRejectsCsvStream, errorColumnName, rejectsCsvLines } from "./rejects-csv";
import { collectRows, streamOf } from "../../../test/support/ingest-readers";

async function rejectsText(headers: string[], rows: RejectedRow[]): Promise<string> {
  let output = "";
  for await (const line of rejectsCsvLines(headers, rows)) output += line;
  return output;
}

describe("rejects file", () => {
  test("keeps the agency's headers and values, adds an error column, starts with a BOM and uses CRLF", async () => {
    const output = await rejectsText(
      ["事件编号", "金额", "内容"],
      [
        { values: { 事件编号: "E1", 金额: "-5", 内容: "承诺还款" }, error: "amount '-5' must be a number ≥ 0" },
        { values: { 事件编号: "E2" }, error: "row has 1 fields but the header has 3 columns" },
      ],
    );
    expect(output).toBe(
      "\uFEFF事件编号,金额,内容,error\r\n" +
        "E1,-5,承诺还款,amount '-5' must be a number ≥ 0\r\n" +
        "E2,,,row has 1 fields but the header has 3 columns\r\n",
    );
  });

  test("an existing 'error' column is not overwritten", () => {
    expect(errorColumnName(["error", "error_2"])).toBe("error_3");
    expect(errorColumnName(["Error"])).toBe("error");
  });

  test("reads back with the importer: same columns, same values, numbers and phones intact", async () => {
    const headers = ["event_id", "phone_number", "amount", "message_text"];
    const values = { event_id: "E1", phone_number: "+8613812345678", amount: "-5", message_text: "您好,\n请\"尽快\"还款" };
    const output = await rejectsText(headers, [{ values, error: "amount '-5' must be a number ≥ 0" }]);
    const rows = await collectRows(readRows({ stream: streamOf(output), fileName: "rejects.csv" }));
    expect(rows).toEqual([
      {
        rowNumber: 2,
        values: { event_id: "E1", phone_number: "'+8613812345678", amount: "-5", message_text: '您好,\n请"尽快"还款', error: "amount '-5' must be a number ≥ 0" },
      },
    ]);
  });

  test("the Transform variant streams rows in and UTF-8 bytes out", async () => {
    const rows: RejectedRow[] = [
      { values: { a: "1" }, error: "bad" },
      { values: { a: "=2" }, error: "worse" },
    ];
    // Buffer#toString keeps the BOM (a TextDecoder would silently drop it).
    const output = (await buffer(Readable.from(rows).pipe(createRejectsCsvStream(["a"])))).toString("utf8");
    expect(output).toBe("\uFEFFa,error\r\n1,bad\r\n'=2,worse\r\n");
  });

  test("with no rejected rows the file still has its header", async () => {
    expect((await buffer(Readable.from([]).pipe(createRejectsCsvStream(["a", "b"])))).toString("utf8")).toBe("\uFEFFa,b,error\r\n");
    expect(await rejectsText(["a"], [])).toBe("\uFEFFa,error\r\n");
  });
});
