import { currentTime } from "../../app/clock/clock.server";
import { closePool } from "../../app/db/pg.server";
import { clearLegalHold, LegalHoldError, listLegalHolds, setLegalHold, type HoldTarget } from "../../app/retention/legal-holds.server";
import { purgeExpiredRecords, PurgeBusyError, type PurgeResult } from "../../app/retention/purge-expired-records.server";
import { retentionCutoff, retentionYearsProblem } from "../../app/retention/retention-policy";
import { getRetentionPolicy, setRetentionPolicy } from "../../app/retention/retention-settings.server";
import { prepareDatabase } from "../../server/prepare-database";
import { CliUsageError, parseFlags } from "./errors";

export const retentionUsage = `  retention status | retention purge [--dry-run] | retention set --years N
      How long activity events, violations and uploads are kept (ADR 041; default 5 years, never under 3: Regulation F
      record keeping), the first month kept, and the active legal holds. purge removes every whole UTC month past the
      period except the rows of held accounts and agencies, and lists months, row counts and files; --dry-run only
      counts. A real purge is written to the access log. ("now" from app/clock.)
  hold set|clear --account NUMBER|--agency CODE --reason "…" | hold list [--all]
      Set or clear a legal hold: while it is active the purge keeps everything of that account or agency. Logged.
`;

async function withDatabase<T>(work: () => Promise<T>): Promise<T> {
  const database = await prepareDatabase();
  try {
    return await work();
  } finally {
    await closePool();
    await database.close();
  }
}

function printPurge(result: PurgeResult): void {
  const verb = result.dryRun ? "would remove" : "removed";
  console.log(`${result.dryRun ? "Dry run: " : ""}retention ${result.years} years; kept from ${result.cutoff.slice(0, 10)}; ${result.holds.accounts} accounts and ${result.holds.agencies} agencies under legal hold`);
  if (result.months.length === 0 && result.uploads.length === 0) console.log("Nothing is past the retention period.");
  for (const month of result.months) {
    console.log(`  ${month.month}: ${verb} ${month.events} events, ${month.violations} violations, ${month.complaintLinks} complaint links; ${month.heldEventsKept} events kept under legal hold`);
  }
  for (const upload of result.uploads) console.log(`  upload: batch #${upload.batchId} ${upload.fileName}: ${verb} ${upload.rejectedRows} rejected rows${upload.storedFile ? " and the stored file" : ""}`);
  console.log(`Total: ${verb} ${result.totals.events} events, ${result.totals.violations} violations, ${result.totals.uploads} uploads (${result.totals.files} files); ${result.totals.heldEventsKept} events kept under legal hold.`);
}

export async function retentionCommand(args: string[]): Promise<void> {
  const [subcommand, ...rest] = args;
  if (subcommand === "status") {
    parseFlags(rest, {}, retentionUsage);
    return withDatabase(async () => {
      const policy = await getRetentionPolicy();
      const holds = await listLegalHolds();
      console.log(`Retention: ${policy.years} years; kept from ${retentionCutoff(currentTime(), policy.years).toISOString().slice(0, 10)} (whole UTC months).`);
      console.log(holds.length === 0 ? "No legal hold is active." : `Active legal holds (${holds.length}):`);
      for (const hold of holds) console.log(`  ${hold.target === "ACCOUNT" ? "account" : "agency"} ${hold.label} since ${hold.setAt.slice(0, 10)}${hold.setBy ? ` by ${hold.setBy}` : ""}: ${hold.reason}`);
    });
  }
  if (subcommand === "purge") {
    const values = parseFlags(rest, { "dry-run": { type: "boolean", default: false } }, retentionUsage);
    return withDatabase(async () => {
      try {
        printPurge(await purgeExpiredRecords({ now: currentTime(), dryRun: values["dry-run"] }));
      } catch (error) {
        if (error instanceof PurgeBusyError) throw new CliUsageError(error.message);
        throw error;
      }
    });
  }
  if (subcommand === "set") {
    const values = parseFlags(rest, { years: { type: "string" } }, retentionUsage);
    const years = Number(values.years);
    if (values.years === undefined || !/^\d+$/.test(values.years)) throw new CliUsageError(`--years must be a whole number of years.\n\n${retentionUsage}`);
    const problem = retentionYearsProblem(years);
    if (problem) throw new CliUsageError(problem.text);
    return withDatabase(async () => {
      const saved = await setRetentionPolicy({ years }, null);
      console.log(`Retention set to ${saved.years} years.`);
    });
  }
  throw new CliUsageError(retentionUsage);
}

export async function holdCommand(args: string[]): Promise<void> {
  const [subcommand, ...rest] = args;
  if (subcommand === "list") {
    const values = parseFlags(rest, { all: { type: "boolean", default: false } }, retentionUsage);
    return withDatabase(async () => {
      for (const hold of await listLegalHolds({ includeCleared: values.all })) {
        console.log(JSON.stringify(hold));
      }
    });
  }
  if (subcommand !== "set" && subcommand !== "clear") throw new CliUsageError(retentionUsage);
  const values = parseFlags(rest, { account: { type: "string" }, agency: { type: "string" }, reason: { type: "string" } }, retentionUsage);
  if ((values.account === undefined) === (values.agency === undefined)) throw new CliUsageError(`Give exactly one of --account NUMBER and --agency CODE.\n\n${retentionUsage}`);
  const reason = values.reason?.trim() ?? "";
  if (reason.length < 3) throw new CliUsageError(`--reason is required (at least 3 characters): why the records must be kept, or why the hold ends.\n\n${retentionUsage}`);
  const target: HoldTarget = values.account !== undefined ? { accountNumber: values.account } : { agencyCode: values.agency! };
  return withDatabase(async () => {
    try {
      const hold = subcommand === "set" ? await setLegalHold({ target, reason, userId: null }) : await clearLegalHold({ target, reason, userId: null });
      console.log(`${subcommand === "set" ? "Legal hold set on" : "Legal hold cleared on"} ${hold.target === "ACCOUNT" ? "account" : "agency"} ${hold.label}.`);
    } catch (error) {
      if (error instanceof LegalHoldError) throw new CliUsageError(error.message);
      throw error;
    }
  });
}
