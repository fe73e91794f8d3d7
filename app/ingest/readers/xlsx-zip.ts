// Random-access reading of a ZIP archive held in a file (an .xlsx workbook is one). The central directory
// at the end of the file lists every part with its size and position, so any part can be read on its own,
// in any order, without reading what comes before it: this is what makes reading a workbook independent of
// the order in which its writer stored the parts.
//
// Parts are delivered as a stream of uncompressed chunks (never as a whole), and every part is checked
// against the sizes and checksum the directory records, so a damaged or doctored file fails with an error
// instead of producing wrong data or unbounded output (a "zip bomb" cannot inflate past its declared size).
//
// The archive does not own the file handle: the caller closes it once it is done with the archive and
// every chunk stream it opened (FileHandle.close waits for reads still in flight). Reads are positional
// (FileHandle.read with a position), so several parts can be read from the one handle.
import { type FileHandle } from "node:fs/promises";
import { Readable, pipeline } from "node:stream";
import { crc32, createInflateRaw } from "node:zlib";

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
  readonly localHeaderOffset: number;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP64_END_OF_CENTRAL_DIRECTORY_LOCATOR = 0x07064b50;
const ZIP64_END_OF_CENTRAL_DIRECTORY = 0x06064b50;
const CENTRAL_DIRECTORY_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const END_OF_CENTRAL_DIRECTORY_SIZE = 22;
const MAX_COMMENT_LENGTH = 0xffff;
/** A workbook has tens of parts; a directory this large is not a workbook's. */
const MAX_CENTRAL_DIRECTORY_BYTES = 16 * 1024 * 1024;
const READ_CHUNK_BYTES = 64 * 1024;

const ENCRYPTED_FLAG = 0x0001;
const UTF8_NAME_FLAG = 0x0800;

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) throw new ZipFormatError("the file ends early: it was probably cut off during upload or copying");
    filled += bytesRead;
  }
  return buffer;
}

/** The bytes from start to start + length, read in chunks as they are consumed. */
async function* readRange(handle: FileHandle, start: number, length: number): AsyncGenerator<Buffer, void, undefined> {
  const end = start + length;
  for (let position = start; position < end; ) {
    const size = Math.min(READ_CHUNK_BYTES, end - position);
    const { bytesRead, buffer } = await handle.read(Buffer.allocUnsafe(size), 0, size, position);
    if (bytesRead === 0) throw new ZipFormatError("the file ends early: it was probably cut off during upload or copying");
    position += bytesRead;
    yield buffer.subarray(0, bytesRead);
  }
}

function safeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError(`the ZIP directory records an impossible ${what}`);
  return Number(value);
}

function normalisePartName(name: string): string {
  return name.replaceAll("\\", "/").replace(/^\/+/, "").toLowerCase();
}

interface DirectoryLocation {
  entryCount: number;
  offset: number;
  size: number;
}

export class ZipArchive {
  private constructor(
    private readonly handle: FileHandle,
    private readonly fileSize: number,
    private readonly entries: ReadonlyMap<string, ZipEntry>,
  ) {}

  /** Reads the central directory (the only part of the file read up front). */
  static async open(handle: FileHandle): Promise<ZipArchive> {
    const { size } = await handle.stat();
    const location = await findCentralDirectory(handle, size);
    const directory = await readAt(handle, location.offset, location.size);
    const entries = new Map<string, ZipEntry>();
    let position = 0;
    for (let index = 0; index < location.entryCount; index += 1) {
      if (position + 46 > directory.length || directory.readUInt32LE(position) !== CENTRAL_DIRECTORY_HEADER) {
        throw new ZipFormatError("the ZIP directory is damaged");
      }
      const flags = directory.readUInt16LE(position + 8);
      const method = directory.readUInt16LE(position + 10);
      const checksum = directory.readUInt32LE(position + 16);
      let compressedSize = directory.readUInt32LE(position + 20);
      let uncompressedSize = directory.readUInt32LE(position + 24);
      const nameLength = directory.readUInt16LE(position + 28);
      const extraLength = directory.readUInt16LE(position + 30);
      const commentLength = directory.readUInt16LE(position + 32);
      let localHeaderOffset = directory.readUInt32LE(position + 42);
      const nameStart = position + 46;
      const extraStart = nameStart + nameLength;
      const next = extraStart + extraLength + commentLength;
      if (next > directory.length) throw new ZipFormatError("the ZIP directory is damaged");
      const nameBytes = directory.subarray(nameStart, extraStart);
      // Names are UTF-8 when flagged; otherwise CP437, which for the ASCII names of workbook parts is the same.
      const name = nameBytes.toString(flags & UTF8_NAME_FLAG ? "utf8" : "latin1");
      // ZIP64: sizes and offsets that do not fit 32 bits are 0xFFFFFFFF here and given in an extra field.
      if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
        const extra = directory.subarray(extraStart, extraStart + extraLength);
        let field = 0;
        while (field + 4 <= extra.length && extra.readUInt16LE(field) !== 0x0001) field += 4 + extra.readUInt16LE(field + 2);
        if (field + 4 > extra.length) throw new ZipFormatError(`the ZIP directory entry for ${name} is incomplete`);
        const end = field + 4 + extra.readUInt16LE(field + 2);
        let cursor = field + 4;
        const take = (what: string): number => {
          if (cursor + 8 > end || cursor + 8 > extra.length) throw new ZipFormatError(`the ZIP directory entry for ${name} is incomplete`);
          const value = safeNumber(extra.readBigUInt64LE(cursor), what);
          cursor += 8;
          return value;
        };
        if (uncompressedSize === 0xffffffff) uncompressedSize = take("size");
        if (compressedSize === 0xffffffff) compressedSize = take("size");
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = take("offset");
      }
      if (!name.endsWith("/")) {
        entries.set(normalisePartName(name), { name, flags, method, crc32: checksum, compressedSize, uncompressedSize, localHeaderOffset });
      }
      position = next;
    }
    return new ZipArchive(handle, size, entries);
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
   * consumer beyond one chunk). Fails if the content does not match the directory's size and checksum;
   * stopping early (return) releases the underlying stream. `meter`, when given, is called with the running
   * total of bytes inflated before each chunk is handed on, and may throw to stop reading (the input limits).
   */
  async *chunks(entry: ZipEntry, meter?: (produced: number) => void): AsyncGenerator<Buffer, void, undefined> {
    if (entry.flags & ENCRYPTED_FLAG) throw new ZipFormatError(`part ${entry.name} is encrypted`);
    if (entry.method !== 0 && entry.method !== 8) {
      throw new ZipFormatError(`part ${entry.name} uses ZIP compression method ${entry.method}, which Excel never writes`);
    }
    const header = await readAt(this.handle, entry.localHeaderOffset, 30);
    if (header.readUInt32LE(0) !== LOCAL_FILE_HEADER) throw new ZipFormatError(`the ZIP entry for ${entry.name} is damaged`);
    const dataStart = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    if (dataStart + entry.compressedSize > this.fileSize) {
      throw new ZipFormatError("the file ends early: it was probably cut off during upload or copying");
    }

    let produced = 0;
    let checksum = 0;
    if (entry.compressedSize > 0) {
      const compressed = Readable.from(readRange(this.handle, dataStart, entry.compressedSize), { objectMode: false });
      // pipeline() listens for errors on both streams and destroys both when either fails or the consumer
      // stops; the failure reaches this generator through the iterator of the last stream. Its callback
      // receives the same error (or a premature-close error after an early stop), which is already handled.
      const output: Readable = entry.method === 8 ? pipeline(compressed, createInflateRaw(), () => undefined) : compressed;
      try {
        for await (const chunk of output as AsyncIterable<Buffer>) {
          produced += chunk.length;
          meter?.(produced);
          if (produced > entry.uncompressedSize) throw new ZipFormatError(`part ${entry.name} is larger than the ZIP directory says: the file is damaged`);
          checksum = crc32(chunk, checksum);
          yield chunk;
        }
      } finally {
        output.destroy();
        compressed.destroy();
      }
    }
    if (produced !== entry.uncompressedSize || checksum !== entry.crc32) {
      throw new ZipFormatError(`part ${entry.name} is damaged (its content does not match its checksum)`);
    }
  }
}

async function findCentralDirectory(handle: FileHandle, fileSize: number): Promise<DirectoryLocation> {
  const notZip = () => new ZipFormatError("the ZIP directory at the end of the file is missing: the file is truncated or damaged");
  if (fileSize < END_OF_CENTRAL_DIRECTORY_SIZE) throw notZip();
  const tailLength = Math.min(fileSize, END_OF_CENTRAL_DIRECTORY_SIZE + MAX_COMMENT_LENGTH);
  const tailStart = fileSize - tailLength;
  const tail = await readAt(handle, tailStart, tailLength);
  // The record is followed only by its comment; search backwards, as a comment may contain the signature.
  for (let position = tail.length - END_OF_CENTRAL_DIRECTORY_SIZE; position >= 0; position -= 1) {
    if (tail.readUInt32LE(position) !== END_OF_CENTRAL_DIRECTORY) continue;
    const commentLength = tail.readUInt16LE(position + 20);
    if (position + END_OF_CENTRAL_DIRECTORY_SIZE + commentLength > tail.length) continue;
    const disk = tail.readUInt16LE(position + 4);
    const directoryDisk = tail.readUInt16LE(position + 6);
    let entryCount = tail.readUInt16LE(position + 10);
    let size = tail.readUInt32LE(position + 12);
    let offset = tail.readUInt32LE(position + 16);
    const recordOffset = tailStart + position;
    if (entryCount === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
      const zip64 = await readZip64Location(handle, recordOffset);
      if (zip64 === null) continue;
      ({ entryCount, size, offset } = zip64);
    } else if (disk !== 0 || directoryDisk !== 0) {
      throw new ZipFormatError("the workbook is split across several ZIP files, which is not supported");
    }
    if (offset + size > recordOffset) continue;
    if (size > MAX_CENTRAL_DIRECTORY_BYTES) throw new ZipFormatError("the ZIP directory is too large for a workbook");
    return { entryCount, offset, size };
  }
  throw notZip();
}

async function readZip64Location(handle: FileHandle, recordOffset: number): Promise<DirectoryLocation | null> {
  if (recordOffset < 20) return null;
  const locator = await readAt(handle, recordOffset - 20, 20);
  if (locator.readUInt32LE(0) !== ZIP64_END_OF_CENTRAL_DIRECTORY_LOCATOR) return null;
  const zip64Offset = safeNumber(locator.readBigUInt64LE(8), "offset");
  if (zip64Offset + 56 > recordOffset) return null;
  const record = await readAt(handle, zip64Offset, 56);
  if (record.readUInt32LE(0) !== ZIP64_END_OF_CENTRAL_DIRECTORY) return null;
  return {
    entryCount: safeNumber(record.readBigUInt64LE(32), "number of parts"),
    size: safeNumber(record.readBigUInt64LE(40), "directory size"),
    offset: safeNumber(record.readBigUInt64LE(48), "directory offset"),
  };
}
