import { stopQueue } from "../../app/jobs/queue.server";
import { closePool } from "../../app/db/pg.server";
import { requestFullReevaluation, startRuleEvaluationWorkers, waitForRuleEvaluationRun } from "../../app/rules/rule-evaluation-runs.server";
import { RulePackAdminError, assignRulePack, ensureDefaultRulePacks, getDefaultPackCode } from "../../app/rules/rule-packs.server";
import { prepareDatabase } from "../../server/prepare-database";
import { CliUsageError, parseFlags } from "./errors";

export const rulePackUsage = `  rule-pack assign --agency CODE --pack cn|us|default
      Judge an agency's activity by a rule pack family ("default": the lender's default pack), and re-judge
      existing activity (a full re-evaluation run; the command returns when it is done, reviewed violations keep
      their review).
`;

function required(value: string | boolean | undefined, flag: string, usage: string): string {
  if (typeof value !== "string" || value.trim() === "") throw new CliUsageError(`${flag} is required.\n\n${usage}`);
  return value.trim();
}

async function assign(args: string[]): Promise<void> {
  const values = parseFlags(args, { agency: { type: "string" }, pack: { type: "string" } }, rulePackUsage);
  const agencyCode = required(values.agency, "--agency", rulePackUsage);
  const packArg = required(values.pack, "--pack", rulePackUsage);
  const packCode = packArg === "default" ? null : packArg;
  const database = await prepareDatabase();
  try {
    await ensureDefaultRulePacks();
    let result;
    try {
      result = await assignRulePack(agencyCode, packCode);
    } catch (error) {
      if (error instanceof RulePackAdminError) throw new CliUsageError(error.message);
      throw error;
    }
    const describe = async (code: string | null) => (code === null ? `the default pack (${await getDefaultPackCode()})` : `rule pack "${code}"`);
    if (result.previousPackCode === result.packCode) {
      console.log(`Agency ${result.agencyCode} already uses ${await describe(result.packCode)}; nothing changed.`);
    } else {
      console.log(`Agency ${result.agencyCode} now uses ${await describe(result.packCode)} (was ${await describe(result.previousPackCode)}).`);
      // The same background run the pages request; this process works on it too, and waits for the end, so the
      // command returns only once stored violations follow the new assignment.
      await startRuleEvaluationWorkers();
      const { run: requested, coalesced } = await requestFullReevaluation({ reason: `RULE_PACK_ASSIGNED ${result.agencyCode} ${result.packCode ?? "default"} (CLI)`, userId: null });
      console.log(`Full re-evaluation #${requested.id} ${coalesced ? "(joined the one already queued)" : "queued"}; waiting for it to finish…`);
      const run = await waitForRuleEvaluationRun(requested.id);
      if (run.state === "FAILED") throw new Error(`Full re-evaluation #${run.id} failed: ${run.errorMessage ?? "unknown error"}`);
      console.log(`Re-judged ${run.processedCustomers.toLocaleString("en")} customers: ${run.violationsFound.toLocaleString("en")} violations on record.`);
      if (run.errorMessage) console.error(run.errorMessage);
    }
  } finally {
    await stopQueue();
    await closePool();
    await database.close();
  }
}

/** `oversight rule-pack <subcommand> …` */
export async function rulePackCommand(args: string[]): Promise<void> {
  const [subcommand, ...rest] = args;
  if (subcommand === "assign") return assign(rest);
  throw new CliUsageError(`Unknown rule-pack command '${subcommand ?? ""}'.\n\n${rulePackUsage}`);
}
