import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { getPrisma } from "../../app/db/client.server";
import type { ImportKind } from "../../app/generated/prisma/enums";
import { getEnv } from "../../app/env.server";
import { getImportBatch } from "../../app/ingest/pipeline/import-batches.server";
import { batchOutcome, batchWarningText } from "../../app/ingest/ui/batch-outcome";
import { isAgencyImportKind, type ImportBatchDetail } from "../../app/ingest/pipeline/import-types";
import { findMappingProfileByName } from "../../app/ingest/pipeline/mapping-profiles.server";
import { submitImport } from "../../app/ingest/pipeline/submit-import.server";
import { renderStoredImportText } from "../../app/ingest/rows/import-message";
import { stopQueue } from "../../app/jobs/queue.server";
import { prepareDatabase } from "../../server/prepare-database";
import { superviseWorker, type WorkerSupervisor } from "../../server/worker-supervisor";

export class ImportUsageError extends Error {}

const kinds: Record<string, ImportKind> = { activities: "ACTIVITIES", placements: "PLACEMENTS", complaints: "COMPLAINTS", agents: "AGENTS", payments: "PAYMENTS" };

/** Exit code when the batch committed but every row of the file was rejected (a script must not take it for success). */
export const EXIT_EVERY_ROW_REJECTED = 3;

/**
 * `import --kind activities|agents --agency CODE FILE` (or placements|complaints without --agency): submits the file like an upload, starts a worker child process with
 * its own heap limit to work the job (any running worker may take it instead), prints progress, and returns only when
 * the batch and its downstream stages are committed or the batch failed, so a script can query the results right
 * after. A file that kills the worker ends the batch as FAILED after the second death, not this process (ADR 012).
 * Returns the process exit code.
 */
export async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { agency: { type: "string" }, kind: { type: "string" }, mapping: { type: "string" }, strict: { type: "boolean", default: false } },
  });
  const kind = kinds[values.kind ?? ""];
  if (!kind) throw new ImportUsageError(`--kind must be one of ${Object.keys(kinds).join(", ")}`);
  if (positionals.length !== 1) throw new ImportUsageError("give exactly one FILE to import");
  const filePath = path.resolve(positionals[0] ?? "");
  const fileStat = await stat(filePath).catch(() => null);
  if (!fileStat?.isFile()) throw new ImportUsageError(`${filePath}: no such file`);
  if (isAgencyImportKind(kind) && !values.agency) throw new ImportUsageError(`--agency CODE is required for ${values.kind} (the agency that sent the file)`);
  if (!isAgencyImportKind(kind) && values.agency) throw new ImportUsageError(`--agency is not used for ${values.kind}: each row names its agency in agency_code`);

  const database = await prepareDatabase();
  let worker: WorkerSupervisor | undefined;
  try {
    const agency = values.agency ? await getPrisma().agency.findUnique({ where: { code: values.agency.toUpperCase() } }) : null;
    if (values.agency && !agency) throw new ImportUsageError(`--agency: there is no agency with code '${values.agency}'`);
    const mapping = values.mapping ? await findMappingProfileByName({ agencyId: agency?.id ?? null, kind, name: values.mapping }) : null;
    if (values.mapping && !mapping) throw new ImportUsageError(`--mapping: no ${values.kind} mapping profile named '${values.mapping}'${agency ? ` for ${agency.code}` : ""}`);

    const submitted = await submitImport({
      kind,
      agencyId: agency?.id ?? null,
      source: "CLI",
      fileName: path.basename(filePath),
      body: createReadStream(filePath),
      strict: values.strict,
      mappingProfileId: mapping?.id ?? null,
    });
    if (submitted.status === "rejected") {
      console.error(`Rejected: ${submitted.message}${submitted.batchId ? ` (batch ${submitted.batchId})` : ""}`);
      return 1;
    }
    if (submitted.status === "already-imported") {
      console.log(`Already imported: this file was imported as batch ${submitted.batchId}; nothing was imported again.`);
      return 0;
    }
    // Started only now: a worker resumes what earlier dead workers left RUNNING, which this command need not wait for
    // when the file is refused anyway.
    worker = superviseWorker({ heapMb: getEnv().WORKER_HEAP_MB, env: { DATABASE_URL: database.url } });
    const batch = await waitForBatch(submitted.batchId);
    console.log(
      `${batch.status === "COMMITTED" ? "Imported" : "Failed"}: accepted ${batch.acceptedRows}, duplicates ${batch.duplicateRows}, updated ${batch.updatedRows}, rejected ${batch.rejectedRows} of ${batch.totalRows} rows; batch ${batch.id}`,
    );
    if (batch.errorMessage) console.error(renderStoredImportText(batch.errorMessage, "en"));
    const outcome = batchOutcome(batch);
    if (outcome.warning) console.error(`Warning: ${batchWarningText(outcome.warning)}`);
    if (batch.status !== "COMMITTED") return 1;
    return outcome.warning?.code === "ALL_REJECTED" ? EXIT_EVERY_ROW_REJECTED : 0;
  } finally {
    await worker?.stop();
    await stopQueue();
    await database.close();
  }
}

async function waitForBatch(batchId: number): Promise<ImportBatchDetail> {
  let lastReported = -1;
  while (true) {
    const batch = await getImportBatch(batchId);
    if (!batch) throw new Error(`batch ${batchId} disappeared`);
    const done = batch.status === "FAILED" || (batch.status === "COMMITTED" && batch.stagesCompletedAt !== null);
    if (done) return batch;
    if (batch.processedRows !== lastReported && batch.status === "RUNNING") {
      lastReported = batch.processedRows;
      console.error(`batch ${batchId}: ${Math.floor(batch.progress * 100)}% · ${batch.processedRows.toLocaleString("en")} rows read · ${batch.rejectedRows.toLocaleString("en")} invalid so far`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
