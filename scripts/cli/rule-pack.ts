import { closeRulesPool, evaluateAllRules } from "../../app/rules/evaluate-rules.server";
import { RulePackAdminError, assignRulePack, ensureDefaultRulePacks, getDefaultPackCode } from "../../app/rules/rule-packs.server";
import { prepareDatabase } from "../../server/prepare-database";
import { CliUsageError, parseFlags } from "./errors";

export const rulePackUsage = `  rule-pack assign --agency CODE --pack cn|us|default
      Judge an agency's activity by a rule pack family ("default": the lender's default pack), and re-judge
      existing activity at once (reviewed violations keep their review).
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
      const evaluation = await evaluateAllRules();
      console.log(
        `Re-judged ${evaluation.eventsEvaluated.toLocaleString("en")} events: ${evaluation.violationsInserted} violations added, ${evaluation.violationsUpdated} updated, ${evaluation.violationsDeleted} open ones withdrawn.`,
      );
      if (evaluation.failures.length > 0) console.error(`Rule evaluation failed for ${evaluation.failures.length} customers: ${JSON.stringify(evaluation.failures).slice(0, 500)}`);
    }
  } finally {
    await closeRulesPool();
    await database.close();
  }
}

/** `oversight rule-pack <subcommand> …` */
export async function rulePackCommand(args: string[]): Promise<void> {
  const [subcommand, ...rest] = args;
  if (subcommand === "assign") return assign(rest);
  throw new CliUsageError(`Unknown rule-pack command '${subcommand ?? ""}'.\n\n${rulePackUsage}`);
}
