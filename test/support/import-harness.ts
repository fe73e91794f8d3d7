import { Readable } from "node:stream";
import type { ImportKind } from "~/generated/prisma/enums";
import { getImportBatch } from "~/ingest/pipeline/import-batches.server";
import type { ImportBatchDetail, SubmitImportResult } from "~/ingest/pipeline/import-types";
import { runImportBatch } from "~/ingest/pipeline/run-import-batch.server";
import { submitImport } from "~/ingest/pipeline/submit-import.server";

/**
 * Submits a file the way the UI, API and CLI do, then runs its job in this process (instead of waiting for a
 * worker) so the test can look at the outcome at once.
 */
export async function importFile(options: {
  kind: ImportKind;
  agencyId?: number | null;
  fileName: string;
  content: string | Buffer;
  strict?: boolean;
  mappingProfileId?: number;
  /** A built-in layout ("cfpb"). */
  layout?: "cfpb";
  /** The signed-in user who uploaded it (none: the CLI). */
  createdById?: number;
}): Promise<{ submitted: SubmitImportResult; batch: ImportBatchDetail | null }> {
  const submitted = await submitImport({
    kind: options.kind,
    agencyId: options.agencyId ?? null,
    source: "CLI",
    fileName: options.fileName,
    body: Readable.from([typeof options.content === "string" ? Buffer.from(options.content, "utf8") : options.content]),
    strict: options.strict,
    mappingProfileId: options.mappingProfileId ?? null,
    layout: options.layout ?? null,
    createdById: options.createdById ?? null,
    // The tests' own files: the header check in a child process is exercised through the API and the import page.
    readHeaderInProcess: true,
  });
  const batchId = "batchId" in submitted ? submitted.batchId : null;
  if (submitted.status === "queued" && batchId !== null) await runImportBatch(batchId);
  return { submitted, batch: batchId === null ? null : await getImportBatch(batchId) };
}

export function csv(lines: readonly (readonly (string | number | null)[])[]): string {
  return lines.map((cells) => cells.map((cell) => (cell === null ? "" : /[",\n]/.test(String(cell)) ? `"${String(cell).replaceAll('"', '""')}"` : String(cell))).join(",")).join("\n") + "\n";
}
