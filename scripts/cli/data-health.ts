import { once } from "node:events";
import { currentTime } from "../../app/clock/clock.server";
import { CSV_BYTE_ORDER_MARK, toCsvLine } from "../../app/csv/write-csv";
import { dataHealthCsvColumns, dataHealthCsvLine, dataHealthRecords } from "../../app/data-health/data-health-records";
import { computeDataHealth, isMonth } from "../../app/data-health/data-health.server";
import { getPrisma } from "../../app/db/client.server";
import { closePool } from "../../app/db/pg.server";
import { prepareDatabase } from "../../server/prepare-database";
import { CliUsageError, parseFlags } from "./errors";

export const dataHealthUsage = `  data-health [--agency CODE] --month YYYY-MM --format json|csv
      What the agencies' data shows for the month (Data health, ADR 036): late and missing daily feeds, volume drops and
      jumps against the trailing baseline, placed accounts not worked in time, payments with no contact before them,
      agents with connected calls and no recording. One record per item with its figures and open finding.
      json: JSON Lines; csv: UTF-8 with a byte-order mark.
`;

async function write(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, "drain");
}

/** `oversight data-health …`: the month's items, to stdout ("now" from app/clock, so a clock file moves it). */
export async function dataHealthCommand(args: string[]): Promise<void> {
  const values = parseFlags(args, { agency: { type: "string" }, month: { type: "string" }, format: { type: "string" } }, dataHealthUsage);
  if (values.format !== "json" && values.format !== "csv") throw new CliUsageError(`--format must be json or csv.\n\n${dataHealthUsage}`);
  if (!values.month || !isMonth(values.month)) throw new CliUsageError(`--month must be a month YYYY-MM.\n\n${dataHealthUsage}`);
  const database = await prepareDatabase();
  try {
    let agencyIds: number[] | undefined;
    if (values.agency) {
      const agency = await getPrisma().agency.findUnique({ where: { code: values.agency.toUpperCase() }, select: { id: true } });
      if (!agency) throw new CliUsageError(`No agency with code "${values.agency}".`);
      agencyIds = [agency.id];
    }
    const report = await computeDataHealth({ month: values.month, agencyIds, now: currentTime() });
    const records = dataHealthRecords(report);
    if (values.format === "csv") await write(`${CSV_BYTE_ORDER_MARK}${toCsvLine(dataHealthCsvColumns)}`);
    for (const record of records) await write(values.format === "csv" ? dataHealthCsvLine(record) : `${JSON.stringify(record)}\n`);
  } finally {
    await closePool();
    await database.close();
  }
}
