import { once } from "node:events";
import { logAccess } from "../../app/audit/log-access.server";
import { complaintFiltersSchema } from "../../app/complaints/complaint-grid-query";
import { complaintCsvColumns, complaintCsvLine, listComplaintRecords } from "../../app/complaints/complaint-records.server";
import { CSV_BYTE_ORDER_MARK, toCsvLine } from "../../app/csv/write-csv";
import { getPrisma } from "../../app/db/client.server";
import { closePool } from "../../app/db/pg.server";
import { getSetting } from "../../app/settings/settings.server";
import { prepareDatabase } from "../../server/prepare-database";
import { CliUsageError, parseFlags } from "./errors";

export const complaintsUsage = `  complaints [--agency CODE] [--source SOURCE] [--from YYYY-MM-DD --to YYYY-MM-DD] --format json|csv
      One record per complaint (received on the lender's reporting days given): its agency code, source, category, the
      rule codes the category maps to (Settings → Complaints), its corroboration against the agency's log, status and
      outcome. json: JSON Lines; csv: UTF-8 with a byte-order mark, rule codes ";"-joined.
`;

async function write(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, "drain");
}

/** `oversight complaints …`: the records, to stdout (full personal data: the CLI runs with an administrator's rights). */
export async function complaintsCommand(args: string[]): Promise<void> {
  const values = parseFlags(args, { agency: { type: "string" }, source: { type: "string" }, from: { type: "string" }, to: { type: "string" }, format: { type: "string" } }, complaintsUsage);
  const format = values.format;
  if (format !== "json" && format !== "csv") throw new CliUsageError(`--format must be json or csv.\n\n${complaintsUsage}`);
  const filters = complaintFiltersSchema.safeParse({ agency: values.agency, source: typeof values.source === "string" ? values.source.toUpperCase() : undefined, from: values.from, to: values.to });
  if (!filters.success) {
    const flags = filters.error.issues.map((issue) => `--${String(issue.path[0])}`).join(", ");
    throw new CliUsageError(`Invalid ${flags}: sources are DEBTOR, FAMILY, THIRD_PARTY, NON_BORROWER, REGULATOR, MEDIA; dates YYYY-MM-DD.\n\n${complaintsUsage}`);
  }
  if (filters.data.from && filters.data.to && filters.data.to < filters.data.from) throw new CliUsageError("--to is before --from.");
  const database = await prepareDatabase();
  try {
    if (filters.data.agency && !(await getPrisma().agency.findUnique({ where: { code: filters.data.agency.toUpperCase() }, select: { id: true } }))) {
      throw new CliUsageError(`No agency with code "${filters.data.agency}".`);
    }
    const records = await listComplaintRecords({ filters: filters.data, timeZone: await getSetting("lender.timeZone"), view: "unmasked" });
    if (format === "csv") await write(`${CSV_BYTE_ORDER_MARK}${toCsvLine(complaintCsvColumns)}`);
    for (const record of records) await write(format === "csv" ? complaintCsvLine(record) : `${JSON.stringify(record)}\n`);
    await logAccess({ userId: null, action: "EXPORT", resourceType: "Complaint", detail: { via: "CLI", ...filters.data, format, count: records.length } });
  } finally {
    await closePool();
    await database.close();
  }
}
