import { writeFile } from "node:fs/promises";
import path from "node:path";
import { logAccess } from "../../app/audit/log-access.server";
import { currentTime } from "../../app/clock/clock.server";
import { getPrisma } from "../../app/db/client.server";
import { closePool } from "../../app/db/pg.server";
import { setPlacementTerm } from "../../app/placements/agency-placements.server";
import { recallDueFiltersSchema } from "../../app/placements/recall-due-grid-query";
import { buildRecallFile } from "../../app/placements/recall-due.server";
import { prepareDatabase } from "../../server/prepare-database";
import { CliUsageError, parseFlags } from "./errors";

export const recallsUsage = `  recalls [--agency CODE] [--reason PAID_IN_FULL|REJECTED|PAST_TERM|NOT_WORKED] --out FILE.csv
      The placements due for recall today (the clock's, in the lender's zone) as a recall file in the placements format
      (recalled_at today, recall_reason); import it with \`import --kind placements\` to record the recalls.
  agency placement-term --code CODE --days N|none
      The agency contract's placement term: each placement ends N days after it was placed.
`;

async function withDatabase(work: () => Promise<void>): Promise<void> {
  const database = await prepareDatabase();
  try {
    await work();
  } finally {
    await closePool();
    await database.close();
  }
}

async function agencyIdOf(code: string): Promise<number> {
  const agency = await getPrisma().agency.findUnique({ where: { code: code.toUpperCase() }, select: { id: true } });
  if (!agency) throw new CliUsageError(`No agency with code "${code}".`);
  return agency.id;
}

/** `oversight recalls …`: the recall file of the due-for-recall list. */
export async function recallsCommand(args: string[]): Promise<void> {
  const values = parseFlags(args, { agency: { type: "string" }, reason: { type: "string" }, out: { type: "string" } }, recallsUsage);
  if (typeof values.out !== "string" || values.out === "") throw new CliUsageError(`--out FILE is required.\n\n${recallsUsage}`);
  const filters = recallDueFiltersSchema.safeParse({ agency: values.agency, reason: typeof values.reason === "string" ? values.reason.toUpperCase() : undefined });
  if (!filters.success) throw new CliUsageError(`Invalid ${filters.error.issues.map((issue) => `--${String(issue.path[0])}`).join(", ")}.\n\n${recallsUsage}`);
  const out = path.resolve(values.out);
  await withDatabase(async () => {
    if (filters.data.agency) await agencyIdOf(filters.data.agency);
    const file = await buildRecallFile({ scopeAgencyId: undefined, filters: filters.data, sort: { column: "placedAt", direction: "asc" }, now: currentTime() });
    await writeFile(out, file.csv);
    await logAccess({ userId: null, action: "EXPORT", resourceType: "recall-file", detail: { via: "CLI", ...filters.data, rows: file.rows } });
    console.log(`${file.rows} placements due for recall written to ${out}.`);
  });
}

/** `oversight agency placement-term --code CODE --days N|none`. */
export async function placementTermCommand(args: string[]): Promise<void> {
  const values = parseFlags(args, { code: { type: "string" }, days: { type: "string" } }, recallsUsage);
  if (typeof values.code !== "string" || typeof values.days !== "string") throw new CliUsageError(`--code and --days are required.\n\n${recallsUsage}`);
  const days = values.days === "none" ? null : Number(values.days);
  if (days !== null && !(Number.isInteger(days) && days >= 1 && days <= 3650)) throw new CliUsageError("--days must be a whole number from 1 to 3650, or none.");
  const code = values.code;
  await withDatabase(async () => {
    await setPlacementTerm(await agencyIdOf(code), days);
    console.log(`Agency ${code.toUpperCase()}: placement term ${days === null ? "none" : `${days} days`}.`);
  });
}
