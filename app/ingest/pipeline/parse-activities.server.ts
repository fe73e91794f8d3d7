import path from "node:path";
import { Worker } from "node:worker_threads";
import { projectRoot } from "~/project-root.server";
import { IngestFileError, type IngestFileErrorCode } from "../readers/file-error";
import { importMessage, type ImportMessage } from "../rows/import-message";
import type { validateHeader } from "../rows/mapping";
import type { RowContext } from "../rows/row-schemas";
import type { ActivityChunkItem } from "./kinds/activities.server";

// An activity file is parsed on a thread of its own (parse-activities-worker.ts): reading, validating, hashing and
// encoding a row costs about as much CPU as PostgreSQL's COPY of it, so on the import's thread the database waited for
// the parser. The parsing thread has its own heap, sized for what it does: a young generation large enough that a
// chunk's short-lived objects die there instead of being promoted and mark-compacted (ADR 043).

export type ParseActivitiesRequest = {
  filePath: string;
  fileName: string;
  profile: Parameters<typeof validateHeader>[2];
  rowContext: RowContext;
  batchId: number;
  chunkRows: number;
  firstChunkRows: number;
  /** Chunks the parser may post before the import has taken the earlier ones. */
  aheadChunks: number;
  progressEveryRows: number;
};

export type ParseProgress = { processedRows: number; processedBytes: number; rejectedRows: number };

export type ParseActivitiesMessage =
  | { type: "chunk"; items: ActivityChunkItem[] }
  | ({ type: "progress" } & ParseProgress)
  | { type: "done" }
  | { type: "error"; fileError: { code: IngestFileErrorCode; reasons: readonly ImportMessage[]; rowNumber: number | undefined } }
  | { type: "error"; message: string };

/** Heap of the parsing thread: a few chunks in flight plus the parser's modules. */
const parserHeap = { maxOldGenerationSizeMb: 160, maxYoungGenerationSizeMb: 96 };

/**
 * The file's rows a chunk at a time, parsed on a worker thread while the caller checks and writes the previous chunk.
 * File problems are thrown as IngestFileError, as by the readers; stopping early ends the thread.
 */
export async function* parseActivitiesInWorker(request: Omit<ParseActivitiesRequest, "aheadChunks">, onProgress: (progress: ParseProgress) => void): AsyncGenerator<ActivityChunkItem[]> {
  // A worker thread does not inherit tsx's loader: the entry loads the TypeScript module through tsx's API.
  const worker = new Worker(path.join(projectRoot(), "app/ingest/pipeline/parse-activities-worker.mjs"), {
    workerData: { ...request, aheadChunks: 2 } satisfies ParseActivitiesRequest,
    execArgv: [],
    resourceLimits: parserHeap,
  });
  const queue: ParseActivitiesMessage[] = [];
  let failure: Error | null = null;
  let exited = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  worker.on("message", (message: ParseActivitiesMessage) => {
    if (message.type === "progress") onProgress(message);
    else queue.push(message);
    notify();
  });
  worker.on("error", (error) => {
    // The thread's own heap limit is what a hostile or huge workbook meets first: the file fails with that reason at
    // once, and the worker process (and the imports queued behind it) lives on.
    failure =
      (error as NodeJS.ErrnoException).code === "ERR_WORKER_OUT_OF_MEMORY"
        ? new IngestFileError("NEEDS_TOO_MUCH_MEMORY", importMessage("importFile.parsingNeedsTooMuchMemory", { heapMb: parserHeap.maxOldGenerationSizeMb + parserHeap.maxYoungGenerationSizeMb }))
        : error;
    notify();
  });
  worker.on("exit", () => {
    exited = true;
    notify();
  });
  try {
    while (true) {
      while (queue.length === 0 && failure === null && !exited) await new Promise<void>((resolve) => (wake = resolve));
      const message = queue.shift();
      if (message === undefined) throw failure ?? new Error("the parsing thread of the import ended without finishing the file");
      if (message.type === "done") return;
      if (message.type === "error") {
        if ("fileError" in message) throw new IngestFileError(message.fileError.code, message.fileError.reasons, message.fileError.rowNumber);
        throw new Error(`parsing the file failed: ${message.message}`);
      }
      if (message.type === "chunk") {
        worker.postMessage("more");
        yield message.items;
      }
    }
  } finally {
    await worker.terminate();
  }
}
