// Data-health items as flat records for files (the CLI and the page's CSV/Excel export): one per item, figures
// kept as a JSON object in JSON Lines and as "name=value" pairs in CSV. Pure.
import { toCsvLine } from "~/csv/write-csv";
import type { DataHealthReport } from "./data-health.server";

export type DataHealthRecord = {
  month: string;
  agencyCode: string;
  kind: string;
  agentExternalId: string | null;
  from: string;
  to: string;
  figures: Record<string, string | number | null>;
  accounts: string[];
  findingId: number | null;
  key: string;
};

export function dataHealthRecords(report: DataHealthReport): DataHealthRecord[] {
  return report.agencies.flatMap((agency) =>
    agency.items.map((item) => ({
      month: report.month,
      agencyCode: agency.code,
      kind: item.kind,
      agentExternalId: item.agentExternalId,
      from: item.from,
      to: item.to,
      figures: item.figures,
      accounts: item.samples,
      findingId: item.findingId,
      key: item.key,
    })),
  );
}

export const dataHealthCsvColumns = ["month", "agency_code", "kind", "agent", "from", "to", "figures", "accounts", "finding_id", "key"] as const;

export function figuresText(figures: Record<string, string | number | null>): string {
  return Object.entries(figures)
    .map(([name, value]) => `${name}=${value ?? ""}`)
    .join("; ");
}

export function dataHealthCsvLine(record: DataHealthRecord): string {
  return toCsvLine([record.month, record.agencyCode, record.kind, record.agentExternalId, record.from, record.to, figuresText(record.figures), record.accounts.join(";"), record.findingId, record.key]);
}
