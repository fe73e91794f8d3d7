import { Form, Link } from "@remix-run/react";
import type { AgencyPlacementSummary } from "~/placements/agency-placements.server";
import { useI18n } from "~/i18n/i18n-context";
import { Button, Card, Field, inputClassName } from "./ui";

/** The agency page's placement life cycle: taken up, rejected, unanswered, due for recall, and the placement term. */
export function AgencyPlacementsCard({ agencyCode, summary, canEditTerm }: { agencyCode: string; summary: AgencyPlacementSummary; canEditTerm: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const recalls = (reason?: string) => `/recalls?${new URLSearchParams([["agency", agencyCode], ...(reason ? [["reason", reason]] : [])]).toString()}`;
  const figure = (label: string, value: number, testId: string, to?: string) => (
    <div>
      <div className="text-xs text-slate-500">{label}</div>
      <div className="text-lg font-semibold tabular-nums" data-testid={testId}>
        {to && value > 0 ? (
          <Link to={to} className="text-brand-600 hover:underline">
            {i18n.number(value)}
          </Link>
        ) : (
          i18n.number(value)
        )}
      </div>
    </div>
  );
  return (
    <Card title={t("agencyPlacements.title")}>
      <div className="flex flex-wrap items-end gap-8" data-testid="agency-placements">
        {figure(t("agencyPlacements.open"), summary.open, "agency-placements-open")}
        {figure(t("agencyPlacements.rejected"), summary.rejected, "agency-placements-rejected", recalls("REJECTED"))}
        {figure(t("agencyPlacements.unanswered"), summary.unanswered, "agency-placements-unanswered")}
        {figure(t("agencyPlacements.due"), summary.dueForRecall, "agency-placements-due", recalls())}
        <div>
          <div className="text-xs text-slate-500">{t("agencyPlacements.termDays")}</div>
          <div className="text-lg font-semibold" data-testid="agency-placement-term">
            {summary.placementTermDays === null ? t("agencyPlacements.noTerm") : t("agencyPlacements.termDaysValue", { days: i18n.number(summary.placementTermDays) })}
          </div>
        </div>
        {canEditTerm ? (
          <Form method="post" className="ml-auto flex items-end gap-2" data-testid="placement-term-form">
            <input type="hidden" name="intent" value="placementTerm" />
            <Field label={t("agencies.form.placementTermDays")} hint={t("agencies.form.placementTermDaysHint")}>
              <input name="placementTermDays" type="number" min={1} max={3650} defaultValue={summary.placementTermDays ?? ""} className={inputClassName} />
            </Field>
            <Button type="submit">{t("recalls.policy.save")}</Button>
          </Form>
        ) : null}
      </div>
    </Card>
  );
}
