// The approved-agency list as a file (CSV and Excel) in the reader's language, through the agencies grid's writers.
import type { SessionUser } from "~/auth/session.server";
import { scopeAgency } from "~/auth/guards.server";
import type { ExportTable } from "~/grid/export-table";
import type { Locale } from "~/i18n/locales";
import type { MessageKey } from "~/i18n/messages.en";
import { translate } from "~/i18n/translate";
import { listApprovedAgencies, type ApprovedAgencyRow } from "./register-lists.server";
import { registerToday } from "./register.server";

export async function prepareApprovedExport(user: SessionUser, locale: Locale, now: Date): Promise<{ table: ExportTable<ApprovedAgencyRow>; sheetName: string; fileBase: string }> {
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params);
  const [rows, today] = await Promise.all([listApprovedAgencies(now, { agencyId: scopeAgency(user) }), registerToday(now)]);
  const text = (value: string | null) => ({ kind: "text" as const, value });
  const table: ExportTable<ApprovedAgencyRow> = {
    rows,
    columns: [
      { header: t("agencies.code"), cell: (row) => text(row.code) },
      { header: t("common.name"), cell: (row) => text(row.name) },
      { header: t("register.status"), cell: (row) => text(t(`register.status.${row.status}`)) },
      { header: t("approved.licences"), cell: (row) => text(row.licences.map((licence) => `${licence.number} (${licence.validTo ?? t("approved.noExpiry")})`).join("; ")) },
      { header: t("register.actionRequired"), cell: (row) => text(row.actionRequired.map((type) => t(`register.documentType.${type}` as MessageKey)).join("; ")) },
      { header: t("approved.lastEvaluation"), cell: (row) => text(row.lastEvaluatedOn ?? "—") },
      { header: t("approved.rating"), cell: (row) => text(row.rating ?? "—") },
    ],
  };
  return { table, sheetName: t("approved.sheet"), fileBase: `${t("approved.title")} ${today}` };
}
