// 3. Agent KPIs: one row per agent. Placements belong to agencies, so the agency-only metrics read "—", not 0.
import { agencyOnlyMetrics } from "~/metrics/definitions";
import { metricValue } from "./formats";
import { metricColumns, rateFormatting } from "./kpi-columns";
import type { SheetContext } from "./sheet-context";
import type { Column } from "./sheet-writer";

export function writeAgentKpisSheet(ctx: SheetContext): void {
  const { t, metrics } = ctx;
  const definitions = metrics.definitions;
  const columns: Column[] = [
    { header: t("reports.col.agency"), width: 12 },
    { header: t("reports.col.agent"), width: 14 },
    { header: t("reports.col.agentName"), width: 18 },
    { header: t("reports.col.outlier"), width: 9 },
    { header: t("reports.col.zScore"), width: 9, numFmt: "0.00" },
    ...metricColumns(definitions),
  ];
  const sheet = ctx.addSheet(t("reports.sheet.agentKpis"), { frozenRows: 1, frozenColumns: 2, columns });
  sheet.header(columns.map((column) => column.header));
  for (const agent of metrics.agents) {
    sheet.row([
      agent.agencyCode,
      agent.externalId,
      agent.agentName,
      agent.violationOutlier ? t("common.yes") : t("common.no"),
      agent.violationZScore,
      ...definitions.map((definition) => (agencyOnlyMetrics.has(definition.key) ? t("common.none") : metricValue(agent.metrics, definition.key))),
    ]);
  }
  sheet.autoFilter(columns.length);
  rateFormatting(sheet, definitions, 6, sheet.rows);
  sheet.commit();
}
