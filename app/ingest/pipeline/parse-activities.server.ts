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
// chunk's short-lived objects die there instead of being promoted and mark-compacted (ADR 043). A thread that finished
// a file waits, idle and not keeping the process alive, for the next one: starting one loads the parser's modules,
// about a second, which was most of a small file's import.

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

/** What the import thread tells a parsing thread: parse this file, or post one more chunk. */
export type ParserCommand = { type: "parse"; request: ParseActivitiesRequest } | { type: "more" };

export type ParseProgress = { processedRows: number; processedBytes: number; rejectedRows: number };

export type ParseActivitiesMessage =
  | { type: "chunk"; items: ActivityChunkItem[] }
  | ({ type: "progress" } & ParseProgress)
  | { type: "done" }
  | { type: "error"; fileError: { code: IngestFileErrorCode; reasons: readonly ImportMessage[]; rowNumber: number | undefined } }
  | { type: "error"; message: string };

/** Heap of the parsing thread: a few chunks in flight plus the parser's modules. */
const parserHeap = { maxOldGenerationSizeMb: 160, maxYoungGenerationSizeMb: 96 };

/** Threads that finished a file, kept for the next ones (more only when imports run side by side). */
const idleThreads: Worker[] = [];
const maxIdleThreads = 2;

function takeParserThread(): Worker {
  const idle = idleThreads.pop();
  if (idle) {
    idle.ref();
    return idle;
  }
  // A worker thread does not inherit tsx's loader: the entry loads the TypeScript module through tsx's API.
  const worker = new Worker(path.join(projectRoot(), "app/ingest/pipeline/parse-activities-worker.mjs"), { execArgv: [], resourceLimits: parserHeap });
  worker.on("exit", () => {
    const index = idleThreads.indexOf(worker);
    if (index >= 0) idleThreads.splice(index, 1);
  });
  // An idle thread's failure has no file to report it to; an import's failure is reported by its own listener.
  worker.on("error", () => undefined);
  return worker;
}

function keepParserThread(worker: Worker): void {
  if (idleThreads.length >= maxIdleThreads) {
    void worker.terminate();
    return;
  }
  worker.unref();
  idleThreads.push(worker);
}

/** The thread that parsed the last file, while it waits for the next (for tests: it is reused, not started again). */
export function idleParserThreadIds(): number[] {
  return idleThreads.map((worker) => worker.threadId);
}

/**
 * The file's rows a chunk at a time, parsed on a worker thread while the caller checks and writes the previous chunk.
 * File problems are thrown as IngestFileError, as by the readers; stopping early ends the thread (it may be mid-file).
 */
export async function* parseActivitiesInWorker(request: Omit<ParseActivitiesRequest, "aheadChunks">, onProgress: (progress: ParseProgress) => void): AsyncGenerator<ActivityChunkItem[]> {
  const worker = takeParserThread();
  const queue: ParseActivitiesMessage[] = [];
  let failure: Error | null = null;
  let exited = false;
  let finished = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  const onMessage = (message: ParseActivitiesMessage) => {
    if (message.type === "progress") onProgress(message);
    else queue.push(message);
    notify();
  };
  const onError = (error: Error) => {
    // The thread's own heap limit is what a hostile or huge workbook meets first: the file fails with that reason at
    // once, and the worker process (and the imports queued behind it) lives on.
    failure =
      (error as NodeJS.ErrnoException).code === "ERR_WORKER_OUT_OF_MEMORY"
        ? new IngestFileError("NEEDS_TOO_MUCH_MEMORY", importMessage("importFile.parsingNeedsTooMuchMemory", { heapMb: parserHeap.maxOldGenerationSizeMb + parserHeap.maxYoungGenerationSizeMb }))
        : error;
    notify();
  };
  const onExit = () => {
    exited = true;
    notify();
  };
  worker.on("message", onMessage);
  worker.on("error", onError);
  worker.on("exit", onExit);
  const post = (command: ParserCommand) => worker.postMessage(command);
  post({ type: "parse", request: { ...request, aheadChunks: 1 } });
  try {
    while (true) {
      while (queue.length === 0 && failure === null && !exited) await new Promise<void>((resolve) => (wake = resolve));
      const message = queue.shift();
      if (message === undefined) throw failure ?? new Error("the parsing thread of the import ended without finishing the file");
      if (message.type === "done") {
        finished = true;
        return;
      }
      if (message.type === "error") {
        // The thread reported the file's problem and finished with it: it can take the next file.
        finished = true;
        if ("fileError" in message) throw new IngestFileError(message.fileError.code, message.fileError.reasons, message.fileError.rowNumber);
        throw new Error(`parsing the file failed: ${message.message}`);
      }
      if (message.type === "chunk") {
        post({ type: "more" });
        yield message.items;
      }
    }
  } finally {
    worker.off("message", onMessage);
    worker.off("error", onError);
    worker.off("exit", onExit);
    if (finished && !exited && failure === null) keepParserThread(worker);
    else await worker.terminate();
  }
}
