// Why a batch whose worker process died twice is not tried again, in words the uploader can act on. Called after the
// second death, in a fresh worker: it must not itself spend the memory the import could not have, so for a workbook
// it reads only the ZIP central directory (a few kilobytes at the end of the file), never a part.
import { open } from "node:fs/promises";
import path from "node:path";
import { formatFromFileName } from "../readers/read-rows";
import { encodeImportMessages, importMessage } from "../rows/import-message";
import { uploadDirectory } from "./uploads.server";
import { ZipArchive } from "../readers/xlsx-zip";

const MB = 1024 * 1024;
/** Below this, a workbook's shared strings are not what made the import run out of memory. */
const NOTABLE_SHARED_STRINGS_BYTES = 16 * MB;

/**
 * "The file needs more memory than an import may use[: its shared-strings table expands to 120 MB]. …", stored as
 * message keys so the batch page shows it in its reader's language.
 */
export async function describeMemoryFailure(batch: { fileName: string; storedFilePath: string | null }): Promise<string> {
  const sizeMb = await sharedStringsMegabytes(batch).catch(() => null);
  return encodeImportMessages([sizeMb === null ? importMessage("importFile.workerDied") : importMessage("importFile.workerDiedSharedStrings", { sizeMb })]);
}

async function sharedStringsMegabytes(batch: { fileName: string; storedFilePath: string | null }): Promise<number | null> {
  if (!batch.storedFilePath || formatFromFileName(batch.fileName) !== "xlsx") return null;
  const handle = await open(path.join(uploadDirectory(), batch.storedFilePath), "r");
  try {
    const sharedStrings = (await ZipArchive.open(handle)).find("xl/sharedStrings.xml");
    if (!sharedStrings || sharedStrings.uncompressedSize < NOTABLE_SHARED_STRINGS_BYTES) return null;
    return Math.round(sharedStrings.uncompressedSize / MB);
  } finally {
    await handle.close();
  }
}
