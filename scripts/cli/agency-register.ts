import { once } from "node:events";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { runExpiryReminders } from "../../app/agency-register/expiry-reminders.server";
import { RegisterError } from "../../app/agency-register/register-input";
import { listRegisterDocuments } from "../../app/agency-register/register-lists.server";
import { agencyStatuses, documentTypes } from "../../app/agency-register/register-rules";
import { addAgencyDocument, findAgencyByCode, setAgencyStatus, type RegisterActor } from "../../app/agency-register/register.server";
import { CSV_BYTE_ORDER_MARK, toCsvLine } from "../../app/csv/write-csv";
import { closePool } from "../../app/db/pg.server";
import { prepareDatabase } from "../../server/prepare-database";
import { CliUsageError, parseFlags } from "./errors";

export const agencyRegisterUsage = `  agency document add --agency CODE --type TYPE [--valid-from YYYY-MM-DD] [--expires YYYY-MM-DD] [--note TEXT] FILE
      Upload a document to the agency's register as the new version of its type (PDF, images, Office files up to
      10 MB). TYPE: ${documentTypes.join(", ")}.
  agency documents [--agency CODE] [--expiring-within DAYS] --format json|csv
      The current version of every register document, soonest expiry first (json: JSON Lines; csv: UTF-8 with a BOM).
  agency status --agency CODE --set ${agencyStatuses.join("|")} --reason TEXT
      Set the agency's register status (SUSPENDED and TERMINATED refuse its placements), recorded with the reason.
  agency run-reminders [--now ISO-INSTANT]
      Send the expiry reminders due today (what the daily agency-register-schedule job does); each is sent once.
`;

/** The command line acts as an administrator without a user account. */
const commandLineActor: RegisterActor = { userId: null, role: "ADMIN", agencyId: null };

/** A domain refusal on the command line: bad input exits 2 like a bad flag, with the domain's message. */
function asUsage(error: unknown): never {
  if (error instanceof RegisterError && error.code !== "NOT_FOUND") throw new CliUsageError(`${error.field && !error.message.startsWith(error.field) ? `${error.field}: ` : ""}${error.message}`);
  if (error instanceof RegisterError) throw new CliUsageError(error.message);
  throw error;
}

async function write(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, "drain");
}

async function addDocument(args: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { agency: { type: "string" }, type: { type: "string" }, "valid-from": { type: "string" }, expires: { type: "string" }, note: { type: "string" } }, strict: true, allowPositionals: true });
  } catch (error) {
    throw new CliUsageError(`${error instanceof Error ? error.message : String(error)}\n\n${agencyRegisterUsage}`);
  }
  const { values, positionals } = parsed;
  if (!values.agency || !values.type || positionals.length !== 1) throw new CliUsageError(`agency document add needs --agency, --type and one FILE.\n\n${agencyRegisterUsage}`);
  const file = positionals[0]!;
  const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    throw new CliUsageError(`Cannot read ${file}: ${error.code ?? error.message}`);
  });
  const agency = await findAgencyByCode(values.agency).catch(asUsage);
  const document = await addAgencyDocument(
    { agencyId: agency.id, fileName: path.basename(file), bytes: new Uint8Array(bytes), type: values.type.toUpperCase(), validFrom: values["valid-from"] ?? "", expiresOn: values.expires ?? "", note: values.note ?? "" },
    commandLineActor,
    new Date(),
  ).catch(asUsage);
  console.log(`Stored ${document.fileName} as ${agency.code} ${document.type} v${document.version} (sha256 ${document.sha256}).`);
}

const csvColumns = ["agency", "type", "version", "file_name", "sha256", "valid_from", "expires_on", "days_left"] as const;

async function listDocuments(args: string[]): Promise<void> {
  const values = parseFlags(args, { agency: { type: "string" }, "expiring-within": { type: "string" }, format: { type: "string" } }, agencyRegisterUsage);
  if (values.format !== "json" && values.format !== "csv") throw new CliUsageError(`--format must be json or csv.\n\n${agencyRegisterUsage}`);
  const within = values["expiring-within"];
  if (within !== undefined && !/^\d{1,4}$/.test(within)) throw new CliUsageError(`--expiring-within must be a number of days, not "${within}".`);
  const agencyId = values.agency === undefined ? undefined : (await findAgencyByCode(values.agency).catch(asUsage)).id;
  const rows = await listRegisterDocuments(new Date(), { agencyId, expiringWithinDays: within === undefined ? undefined : Number(within) });
  if (values.format === "csv") {
    await write(`${CSV_BYTE_ORDER_MARK}${toCsvLine(csvColumns)}`);
    for (const row of rows) await write(toCsvLine([row.agency, row.type, row.version, row.fileName, row.sha256, row.validFrom, row.expiresOn, row.daysLeft]));
  } else {
    for (const row of rows) await write(`${JSON.stringify(row)}\n`);
  }
}

async function setStatus(args: string[]): Promise<void> {
  const values = parseFlags(args, { agency: { type: "string" }, set: { type: "string" }, reason: { type: "string" } }, agencyRegisterUsage);
  if (!values.agency || !values.set || values.reason === undefined) throw new CliUsageError(`agency status needs --agency, --set and --reason.\n\n${agencyRegisterUsage}`);
  const agency = await findAgencyByCode(values.agency).catch(asUsage);
  const change = await setAgencyStatus(agency.id, { status: values.set.toUpperCase(), reason: values.reason }, commandLineActor, new Date()).catch(asUsage);
  console.log(`${agency.code}: ${change.fromStatus ?? "—"} → ${change.toStatus} (${change.reason}).`);
}

async function runReminders(args: string[]): Promise<void> {
  const values = parseFlags(args, { now: { type: "string" } }, agencyRegisterUsage);
  const now = values.now === undefined ? new Date() : new Date(values.now);
  if (Number.isNaN(now.getTime())) throw new CliUsageError(`--now must be an ISO instant such as 2026-04-01T02:00:00Z, not "${values.now}".`);
  const result = await runExpiryReminders(now);
  console.log(`Expiry reminders for ${result.today}: ${result.sent.length} sent.`);
  for (const reminder of result.sent) console.log(`  ${reminder.agencyCode} ${reminder.item}: expires ${reminder.expiresOn} (${reminder.stage === 0 ? "today" : `${reminder.stage}-day reminder`})`);
}

const subcommands: Record<string, (args: string[]) => Promise<void>> = {
  documents: listDocuments,
  status: setStatus,
  "run-reminders": runReminders,
};

/** `oversight agency document add|documents|status|run-reminders …`; false when the subcommand is not the register's. */
export async function agencyRegisterCommand(args: string[]): Promise<boolean> {
  const [subcommand, ...rest] = args;
  let run: (() => Promise<void>) | undefined;
  if (subcommand === "document") {
    if (rest[0] !== "add") throw new CliUsageError(`Unknown command "agency document ${rest[0] ?? ""}".\n\n${agencyRegisterUsage}`);
    run = () => addDocument(rest.slice(1));
  } else if (subcommand !== undefined && subcommands[subcommand]) {
    const handler = subcommands[subcommand];
    run = () => handler(rest);
  }
  if (!run) return false;
  const database = await prepareDatabase();
  try {
    await run();
  } finally {
    await closePool();
    await database.close();
  }
  return true;
}
