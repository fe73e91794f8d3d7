// Random-access reading of a ZIP archive held in a file (an .xlsx workbook is one), on yauzl: it reads the central
// directory at the end of the file (ZIP64 included), checks local headers and that each part lies inside the file,
// and opens any part on its own, in any order, without reading what comes before it. This is what makes reading a
// workbook independent of the order in which its writer stored the parts (ADR 018).
//
// What this module adds: parts are delivered as uncompressed chunks on demand (never as a whole); each chunk is
// counted by the caller's meter before it is handed on (the input limits, ADR 013), then against the size the
// directory declares, and the CRC-32 the directory records is checked at the end, which yauzl leaves to its users.
// yauzl's own size validation is off: it rejects a stored part whose two declared sizes differ while the directory
// is still being listed, before the input limits can refuse the part by name (a stored part declaring 4 GB), and
// the count here stops a part that inflates past its declared size at the first chunk over it just the same.
// yauzl's errors become ZipFormatErrors that say what is wrong with the file.
//
// The archive does not own the file handle: the caller closes it once it is done with the archive and every chunk
// stream it opened. All reads go through the handle (FileHandle.read with a position), so FileHandle.close waits
// for reads still in flight and several parts can be read from the one handle.
import { type FileHandle } from "node:fs/promises";
import { Readable } from "node:stream";
import { crc32 } from "node:zlib";
import yauzl from "yauzl";

/** The file is not a readable ZIP archive (truncated, damaged, or using features a workbook never uses). */
export class ZipFormatError extends Error {
  override readonly name = "ZipFormatError";
}

export interface ZipEntry {
  /** The part name as stored (OOXML part names are compared ignoring case). */
  readonly name: string;
  readonly flags: number;
  /** 0 = stored, 8 = deflated. */
  readonly method: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
}

/** A workbook has tens of parts; a directory with more entries than this is not a workbook's (ADR 013 refuses far fewer). */
const MAX_DIRECTORY_ENTRIES = 100_000;
const READ_CHUNK_BYTES = 64 * 1024;
const ENCRYPTED_FLAG = 0x0001;
const cutOff = "the file ends early: it was probably cut off during upload or copying";

/** The bytes from start to start + length, read in chunks as they are consumed. */
async function* readRange(handle: FileHandle, start: number, length: number): AsyncGenerator<Buffer, void, undefined> {
  const end = start + length;
  for (let position = start; position < end; ) {
    const size = Math.min(READ_CHUNK_BYTES, end - position);
    const { bytesRead, buffer } = await handle.read(Buffer.allocUnsafe(size), 0, size, position);
    if (bytesRead === 0) throw new ZipFormatError(cutOff);
    position += bytesRead;
    yield buffer.subarray(0, bytesRead);
  }
}

/** yauzl reads through the caller's file handle, so that closing the handle waits for its reads. */
class FileHandleReader extends yauzl.RandomAccessReader {
  constructor(private readonly handle: FileHandle) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    return Readable.from(readRange(this.handle, start, end - start), { objectMode: false });
  }
}

/** yauzl's messages for what goes wrong with a file, in the words the uploader sees (everything else is passed on). */
function describeZipError(error: unknown, partName?: string): unknown {
  if (!(error instanceof Error) || error instanceof ZipFormatError) return error;
  const message = error.message;
  if (message.startsWith("End of central directory record signature not found") || message.startsWith("Invalid comment length")) {
    return new ZipFormatError("the ZIP directory at the end of the file is missing: the file is truncated or damaged");
  }
  if (message.startsWith("unexpected EOF") || message.startsWith("file data overflows file bounds")) return new ZipFormatError(cutOff);
  if (message.startsWith("multi-disk zip files")) return new ZipFormatError("the workbook is split across several ZIP files, which is not supported");
  if (partName === undefined) return new ZipFormatError(`the ZIP directory is damaged (${message})`);
  return error;
}

function normalisePartName(name: string): string {
  return name.replaceAll("\\", "/").replace(/^\/+/, "").toLowerCase();
}

export class ZipArchive {
  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly entries: ReadonlyMap<string, ZipEntry>,
    private readonly yauzlEntries: WeakMap<ZipEntry, yauzl.Entry>,
  ) {}

  /** Reads the central directory (the only part of the file read up front). */
  static async open(handle: FileHandle): Promise<ZipArchive> {
    const { size } = await handle.stat();
    const entries = new Map<string, ZipEntry>();
    const yauzlEntries = new WeakMap<ZipEntry, yauzl.Entry>();
    let zip: yauzl.ZipFile;
    try {
      zip = await yauzl.fromRandomAccessReaderPromise(new FileHandleReader(handle), size, { lazyEntries: true, autoClose: false, validateEntrySizes: false });
      if (zip.entryCount > MAX_DIRECTORY_ENTRIES) throw new ZipFormatError("the ZIP directory is too large for a workbook");
      for await (const raw of zip.eachEntry()) {
        if (raw.fileName.endsWith("/")) continue;
        const entry: ZipEntry = {
          name: raw.fileName,
          flags: raw.generalPurposeBitFlag,
          method: raw.compressionMethod,
          crc32: raw.crc32,
          compressedSize: raw.compressedSize,
          uncompressedSize: raw.uncompressedSize,
        };
        entries.set(normalisePartName(raw.fileName), entry);
        yauzlEntries.set(entry, raw);
      }
    } catch (error) {
      throw describeZipError(error);
    }
    return new ZipArchive(zip, entries, yauzlEntries);
  }

  /** Every file entry the directory lists (folders left out), for checks that look at the archive as a whole. */
  list(): ZipEntry[] {
    return [...this.entries.values()];
  }

  /** The part with this name (ignoring case and a leading slash), if the archive has it. */
  find(name: string): ZipEntry | undefined {
    return this.entries.get(normalisePartName(name));
  }

  /**
   * The part's content as uncompressed chunks, read on demand (backpressure: nothing is read ahead of the
   * consumer beyond a chunk or two). Fails if the content does not match the directory's size and checksum;
   * stopping early (return) releases the underlying streams. `meter`, when given, is called with the running
   * total of bytes inflated before each chunk is handed on, and may throw to stop reading (the input limits).
   */
  async *chunks(entry: ZipEntry, meter?: (produced: number) => void): AsyncGenerator<Buffer, void, undefined> {
    if (entry.flags & ENCRYPTED_FLAG) throw new ZipFormatError(`part ${entry.name} is encrypted`);
    if (entry.method !== 0 && entry.method !== 8) {
      throw new ZipFormatError(`part ${entry.name} uses ZIP compression method ${entry.method}, which Excel never writes`);
    }
    const raw = this.yauzlEntries.get(entry);
    if (raw === undefined) throw new Error(`part ${entry.name} is not an entry of this archive`);
    let produced = 0;
    let checksum = 0;
    if (entry.compressedSize > 0) {
      let stream: Readable;
      try {
        stream = await this.zip.openReadStreamPromise(raw);
      } catch (error) {
        throw describeZipError(error, entry.name);
      }
      try {
        // A failure of the file or the inflater reaches this loop through the stream's iterator.
        const iterator = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
        while (true) {
          let next: IteratorResult<Buffer>;
          try {
            next = await iterator.next();
          } catch (error) {
            throw describeZipError(error, entry.name);
          }
          if (next.done) break;
          const chunk = next.value;
          produced += chunk.length;
          meter?.(produced);
          if (produced > entry.uncompressedSize) throw new ZipFormatError(`part ${entry.name} is larger than the ZIP directory says: the file is damaged`);
          checksum = crc32(chunk, checksum);
          yield chunk;
        }
      } finally {
        stream.destroy();
      }
    }
    if (produced !== entry.uncompressedSize || checksum !== entry.crc32) {
      throw new ZipFormatError(`part ${entry.name} is damaged (its content does not match its checksum)`);
    }
  }
}
