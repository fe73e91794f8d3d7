// Why a batch whose worker process died twice is not tried again, in words the uploader can act on. Called after the
// second death, in a fresh worker: it must not itself spend the memory the import could not have, so for a workbook
// it reads only the ZIP central directory (a few kilobytes at the end of the file), never a part.
import { open } from "node:fs/promises";
import path from "node:path";
import { formatFromFileName } from "../readers/read-rows";
import { uploadDirectory } from "./uploads.server";
import { ZipArchive } from "../readers/xlsx-zip";

const MB = 1024 * 1024;
/** Below this, a workbook's shared strings are not what made the import run out of memory. */
const NOTABLE_SHARED_STRINGS_BYTES = 16 * MB;

export const memoryFailureAdvice = "Its worker process died twice while importing it, so it is not tried again: save the sheet as CSV UTF-8, or split the file, and upload that instead.";

/** "the file needs more memory than an import may use[: its shared-strings table expands to 120 MB]" */
export async function describeMemoryFailure(batch: { fileName: string; storedFilePath: string | null }): Promise<string> {
  const cause = await workbookCause(batch).catch(() => null);
  return `The file needs more memory than an import may use${cause ? `: ${cause}` : ""}. ${memoryFailureAdvice}`;
}

async function workbookCause(batch: { fileName: string; storedFilePath: string | null }): Promise<string | null> {
  if (!batch.storedFilePath || formatFromFileName(batch.fileName) !== "xlsx") return null;
  const handle = await open(path.join(uploadDirectory(), batch.storedFilePath), "r");
  try {
    const sharedStrings = (await ZipArchive.open(handle)).find("xl/sharedStrings.xml");
    if (!sharedStrings || sharedStrings.uncompressedSize < NOTABLE_SHARED_STRINGS_BYTES) return null;
    return `its shared-strings table expands to ${Math.round(sharedStrings.uncompressedSize / MB).toLocaleString("en")} MB`;
  } finally {
    await handle.close();
  }
}
