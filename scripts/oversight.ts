import { parseArgs } from "node:util";
import { agencyInputSchema } from "../app/agencies/agency-input";
import { upsertAgency } from "../app/agencies/agencies.server";
import { translate } from "../app/i18n/translate";
import { describeIssue } from "../app/i18n/validation";
import { prepareDatabase } from "../server/prepare-database";
import { agencyRegisterCommand, agencyRegisterUsage } from "./cli/agency-register";
import { placementTermCommand, recallsCommand, recallsUsage } from "./cli/recalls";
import { backupCommand, backupUsage } from "./cli/backup";
import { complaintsCommand, complaintsUsage } from "./cli/complaints";
import { dataHealthCommand, dataHealthUsage } from "./cli/data-health";
import { CliUsageError } from "./cli/errors";
import { findingsCommand, findingsUsage } from "./cli/findings";
import { importCommand, ImportUsageError } from "./cli/import";
import { metricsCommand, metricsUsage } from "./cli/metrics";
import { reconcileCommand, reconcileUsage } from "./cli/reconcile";
import { reportCommand, reportUsage } from "./cli/report";
import { holdCommand, retentionCommand, retentionUsage } from "./cli/retention";
import { rulePackCommand, rulePackUsage } from "./cli/rule-pack";
import { statementCommand, statementUsage } from "./cli/statement";
import { invoicesCommand, invoicesUsage } from "./cli/invoices";
import { userCommand, userUsage } from "./cli/user";
import { violationsCommand, violationsUsage } from "./cli/violations";

// `npm run oversight -- <command> …`: the command line for scheduled jobs and administrators.
// Each command validates its flags with the same schema as the UI and exits non-zero on any failure.

const usage = `Usage: npm run oversight -- <command> [options]

Commands:
${reportUsage}${statementUsage}${invoicesUsage}${rulePackUsage}${violationsUsage}${complaintsUsage}${dataHealthUsage}${findingsUsage}${metricsUsage}${backupUsage}${reconcileUsage}  import --kind activities|agents|acknowledgments|placements|complaints|payments [--agency CODE] [--mapping NAME | --layout cfpb] [--strict] FILE
      Import a file (activities need --agency) in a worker process of its own (heap WORKER_HEAP_MB). Prints progress
      and a summary; returns when the batch and the rule evaluation and roll-ups for its accounts are committed, or
      the batch failed (a file that kills its worker twice fails with the reason). Exit code 0 when committed.
      --layout cfpb (complaints): the CFPB's public complaint data as published (CSV or JSON, either header form);
      prints accepted, skipped (not debt collection), not one of your agencies and rejected.
  agency upsert --code CODE --name NAME --timezone IANA --commission RATE [--remittance-days N] [--contract-start YYYY-MM-DD] [--contract-end YYYY-MM-DD] [--inactive] [--alias "NAME" …]
      Create an agency, or update the one with that code. The rate is a flat fee schedule: a new agency's from the
      start, a changed rate from today on (tiered schedules: Settings → Fee schedules). --alias (repeatable) sets the names the regulator's public
      complaint data may use for it (the list replaces the saved one; without --alias the saved aliases stay).
${agencyRegisterUsage}${recallsUsage}${userUsage}${retentionUsage}`;

class UsageError extends Error {}

function translateIssue(issue: Parameters<typeof describeIssue>[0]): string {
  const message = describeIssue(issue);
  return translate("en", message.key, message.params);
}

async function agencyUpsert(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      code: { type: "string" },
      name: { type: "string" },
      timezone: { type: "string" },
      commission: { type: "string" },
      "remittance-days": { type: "string" },
      "contract-start": { type: "string" },
      "contract-end": { type: "string" },
      inactive: { type: "boolean", default: false },
      alias: { type: "string", multiple: true },
    },
    strict: true,
  });
  const parsed = agencyInputSchema.safeParse({
    code: values.code ?? "",
    name: values.name ?? "",
    timeZone: values.timezone ?? "",
    commissionRate: values.commission ?? "",
    remittanceDays: values["remittance-days"],
    contractStart: values["contract-start"],
    contractEnd: values["contract-end"],
    active: !values.inactive,
    aliases: values.alias,
  });
  if (!parsed.success) {
    const flagFor: Record<string, string> = { timeZone: "--timezone", commissionRate: "--commission", remittanceDays: "--remittance-days", contractStart: "--contract-start", contractEnd: "--contract-end" };
    throw new UsageError(parsed.error.issues.map((issue) => `${flagFor[String(issue.path[0])] ?? `--${String(issue.path[0])}`}: ${translateIssue(issue)}`).join("\n"));
  }
  const database = await prepareDatabase();
  try {
    const result = await upsertAgency(parsed.data);
    console.log(`${result.created ? "Created" : "Updated"} agency ${parsed.data.code} (id ${result.id}).`);
  } finally {
    await database.close();
  }
}

async function main(argv: string[]): Promise<number | void> {
  const [command, subcommand, ...rest] = argv;
  if (command === "agency" && subcommand === "upsert") return agencyUpsert(rest);
  if (command === "agency" && subcommand === "placement-term") return placementTermCommand(rest);
  if (command === "recalls") return recallsCommand(argv.slice(1));
  if (command === "agency" && (await agencyRegisterCommand(argv.slice(1)))) return;
  if (command === "import") return importCommand(argv.slice(1));
  if (command === "report") return reportCommand(argv.slice(1));
  if (command === "statement") return statementCommand(argv.slice(1));
  if (command === "invoices") return invoicesCommand(argv.slice(1));
  if (command === "rule-pack") return rulePackCommand(argv.slice(1));
  if (command === "violations") return violationsCommand(argv.slice(1));
  if (command === "metrics") return metricsCommand(argv.slice(1));
  if (command === "reconcile") return reconcileCommand(argv.slice(1));
  if (command === "findings") return findingsCommand(argv.slice(1));
  if (command === "complaints") return complaintsCommand(argv.slice(1));
  if (command === "data-health") return dataHealthCommand(argv.slice(1));
  if (command === "user") return userCommand(argv.slice(1));
  if (command === "retention") return retentionCommand(argv.slice(1));
  if (command === "hold") return holdCommand(argv.slice(1));
  if (command === "backup" || command === "restore") return backupCommand(command, argv.slice(1));
  if (command === undefined || command === "help" || command === "--help") {
    console.log(usage);
    return;
  }
  throw new UsageError(`Unknown command '${[command, subcommand].filter(Boolean).join(" ")}'.\n\n${usage}`);
}

main(process.argv.slice(2)).then(
  (exitCode) => process.exit(exitCode ?? 0),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof ImportUsageError || error instanceof CliUsageError || (error instanceof Error && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"))) {
      console.error(error.message);
      process.exit(2);
    }
    console.error(error);
    process.exit(1);
  },
);
