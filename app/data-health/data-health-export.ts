// The Data health items as the grid kit's export table (CSV and Excel through app/grid/export-table.server.ts), with
// headers, kinds and figure names in the reader's language. Pure.
import { textCell, numberCell, type ExportTable } from "~/grid/export-table";
import type { Locale } from "~/i18n/locales";
import { getMessages, translate, translateDynamic } from "~/i18n/translate";
import type { DataHealthRecord } from "./data-health-records";

export function dataHealthExportTable(records: DataHealthRecord[], locale: Locale): ExportTable<DataHealthRecord> {
  const t = (key: Parameters<typeof translate>[1]) => translate(locale, key);
  const dynamic = (key: string, fallback: string) => translateDynamic(getMessages(locale), key, fallback);
  const figures = (record: DataHealthRecord) =>
    Object.entries(record.figures)
      .map(([name, value]) => `${dynamic(`dataHealth.figure.${name}`, name)}: ${name === "metric" && value !== null ? dynamic(`dataHealth.metric.${value}`, String(value)) : (value ?? "")}`)
      .join("; ");
  return {
    rows: records,
    columns: [
      { header: t("dataHealth.month"), cell: (record) => textCell(record.month) },
      { header: t("dataHealth.agency"), cell: (record) => textCell(record.agencyCode) },
      { header: t("dataHealth.kind"), cell: (record) => textCell(dynamic(`dataHealth.kind.${record.kind}`, record.kind)) },
      { header: t("dataHealth.period"), cell: (record) => textCell(record.from === record.to ? record.from : `${record.from} – ${record.to}`) },
      { header: t("dataHealth.agent"), cell: (record) => textCell(record.agentExternalId) },
      { header: t("dataHealth.figures"), cell: (record) => textCell(figures(record)) },
      { header: t("dataHealth.accounts"), cell: (record) => textCell(record.accounts.join(", ") || null) },
      { header: t("dataHealth.finding"), cell: (record) => numberCell(record.findingId, "index") },
    ],
  };
}
