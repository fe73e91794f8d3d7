// Loads generated demo files the way a user would: agencies through Settings' domain code, the US agencies'
// rule pack assigned, KINLINK's mapping profile saved, then every file submitted to the import pipeline and its
// batch run (the same job the worker runs). Nothing is written to the tables directly.
//
// One difference from a user's day, for speed only: the stages that follow each batch (rule evaluation, metric
// roll-ups) run once at the end over every account instead of after each of the 74 batches. A month's file touches
// most of an agency's accounts, and each per-batch pass re-reads their whole history, so per-batch stages made the
// default demo take over six minutes; one full pass gives the same violations and roll-ups (the integration tests
// check that incremental and full evaluation agree) in a fraction of the time.
import { corroborateAllComplaints } from "~/complaints/corroborate-complaints.server";
import { createReadStream } from "node:fs";
import path from "node:path";
import { getPrisma } from "~/db/client.server";
import { ensureMonthPartitions, utcMonthOf } from "~/db/month-partitions.server";
import { getPool } from "~/db/pg.server";
import type { ImportKind } from "~/generated/prisma/enums";
import { getImportBatch } from "~/ingest/pipeline/import-batches.server";
import type { ImportBatchDetail, ImportRequest } from "~/ingest/pipeline/import-types";
import { saveMappingProfile } from "~/ingest/pipeline/mapping-profiles.server";
import { runImportBatch } from "~/ingest/pipeline/run-import-batch.server";
import { submitImport } from "~/ingest/pipeline/submit-import.server";
import { rebuildAllRollups } from "~/metrics/refresh-rollups.server";
import { holdAutovacuum } from "~/db/autovacuum.server";
import { warmScorecardsQuietly } from "~/dashboard/warm-scorecards.server";
import { evaluateAllRules } from "~/rules/evaluate-rules.server";
import { assignRulePack, ensureDefaultRulePacks } from "~/rules/rule-packs.server";
import { seedDemoOrganisation } from "../factories.server";
import { behaviourOf } from "./behaviour";
import { importInLanes } from "./import-lanes";
import { DEMO_LEDGER_FILE_NAME, writeDemoLedger } from "./demo-ledger.server";
import { reconcileAllAccounts } from "~/reconciliation/reconcile-accounts.server";
import type { DemoPortfolioFiles } from "./generate-portfolio";

export type DemoBatchSummary = {
  batchId: number;
  kind: ImportKind;
  agencyCode: string | null;
  fileName: string;
  status: string;
  acceptedRows: number;
  rejectedRows: number;
  seconds: number;
};

export type DemoPortfolioLoadResult = { batches: DemoBatchSummary[]; seconds: number };

export class DemoLoadError extends Error {}

/** Whether this database already holds a demo portfolio (its placements file was committed). */
export async function hasDemoPortfolio(): Promise<boolean> {
  const count = await getPrisma().importBatch.count({ where: { kind: "PLACEMENTS", fileName: "demo-placements.csv", status: "COMMITTED" } });
  return count > 0;
}

export async function importDemoFile(options: {
  kind: ImportKind;
  agencyId: number | null;
  filePath: string;
  mappingProfileId?: number | null;
  layout?: ImportRequest["layout"];
  deferStages: boolean;
}): Promise<ImportBatchDetail> {
  const submitted = await submitImport({
    kind: options.kind,
    agencyId: options.agencyId,
    source: "CLI",
    fileName: path.basename(options.filePath),
    body: createReadStream(options.filePath),
    mappingProfileId: options.mappingProfileId ?? null,
    layout: options.layout ?? null,
    // Run here, below, not by a worker: a queued job would only be skipped later, holding up real uploads.
    enqueue: false,
    // Files the generator just wrote, not uploads: no child process per file for the header.
    readHeaderInProcess: true,
  });
  if (submitted.status === "rejected") throw new DemoLoadError(`${path.basename(options.filePath)} was refused: ${submitted.message}`);
  const batchId = submitted.batchId;
  if (submitted.status === "queued") {
    const outcome = await runImportBatch(batchId, { runStages: !options.deferStages });
    // "skipped": a worker of a running server took the job first; wait for it as the CLI does.
    if (outcome === "skipped") await waitForBatch(batchId);
  } else await waitForBatch(batchId);
  const batch = await getImportBatch(batchId);
  if (!batch) throw new DemoLoadError(`batch ${batchId} disappeared`);
  if (batch.status !== "COMMITTED") throw new DemoLoadError(`${path.basename(options.filePath)}: batch ${batchId} ended ${batch.status}: ${batch.errorMessage ?? ""}`);
  return batch;
}

async function waitForBatch(batchId: number): Promise<void> {
  for (;;) {
    const batch = await getImportBatch(batchId);
    // A batch a server's worker took runs its own stages; wait for them so the final pass sees its violations too.
    if (!batch || batch.status === "FAILED" || (batch.status === "COMMITTED" && batch.stagesCompletedAt !== null)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Activity files imported at once: one per core, so the database writes one file while the next is parsed. */
const activityLanes = 2;

/** The months a window's events can fall in, in UTC: one month either side for times written in a local zone. */
function monthsAround(window: { from: string; to: string }): string[] {
  const months: string[] = [];
  const first = new Date(`${window.from.slice(0, 7)}-01T00:00:00Z`);
  const last = new Date(`${window.to.slice(0, 7)}-01T00:00:00Z`);
  for (let month = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() - 1, 1)); month.getTime() <= Date.UTC(last.getUTCFullYear(), last.getUTCMonth() + 1, 1); month = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1))) {
    months.push(utcMonthOf(month));
  }
  return months;
}

/**
 * Imports generated files: placements first (activities need their accounts), then each agency's activity file,
 * then each agency's roster, then the complaints (they name accounts, agents and numbers the activities introduced).
 */
export async function loadDemoPortfolio(options: {
  files: DemoPortfolioFiles;
  log?: (line: string) => void;
  stagesPerBatch?: boolean;
  /** false: the caller computes the preset periods' scorecards itself (the demo, once its server listens). */
  warmScorecards?: boolean;
}): Promise<DemoPortfolioLoadResult> {
  const deferStages = options.stagesPerBatch !== true;
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const { files } = options;
  await ensureDefaultRulePacks();
  const organisation = await seedDemoOrganisation();
  // Agencies collecting in the US are judged by Regulation F, the others by the lender's default (China) pack.
  for (const file of files.activities) {
    if (behaviourOf(file.agencyCode).region === "us") await assignRulePack(file.agencyCode, "us");
  }

  const batches: DemoBatchSummary[] = [];
  const summarise = (batch: ImportBatchDetail, agencyCode: string | null, since: number): DemoBatchSummary => {
    const summary: DemoBatchSummary = {
      batchId: batch.id, kind: batch.kind, agencyCode, fileName: batch.fileName, status: batch.status,
      acceptedRows: batch.acceptedRows, rejectedRows: batch.rejectedRows, seconds: (performance.now() - since) / 1000,
    };
    log(`${summary.fileName}: ${summary.acceptedRows.toLocaleString("en")} accepted, ${summary.rejectedRows} rejected (${summary.seconds.toFixed(1)} s)`);
    return summary;
  };
  const record = (batch: ImportBatchDetail, agencyCode: string | null, since: number) => batches.push(summarise(batch, agencyCode, since));

  let since = performance.now();
  record(await importDemoFile({ kind: "PLACEMENTS", agencyId: null, filePath: files.placements.path, deferStages }), null, since);
  // The mapping profiles first (the same function as the mapping-profile editor saves with), so that the lanes below
  // only import.
  const profileIds = new Map<string, number>();
  for (const file of files.activities) {
    const agencyId = organisation.agencyIds[file.agencyCode];
    if (agencyId === undefined) throw new DemoLoadError(`agency ${file.agencyCode} was not created`);
    if (!file.mappingProfile || profileIds.has(file.agencyCode)) continue;
    const saved = await saveMappingProfile({ agencyId, kind: "ACTIVITIES", name: file.mappingProfile.name, profile: file.mappingProfile.profile });
    if (saved.status !== "saved") throw new DemoLoadError(`mapping profile ${file.mappingProfile.name} is invalid: ${saved.issues.join("; ")}`);
    profileIds.set(file.agencyCode, saved.id);
  }
  // Every month the events can fall in gets its partitions now: an import creating one while another writes events
  // would wait for that import's commit (ADR 041), and its rows would take the detour through DEFAULT.
  await ensureMonthPartitions(monthsAround(files.window));
  // Every table the load fills is due for autovacuum once the activities are in; its workers would then share the
  // cores with the rule run and the roll-ups. They start when the load is done (ADR 050).
  const releaseAutovacuum = deferStages ? await holdAutovacuum(["ActivityEvent", "ActivityEventKey", "Violation"]) : async () => undefined;
  // With stages after every batch (a user's day of uploads, which the deferred load is compared with), one at a time.
  since = performance.now();
  const lanes = deferStages ? activityLanes : 1;
  const activitySummaries = await importInLanes(files.activities, lanes, async (file) => {
    const started = performance.now();
    const batch = await importDemoFile({
      kind: "ACTIVITIES",
      agencyId: organisation.agencyIds[file.agencyCode] ?? null,
      filePath: file.path,
      mappingProfileId: profileIds.get(file.agencyCode) ?? null,
      deferStages,
    });
    return summarise(batch, file.agencyCode, started);
  });
  batches.push(...activitySummaries);
  log(`${activitySummaries.length} activity files imported, ${lanes} at a time (${((performance.now() - since) / 1000).toFixed(1)} s)`);
  // Each agency's roster, through the same import as an agency's upload (rule UNTRAINED_AGENT judges by it).
  for (const roster of files.rosters) {
    since = performance.now();
    record(await importDemoFile({ kind: "AGENTS", agencyId: organisation.agencyIds[roster.agencyCode] ?? null, filePath: roster.path, deferStages }), roster.agencyCode, since);
  }
  since = performance.now();
  record(await importDemoFile({ kind: "COMPLAINTS", agencyId: null, filePath: files.complaints.path, deferStages }), null, since);
  // The lender's ledger of the payments the agencies reported (ADR 038), imported as the lender uploads it.
  since = performance.now();
  const ledgerPath = path.join(path.dirname(files.complaints.path), DEMO_LEDGER_FILE_NAME);
  await writeDemoLedger(ledgerPath);
  record(await importDemoFile({ kind: "PAYMENTS", agencyId: null, filePath: ledgerPath, deferStages }), null, since);
  if (deferStages) {
    since = performance.now();
    const reconciled = await reconcileAllAccounts();
    log(`${reconciled.payments} payments reconciled against ${reconciled.entries} ledger entries (${((performance.now() - since) / 1000).toFixed(1)} s)`);
    since = performance.now();
    // The imports left their statistics to autovacuum; the full pass reads every table at once, so it gets fresh ones.
    await getPool().query(`ANALYZE "ActivityEvent", "Placement", "Complaint", "Account", "Customer", "Agent"`);
    const rules = await evaluateAllRules();
    if (rules.failures.length > 0) throw new DemoLoadError(`rule evaluation failed for ${rules.failures.length} customers: ${JSON.stringify(rules.failures).slice(0, 300)}`);
    log(`rules evaluated over every account (${((performance.now() - since) / 1000).toFixed(1)} s)`);
    // The violations table was empty when the load began: without fresh statistics the roll-ups' and corroboration's
    // plans treat it as empty (autovacuum gets to it only tens of seconds later).
    await getPool().query(`ANALYZE "Violation"`);
    // Both read the violations the rules just wrote, and neither reads what the other writes (the roll-ups do not count
    // corroboration; corroboration reads events and violations): on two connections at once, each on its own core.
    since = performance.now();
    const [rollupsSeconds, corroboration] = await Promise.all([
      rebuildAllRollups({ lanes: 2 }).then(() => (performance.now() - since) / 1000),
      corroborateAllComplaints(),
    ]);
    log(`metric roll-ups built (${rollupsSeconds.toFixed(1)} s)`);
    log(`${corroboration.checked} complaints checked against the agencies' logs (${((performance.now() - since) / 1000).toFixed(1)} s, beside the roll-ups)`);
    // (A load that fails before this point leaves it to the next start's releaseHeldAutovacuum.)
    await releaseAutovacuum();
    if (options.warmScorecards !== false) {
      since = performance.now();
      await warmScorecardsQuietly("the demo load");
      log(`scorecards of the preset periods computed (${((performance.now() - since) / 1000).toFixed(1)} s)`);
    }
    // Marked done only now, so a crash before this point leaves the batches for resumeInterruptedImports to finish.
    await getPrisma().importBatch.updateMany({ where: { id: { in: batches.map((batch) => batch.batchId) }, stagesCompletedAt: null }, data: { stagesCompletedAt: new Date() } });
  }
  return { batches, seconds: (performance.now() - started) / 1000 };
}
