// Streams a generated file far larger than anything that should be held in memory through the reader and
// the validator, and checks that the reader pulls bytes only as rows are consumed (backpressure) and that
// heap use stays flat. Asserts counts and bounds, never timings.
import { Readable } from "node:stream";
import v8 from "node:v8";
import vm from "node:vm";
import { describe, expect, test } from "vitest";
import { applyMapping, validateHeader } from "../rows/mapping";
import { openRows } from "../readers/read-rows";
import { createRowValidator } from "../rows/row-schemas";

const ROWS = 200_000;
/** Each row carries ~1 KB of message text, so the file is ~220 MB. */
const MESSAGE = "您好，请于本月底前还款，谢谢。".repeat(23);

function generatedCsv(rowsProduced: { count: number; bytes: number }): Readable {
  function* chunks() {
    yield Buffer.from("event_id,account_number,agent_id,occurred_at,type,outcome,duration_seconds,message_text\r\n");
    const rowsPerChunk = 50;
    for (let start = 0; start < ROWS; start += rowsPerChunk) {
      let text = "";
      for (let index = start; index < start + rowsPerChunk && index < ROWS; index += 1) {
        const minute = String(index % 60).padStart(2, "0");
        text += `E${index},6222${String(index % 5000).padStart(12, "0")},A${index % 97},2026-03-02 09:${minute}:00,CALL,CONNECTED,${index % 600},"${MESSAGE}"\r\n`;
      }
      const chunk = Buffer.from(text, "utf8");
      rowsProduced.count = Math.min(start + rowsPerChunk, ROWS);
      rowsProduced.bytes += chunk.length;
      yield chunk;
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}

// The heap is measured after a full collection: what the reader holds, not the garbage a collection has not reached
// yet (which made the bound depend on the machine's load).
v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;
const liveHeap = () => {
  collectGarbage();
  return process.memoryUsage().heapUsed;
};

describe("bounded memory", () => {
  test(`${ROWS.toLocaleString("en-US")} rows (~220 MB) stream through with a small, constant read-ahead`, async () => {
    const produced = { count: 0, bytes: 0 };
    const source = await openRows({ stream: generatedCsv(produced), fileName: "big.csv" });
    const header = validateHeader(source.headers, "ACTIVITIES");
    expect(header.ok).toBe(true);
    const validate = createRowValidator("ACTIVITIES", { timeZone: "Asia/Shanghai", defaultCurrency: "CNY" });

    const baselineHeap = liveHeap();
    let peakHeapGrowth = 0;
    let maxReadAhead = 0;
    let valid = 0;
    let consumed = 0;
    for await (const row of source.rows) {
      consumed += 1;
      maxReadAhead = Math.max(maxReadAhead, produced.count - consumed);
      const result = validate(applyMapping(row.values, header.mapping));
      if (result.ok) valid += 1;
      if (consumed % 5_000 === 0) peakHeapGrowth = Math.max(peakHeapGrowth, liveHeap() - baselineHeap);
    }

    expect(consumed).toBe(ROWS);
    expect(valid).toBe(ROWS);
    expect(produced.bytes).toBeGreaterThan(200 * 1024 * 1024);
    // The reader never runs more than a few chunks (of 50 rows) ahead of the consumer...
    expect(maxReadAhead).toBeLessThan(2_000);
    // ...so the heap holds a small window of the file, not the file (220 MB, more as strings and rows).
    expect(peakHeapGrowth).toBeLessThan(32 * 1024 * 1024);
  });
});
