// The parsing thread of activity imports (parse-activities.server.ts): reads a stored file, validates and hashes
// every row and encodes each valid row's COPY line, and posts the rows a chunk at a time. It runs at most `aheadChunks`
// chunks ahead of the import, which asks for the next one as it starts on the last. The thread outlives a file: it
// waits for the next one, so a file does not pay for loading the parser's modules again (about a second).
import { createReadStream } from "node:fs";
import { parentPort } from "node:worker_threads";
import { isIngestFileError } from "../readers/file-error";
import { openRows } from "../readers/read-rows";
import type { ActivityRow } from "../rows/row-schemas";
import { activityCandidate, type ActivityChunkItem } from "./kinds/activity-candidate";
import type { ParseActivitiesMessage, ParseActivitiesRequest, ParserCommand } from "./parse-activities.server";
import { mappedRowReader, readSourceRow } from "./typed-rows";

const port = parentPort;
if (!port) throw new Error("parse-activities-worker.ts runs as a worker thread of parse-activities.server.ts");

let credits = 0;
let wake: (() => void) | null = null;
port.on("message", (command: ParserCommand) => {
  if (command.type === "parse") {
    // Credits left from the previous file ("more" sent for its last chunk) arrive before this command: start afresh.
    credits = command.request.aheadChunks;
    void parseFile(command.request);
    return;
  }
  credits += 1;
  wake?.();
  wake = null;
});
const post = (message: ParseActivitiesMessage) => port.postMessage(message);

async function postChunk(items: ActivityChunkItem[]): Promise<void> {
  while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
  credits -= 1;
  post({ type: "chunk", items });
}

async function parseFile(request: ParseActivitiesRequest): Promise<void> {
  // Closed whatever happens: the thread lives on, so an early failure must not leave the file open.
  let stream: ReturnType<typeof createReadStream> | undefined;
  try {
    const bytes = { count: 0 };
    stream = createReadStream(request.filePath, { highWaterMark: 256 * 1024 });
    stream.on("data", (chunk: Buffer | string) => (bytes.count += chunk.length));
    const source = await openRows({ stream, fileName: request.fileName, kind: "ACTIVITIES" });
    let readRow;
    try {
      readRow = mappedRowReader(source.headers, "ACTIVITIES", request.profile, request.rowContext);
    } catch (error) {
      await source.rows.return(undefined);
      throw error;
    }
    let items: ActivityChunkItem[] = [];
    let processed = 0;
    let invalid = 0;
    // The first chunk is small so that the database starts on it while the rest of the file is parsed.
    let chunkRows = request.firstChunkRows;
    for await (const sourceRow of source.rows) {
      const read = readSourceRow(sourceRow, readRow);
      if (read.row) items.push({ candidate: activityCandidate(read.rowNumber, read.row as ActivityRow, read.contentHash, request.batchId) });
      else {
        invalid += 1;
        items.push({ rejection: { rowNumber: read.rowNumber, field: read.field, message: read.message, values: read.values } });
      }
      processed += 1;
      if (processed % request.progressEveryRows === 0) post({ type: "progress", processedRows: processed, processedBytes: bytes.count, rejectedRows: invalid });
      if (items.length === chunkRows) {
        await postChunk(items);
        items = [];
        chunkRows = request.chunkRows;
      }
    }
    if (items.length > 0) await postChunk(items);
    post({ type: "done" });
  } catch (error) {
    post(
      isIngestFileError(error)
        ? { type: "error", fileError: { code: error.code, reasons: error.reasons, rowNumber: error.rowNumber } }
        : { type: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) },
    );
  } finally {
    stream?.destroy();
  }
}
