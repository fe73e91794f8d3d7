import type { MetricFormat } from "~/metrics/metric-types";

// A grid as a table for files (CSV and Excel, export-table.server.ts): one column list shared by both formats, numbers
// kept as numbers (the file formats them), text as text.

export type ExportNumberFormat = MetricFormat | "ratio";
export type ExportCell = { kind: "text"; value: string | null } | { kind: "number"; value: number | null; format: ExportNumberFormat };
export type ExportColumn<Row> = { header: string; cell: (row: Row) => ExportCell };
export type ExportTable<Row> = { columns: ExportColumn<Row>[]; rows: Row[] };

export const textCell = (value: string | null): ExportCell => ({ kind: "text", value });
export const numberCell = (value: number | null, format: ExportNumberFormat): ExportCell => ({ kind: "number", value, format });
