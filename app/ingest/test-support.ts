// Helpers shared by the ingest tests: uploads from buffers or fixture files, and draining readers.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { isIngestFileError } from "./readers/file-error";
import { type ReadRowsInput, readRows } from "./readers/read-rows";
import { type SourceRow } from "./readers/source-row";

export const fixturesDirectory = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../test/fixtures/ingest");

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

export async function collectRows(rows: AsyncIterable<SourceRow>): Promise<SourceRow[]> {
  const collected: SourceRow[] = [];
  for await (const row of rows) collected.push(row);
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
