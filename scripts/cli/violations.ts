import { once } from "node:events";
import { logAccess } from "../../app/audit/log-access.server";
import { getPrisma } from "../../app/db/client.server";
import { closePool } from "../../app/db/pg.server";
import { streamViolationsForExport, type ViolationRecord } from "../../app/violations/violation-records.server";
import { CSV_BYTE_ORDER_MARK, toCsvLine } from "../../app/csv/write-csv";
import { prepareDatabase } from "../../server/prepare-database";
import { CliUsageError, parseFlags } from "./errors";

export const violationsUsage = `  violations --from YYYY-MM-DD --to YYYY-MM-DD [--agency CODE] --format json|csv
      Export the violations whose triggering event occurred between the two UTC dates (both included).
      json: JSON Lines, one violation object per line (streams; read with any JSON Lines reader).
      csv: a header and one row per violation, UTF-8 with a byte-order mark (so Excel reads Chinese text);
      evidence event ids and their agencies are ";"-joined, the explanation parameters are a JSON cell.
`;

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDay(value: string | boolean | undefined, flag: string): Date {
  if (typeof value !== "string" || !isoDate.test(value)) throw new CliUsageError(`${flag} must be a date YYYY-MM-DD.\n\n${violationsUsage}`);
  const date = new Date(`${value}T00:00:00.000Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) throw new CliUsageError(`${flag}: ${value} is not a calendar date.`);
  return date;
}

export const csvColumns = [
  "id",
  "rule_code",
  "severity",
  "status",
  "agency_code",
  "agent_external_id",
  "account_number",
  "trigger_event_id",
  "evidence_event_ids",
  "evidence_agency_codes",
  "occurred_at",
  "rule_pack",
  "explanation_key",
  "explanation_params",
  "review_note",
  "reviewed_at",
] as const;

function csvRow(record: ViolationRecord): string {
  const cells: Record<(typeof csvColumns)[number], string | number | null> = {
    id: record.id,
    rule_code: record.ruleCode,
    severity: record.severity,
    status: record.status,
    agency_code: record.agencyCode,
    agent_external_id: record.agentExternalId,
    account_number: record.accountNumber,
    trigger_event_id: record.triggerEventId,
    evidence_event_ids: record.evidenceEventIds.join(";"),
    evidence_agency_codes: record.evidenceAgencyCodes.join(";"),
    occurred_at: record.occurredAt,
    rule_pack: `${record.rulePackCode} v${record.rulePackVersion}`,
    explanation_key: record.explanation.key,
    explanation_params: JSON.stringify(record.explanation.params),
    review_note: record.reviewNote,
    reviewed_at: record.reviewedAt,
  };
  return toCsvLine(csvColumns.map((column) => cells[column]));
}

async function write(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, "drain");
}

/** `oversight violations --from … --to … [--agency CODE] --format json|csv`: the export, to stdout. */
export async function violationsCommand(args: string[]): Promise<void> {
  const values = parseFlags(args, { from: { type: "string" }, to: { type: "string" }, agency: { type: "string" }, format: { type: "string" } }, violationsUsage);
  const from = parseDay(values.from, "--from");
  const toDay = parseDay(values.to, "--to");
  if (toDay < from) throw new CliUsageError("--to is before --from.");
  const to = new Date(toDay.getTime() + 86_400_000 - 1);
  const format = values.format;
  if (format !== "json" && format !== "csv") throw new CliUsageError(`--format must be json or csv.\n\n${violationsUsage}`);

  const database = await prepareDatabase();
  try {
    let agencyId: number | undefined;
    if (values.agency !== undefined) {
      const agency = await getPrisma().agency.findUnique({ where: { code: values.agency }, select: { id: true } });
      if (!agency) throw new CliUsageError(`No agency with code "${values.agency}".`);
      agencyId = agency.id;
    }
    if (format === "csv") await write(`${CSV_BYTE_ORDER_MARK}${toCsvLine(csvColumns)}`);
    let count = 0;
    for await (const record of streamViolationsForExport({ from, to, agencyId })) {
      await write(format === "csv" ? csvRow(record) : `${JSON.stringify(record)}\n`);
      count += 1;
    }
    await logAccess({
      userId: null,
      action: "EXPORT",
      resourceType: "Violation",
      detail: { via: "CLI", from: values.from ?? null, to: values.to ?? null, agency: values.agency ?? null, format, count },
    });
  } finally {
    await closePool();
    await database.close();
  }
}
