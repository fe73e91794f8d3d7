import { once } from "node:events";
import { currentTime } from "../../app/clock/clock.server";
import { getPrisma } from "../../app/db/client.server";
import { CSV_BYTE_ORDER_MARK, toCsvLine } from "../../app/csv/write-csv";
import { isCalendarDay } from "../../app/findings/finding-dates";
import { lastClosedMonth, runFindingPolicy } from "../../app/findings/finding-policy-runner.server";
import { listFindings } from "../../app/findings/finding-queries.server";
import { runFindingsSchedule } from "../../app/findings/finding-schedule.server";
import { findingStatuses } from "../../app/findings/finding-state";
import { commandLineActor, issueFinding, raiseFindingByRules } from "../../app/findings/findings.server";
import { FindingError, type FindingListRow } from "../../app/findings/finding-types";
import type { FindingStatus } from "../../app/generated/prisma/enums";
import { closePool } from "../../app/db/pg.server";
import { prepareDatabase } from "../../server/prepare-database";
import { CliUsageError, parseFlags } from "./errors";

export const findingsUsage = `  findings raise --agency CODE --rule CODE [--rule CODE …] --from YYYY-MM-DD --to YYYY-MM-DD [--agent ID] [--title T] [--due YYYY-MM-DD]
      Raise a finding against the agency (optionally one agent, by the agency's own collector id) for the rules'
      violations in the period (the lender's reporting days, both included). Prints the finding's id and the number
      of violations it covers. Without --due it stays a DRAFT; with --due it is issued at once, the agency's response
      due that day.
  findings [--agency CODE] [--status S] --format json|csv
      List findings, newest first: one record per finding (id, agency, rule codes, status, violationCount, dates).
      json: JSON Lines; csv: UTF-8 with a byte-order mark. --status: ${findingStatuses.join(", ")} (repeatable).
  findings run-schedule [--now ISO-INSTANT]
      Run the findings clock once (what the daily findings-schedule job does): escalate overdue answers and actions,
      start and judge verifications, record due-soon reminders. Without --now: the time, or OVERSIGHT_CLOCK_FILE's.
  findings run-policy [--month YYYY-MM] [--now ISO-INSTANT]
      Raise the automatic policy's DRAFT findings for a closed month (default: the last closed month). Idempotent.
`;

async function write(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, "drain");
}

function day(value: string | undefined, flag: string, required: boolean): string | undefined {
  if (value === undefined) {
    if (required) throw new CliUsageError(`${flag} is required.\n\n${findingsUsage}`);
    return undefined;
  }
  if (!isCalendarDay(value)) throw new CliUsageError(`${flag} must be a calendar date YYYY-MM-DD, not "${value}".`);
  return value;
}

function instant(value: string | undefined): Date {
  if (value === undefined) return currentTime();
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) throw new CliUsageError(`--now must be an ISO instant such as 2026-04-01T02:00:00Z, not "${value}".`);
  return parsed;
}

/** A domain refusal on the command line: bad input exits 2 like a bad flag, with the domain's message. */
function asUsage(error: unknown): never {
  if (error instanceof FindingError && (error.code === "INVALID" || error.code === "NOT_FOUND")) throw new CliUsageError(`${error.field ? `${error.field}: ` : ""}${error.message}`);
  throw error;
}

async function agencyIdOf(code: string): Promise<number> {
  const agency = await getPrisma().agency.findUnique({ where: { code }, select: { id: true } });
  if (!agency) throw new CliUsageError(`No agency with code "${code}".`);
  return agency.id;
}

async function raise(args: string[]): Promise<void> {
  const values = parseFlags(
    args,
    { agency: { type: "string" }, rule: { type: "string", multiple: true }, from: { type: "string" }, to: { type: "string" }, agent: { type: "string" }, title: { type: "string" }, due: { type: "string" } },
    findingsUsage,
  );
  if (!values.agency) throw new CliUsageError(`--agency is required.\n\n${findingsUsage}`);
  const rules = values.rule ?? [];
  if (rules.length === 0) throw new CliUsageError(`--rule is required.\n\n${findingsUsage}`);
  const from = day(values.from, "--from", true)!;
  const to = day(values.to, "--to", true)!;
  if (to < from) throw new CliUsageError("--to is before --from.");
  const due = day(values.due, "--due", false);
  const now = currentTime();
  const agencyId = await agencyIdOf(values.agency);
  let agentId: number | null = null;
  if (values.agent !== undefined) {
    const agent = await getPrisma().agent.findUnique({ where: { agencyId_externalId: { agencyId, externalId: values.agent } }, select: { id: true } });
    if (!agent) throw new CliUsageError(`No agent "${values.agent}" at agency ${values.agency}.`);
    agentId = agent.id;
  }
  const raised = await raiseFindingByRules({ agencyId, agentId, ruleCodes: rules, from, to, title: values.title }, commandLineActor, now).catch(asUsage);
  let status = raised.status;
  if (due !== undefined) status = (await issueFinding({ findingId: raised.findingId, responseDueOn: due }, commandLineActor, now).catch(asUsage)).to;
  console.log(`Finding ${raised.findingId} (${status}) covers ${raised.violationCount} violation${raised.violationCount === 1 ? "" : "s"}${raised.complaintCount > 0 ? ` and ${raised.complaintCount} complaints` : ""}${raised.repeatOfId !== null ? `; repeats finding ${raised.repeatOfId}` : ""}${due !== undefined ? `; response due ${due}` : ""}.`);
}

export const findingCsvColumns = ["id", "agency", "agent", "title", "rule_codes", "severity", "status", "violation_count", "complaint_count", "period_from", "period_to", "response_due_on", "overdue", "repeat_of", "created_at", "issued_at", "closed_at"] as const;

function record(row: FindingListRow) {
  return {
    id: row.id,
    agency: row.agencyCode,
    agent: row.agentExternalId,
    title: row.title,
    ruleCodes: row.ruleCodes,
    severity: row.severity,
    status: row.status,
    violationCount: row.violationCount,
    complaintCount: row.complaintCount,
    periodFrom: row.periodFrom,
    periodTo: row.periodTo,
    responseDueOn: row.responseDueOn,
    overdue: row.overdue,
    repeatOf: row.repeatOfId,
    createdAt: row.createdAt,
    issuedAt: row.issuedAt,
    closedAt: row.closedAt,
  };
}

async function list(args: string[]): Promise<void> {
  const values = parseFlags(args, { agency: { type: "string" }, status: { type: "string", multiple: true }, format: { type: "string" } }, findingsUsage);
  if (values.format !== "json" && values.format !== "csv") throw new CliUsageError(`--format must be json or csv.\n\n${findingsUsage}`);
  const statuses = (values.status ?? []).map((status) => status.toUpperCase());
  const unknown = statuses.filter((status) => !(findingStatuses as readonly string[]).includes(status));
  if (unknown.length > 0) throw new CliUsageError(`--status must be one of ${findingStatuses.join(", ")}, not ${unknown.join(", ")}.`);
  const agencyId = values.agency === undefined ? undefined : await agencyIdOf(values.agency);
  const { rows } = await listFindings(commandLineActor, { agencyId, statuses: statuses as FindingStatus[], now: currentTime() });
  if (values.format === "csv") {
    await write(`${CSV_BYTE_ORDER_MARK}${toCsvLine(findingCsvColumns)}`);
    for (const row of rows.map(record)) {
      await write(
        toCsvLine([row.id, row.agency, row.agent, row.title, row.ruleCodes.join(";"), row.severity, row.status, row.violationCount, row.complaintCount, row.periodFrom, row.periodTo, row.responseDueOn, row.overdue ? "true" : "false", row.repeatOf, row.createdAt, row.issuedAt, row.closedAt]),
      );
    }
  } else {
    for (const row of rows) await write(`${JSON.stringify(record(row))}\n`);
  }
}

async function runSchedule(args: string[]): Promise<void> {
  const values = parseFlags(args, { now: { type: "string" } }, findingsUsage);
  const result = await runFindingsSchedule(instant(values.now));
  console.log(
    `Findings clock for ${result.today}: ${result.escalated.length} escalated, ${result.verificationsStarted.length} verifications started, ${result.verificationsMeasured.length} measured, ${result.reminders.length} reminders.`,
  );
}

async function runPolicy(args: string[]): Promise<void> {
  const values = parseFlags(args, { month: { type: "string" }, now: { type: "string" } }, findingsUsage);
  const now = instant(values.now);
  const month = values.month ?? (await lastClosedMonth(now));
  const result = await runFindingPolicy({ month, now }).catch(asUsage);
  console.log(`Policy for ${result.month}: ${result.raised.length} draft findings raised${result.raised.length ? ` (${result.raised.map((raised) => raised.findingId).join(", ")})` : ""}, ${result.alreadyRaised} raised before.`);
}

/** `oversight findings …` */
export async function findingsCommand(args: string[]): Promise<void> {
  const [subcommand, ...rest] = args;
  const run = subcommand === "raise" ? () => raise(rest) : subcommand === "run-schedule" ? () => runSchedule(rest) : subcommand === "run-policy" ? () => runPolicy(rest) : () => list(args);
  if (subcommand !== undefined && !subcommand.startsWith("--") && !["raise", "run-schedule", "run-policy"].includes(subcommand)) {
    throw new CliUsageError(`Unknown findings command "${subcommand}".\n\n${findingsUsage}`);
  }
  const database = await prepareDatabase();
  try {
    await run();
  } finally {
    await closePool();
    await database.close();
  }
}
