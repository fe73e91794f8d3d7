// 2. Agency KPIs: one row per agency scorecard, grade and recovery index first, then every metric.
import { metricValue, numberFormats } from "./formats";
import { metricColumns, rateFormatting } from "./kpi-columns";
import type { SheetContext } from "./sheet-context";
import type { Column } from "./sheet-writer";

export function writeAgencyKpisSheet(ctx: SheetContext): void {
  const { t, metrics } = ctx;
  const definitions = metrics.definitions;
  const columns: Column[] = [
    { header: t("reports.col.agency"), width: 12 },
    { header: t("reports.col.agencyName"), width: 28 },
    { header: t("reports.col.commissionRate"), width: 12, numFmt: numberFormats.percent },
    { header: t("reports.summary.grade"), width: 8 },
    { header: t("reports.col.gradeScore"), width: 10, numFmt: "0" },
    { header: t("reports.col.recoveryIndex"), width: 12, numFmt: numberFormats.index },
    { header: t("reports.col.recoveryIndexLow"), width: 12, numFmt: numberFormats.index },
    { header: t("reports.col.recoveryIndexHigh"), width: 12, numFmt: numberFormats.index },
    ...metricColumns(definitions),
    // Beside the reported money, what the lender's ledger says (only when it covers the period: ADR 044).
    ...(metrics.reconciled
      ? [
          { header: t("reports.col.reconciledCollected"), width: 16, numFmt: numberFormats.money },
          { header: t("reports.col.reconciledNetBack"), width: 16, numFmt: numberFormats.money },
        ]
      : []),
  ];
  const sheet = ctx.addSheet(t("reports.sheet.agencyKpis"), { frozenRows: 1, frozenColumns: 1, columns });
  sheet.header(columns.map((column) => column.header));
  for (const card of metrics.scorecards) {
    sheet.row([
      card.agencyCode,
      card.agencyName,
      card.commissionRate,
      card.grade,
      card.gradeScores.total,
      card.recoveryIndex?.value ?? null,
      card.recoveryIndex?.low ?? null,
      card.recoveryIndex?.high ?? null,
      ...definitions.map((definition) => metricValue(card.metrics, definition.key)),
      ...(metrics.reconciled ? reconciledCells(metrics.reconciled[card.agencyId]) : []),
    ]);
  }
  sheet.autoFilter(columns.length);
  rateFormatting(sheet, definitions, 9, sheet.rows);
  sheet.commit();
}

function reconciledCells(money: { collected: number; commission: number } | undefined): number[] {
  const collected = money?.collected ?? 0;
  return [collected, Math.round((collected - (money?.commission ?? 0)) * 100) / 100];
}
