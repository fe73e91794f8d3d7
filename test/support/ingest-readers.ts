// Helpers shared by the ingest tests: uploads from buffers or fixture files, and draining readers.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { isIngestFileError } from "~/ingest/readers/file-error";
import { type ReadRowsInput, readRows } from "~/ingest/readers/read-rows";
import { type SourceRow } from "~/ingest/readers/source-row";
import { renderStoredRowError } from "~/ingest/rows/import-message";

export const fixturesDirectory = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/ingest");

export function fixtureBytes(name: string): Buffer {
  return readFileSync(path.join(fixturesDirectory, name));
}

/** A byte stream delivering content in chunks of the given size, to exercise chunk boundaries. */
export function streamOf(content: Buffer | string, chunkSize = 64 * 1024): Readable {
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  function* chunks() {
    for (let offset = 0; offset < bytes.length; offset += chunkSize) yield bytes.subarray(offset, offset + chunkSize);
  }
  return Readable.from(chunks(), { objectMode: false });
}

/** The rows a reader yields, their reasons rendered in English as a reader of the batch page would see them. */
export async function collectRows(rows: AsyncIterable<SourceRow>): Promise<SourceRow[]> {
  const collected: SourceRow[] = [];
  for await (const row of rows) collected.push(row.error === undefined ? row : { ...row, error: renderStoredRowError(row.error, "en") });
  return collected;
}

export async function readAll(content: Buffer | string, input: Omit<ReadRowsInput, "stream"> & { chunkSize?: number }): Promise<SourceRow[]> {
  const { chunkSize, ...rest } = input;
  return collectRows(readRows({ ...rest, stream: streamOf(content, chunkSize) }));
}

/** The IngestFileError a promise rejects with (fails the test if it resolves or rejects otherwise). */
export async function fileErrorOf(promise: Promise<unknown>): Promise<{ code: string; message: string; rowNumber?: number }> {
  try {
    await promise;
  } catch (error) {
    if (isIngestFileError(error)) return { code: error.code, message: error.message, rowNumber: error.rowNumber };
    throw error;
  }
  throw new Error("expected an IngestFileError, but the promise resolved");
}
