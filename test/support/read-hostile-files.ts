// Reads hostile files with the real readers in a process of its own, started with a small heap
// (--max-old-space-size) by app/ingest/readers/hostile-files.test.ts: had any reader held what a file inflates to, V8
// would have ended this process with "heap out of memory" instead of it printing its answers. Prints one JSON
// line per file: the refusal (or the first flagged row) and the most heap and RSS seen while reading it.
//   node --max-old-space-size=128 --import tsx test/support/read-hostile-files.ts <folder> <file>...
import { createReadStream } from "node:fs";
import path from "node:path";
import { fileErrorMessage, isIngestFileError } from "~/ingest/readers/file-error";
import { openRows } from "~/ingest/readers/read-rows";
import { renderStoredRowError } from "~/ingest/rows/import-message";

/** What one file came to: refused (with the message a batch records), flagged rows, read, or a crash. */
export type HostileReadResult = {
  fileName: string;
  outcome: "refused" | "row" | "read" | "crashed";
  code?: string;
  message?: string;
  rowNumber?: number | null;
  error?: string;
  peakHeap: number;
  peakRss: number;
};

async function readOne(filePath: string): Promise<Record<string, unknown>> {
  try {
    const source = await openRows({ stream: createReadStream(filePath), fileName: path.basename(filePath), kind: "ACTIVITIES" });
    let firstRowError: { rowNumber: number; error: string } | null = null;
    for await (const row of source.rows) {
      if (row.error && firstRowError === null) firstRowError = { rowNumber: row.rowNumber, error: renderStoredRowError(row.error, "en").slice(0, 500) };
    }
    return firstRowError ? { outcome: "row", ...firstRowError } : { outcome: "read" };
  } catch (error) {
    if (isIngestFileError(error)) return { outcome: "refused", code: error.code, message: fileErrorMessage(error, path.basename(filePath)), rowNumber: error.rowNumber ?? null };
    return { outcome: "crashed", message: error instanceof Error ? error.message : String(error) };
  }
}

const [folder, ...fileNames] = process.argv.slice(2);
for (const fileName of fileNames) {
  let peakHeap = 0;
  let peakRss = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    peakHeap = Math.max(peakHeap, usage.heapUsed);
    peakRss = Math.max(peakRss, usage.rss);
  };
  const timer = setInterval(sample, 2);
  const result = await readOne(path.join(folder ?? ".", fileName));
  clearInterval(timer);
  sample();
  process.stdout.write(`${JSON.stringify({ fileName, ...result, peakHeap, peakRss })}\n`);
}
