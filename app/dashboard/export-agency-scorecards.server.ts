import type { SessionUser } from "~/auth/session.server";
import type { Locale } from "~/i18n/locales";
import type { MessageKey } from "~/i18n/messages.en";
import { translate } from "~/i18n/translate";
import { metricKeys } from "~/metrics/definitions";
import { getAgencyScorecards } from "~/metrics/get-agency-scorecards.server";
import { getScorecardWeights } from "~/metrics/scorecard-weights.server";
import { loadDashboardContext } from "./dashboard-context.server";
import { scorecardExportTable, weightsAsPercentages, type ExportTable } from "./scorecard-table";

// The agencies grid as an export table in the reader's language; the routes write it as CSV or Excel through the grid
// kit's writers (app/grid/export-table.server.ts).

export type AgencyExport = { table: ExportTable; fileBase: string; notes: string[]; sheetName: string; filters: { from: string; to: string; agencyCodes: string[] } };

/**
 * The agencies grid of a request's filters as an export table in the reader's language, or null when there is no
 * data or the filters are invalid (the route answers 400). AGENCY users get their own agency only.
 */
export async function prepareAgencyExport(user: SessionUser, searchParams: URLSearchParams, locale: Locale): Promise<AgencyExport | { error: string }> {
  const context = await loadDashboardContext(user, searchParams);
  if (context.state === "invalidFilters") return { error: context.message };
  if (context.state === "noData") return { error: "no data" };
  const { filters, currency } = context;
  const [scorecards, weights] = await Promise.all([getAgencyScorecards(filters), getScorecardWeights()]);
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params);
  const table = scorecardExportTable({ scorecards, metricKeys, label: (key) => t(key) });
  const shares = weightsAsPercentages(weights);
  return {
    table,
    sheetName: t("agencies.export.sheet"),
    fileBase: t("agencies.export.fileName", { from: filters.from, to: filters.to }),
    notes: [
      t("agencies.export.periodNote", { from: filters.from, to: filters.to, currency }),
      t("agencies.weightsLegend", { recoveryIndex: shares.recoveryIndex, violations: shares.violations, complaints: shares.complaints }),
    ],
    filters: { from: filters.from, to: filters.to, agencyCodes: scorecards.map((row) => row.agencyCode) },
  };
}

// Resource routes of other grids import the header from here too.
export { contentDisposition } from "~/grid/export-table.server";
