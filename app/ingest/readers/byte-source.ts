// Lets a reader look at the first bytes of an upload (to detect its encoding or format) without buffering
// the rest: the peeked chunks are replayed in front of the untouched remainder of the stream.
import { Readable } from "node:stream";

/** An upload: a Node stream (file, HTTP request, S3 object) or any async iterable of byte chunks. */
export type ByteSource = Readable | AsyncIterable<Uint8Array>;

export interface PeekedBytes {
  /** The first bytes of the file: at least the requested size unless the file is shorter. */
  head: Buffer;
  /** True when head is the whole file. */
  complete: boolean;
  /** The whole file again, from the first byte; can be consumed once. */
  chunks(): AsyncGenerator<Buffer, void, undefined>;
  /** The whole file as a byte-mode Readable (for libraries that want a stream); can be consumed once. */
  readable(): Readable;
  /** Releases the underlying source when the file will not be read to the end. */
  close(): Promise<void>;
}

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError("the upload stream must produce bytes (Buffer or Uint8Array), not text; do not call setEncoding on it");
}

export async function peekBytes(source: ByteSource, size: number): Promise<PeekedBytes> {
  const iterator = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  const peeked: Buffer[] = [];
  let peekedLength = 0;
  let complete = false;
  while (peekedLength < size) {
    const next = await iterator.next();
    if (next.done) {
      complete = true;
      break;
    }
    const chunk = toBuffer(next.value);
    if (chunk.length === 0) continue;
    peeked.push(chunk);
    peekedLength += chunk.length;
  }
  const head = peeked.length === 1 ? (peeked[0] as Buffer) : Buffer.concat(peeked);
  let consumed = false;
  let closed = false;

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    await iterator.return?.();
  }

  async function* chunks(): AsyncGenerator<Buffer, void, undefined> {
    if (consumed) throw new Error("the upload stream has already been read");
    consumed = true;
    try {
      if (head.length > 0) yield head;
      if (complete) return;
      while (true) {
        const next = await iterator.next();
        if (next.done) {
          closed = true;
          return;
        }
        const chunk = toBuffer(next.value);
        if (chunk.length > 0) yield chunk;
      }
    } finally {
      await close();
    }
  }

  return {
    head,
    complete,
    chunks,
    readable: () => Readable.from(chunks(), { objectMode: false }),
    close,
  };
}
