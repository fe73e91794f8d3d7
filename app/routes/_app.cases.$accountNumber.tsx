import { Link, useLoaderData, useSearchParams, type MetaFunction } from "@remix-run/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { logAccess } from "~/audit/log-access.server";
import { notFound, requireAgencyAccess, requirePermission, scopeAgency } from "~/auth/guards.server";
import { can, canSeePersonalData } from "~/auth/permissions";
import { filterViolationIdsOfAccount, getCase } from "~/cases/cases.server";
import { CaseTimeline } from "~/components/case-timeline";
import { Alert, Badge, Card, PageHeader } from "~/components/ui";
import type { ReviewActionResult } from "~/components/violation-review";
import { severityTone, violationStatusTone } from "~/components/violations-grid";
import { useI18n } from "~/i18n/i18n-context";
import { refreshAfterReview } from "~/violations/refresh-after-review.server";
import { ruleName } from "~/violations/render-explanation";
import { reviewViolations, ViolationReviewError } from "~/violations/review-violations.server";
import { readFormData } from "~/http/read-body.server";
import { pageTitle } from "~/i18n/page-title";
import { usStateName } from "~/rules/us-states";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, (t) => data?.detail.accountNumber ?? t("pageTitle.case"));

const paramsSchema = z.object({ accountNumber: z.string().min(1).max(100) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "cases.view");
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw notFound();
  const view = canSeePersonalData(user.role) ? "unmasked" : "masked";
  const lookup = await getCase({ accountNumber: parsed.data.accountNumber, agencyId: scopeAgency(user), view });
  if (!lookup.found) throw notFound();
  requireAgencyAccess(user, lookup.owningAgencyIds);
  if (view === "unmasked") {
    await logAccess({ userId: user.id, action: "CASE_VIEW_UNMASKED", resourceType: "account", resourceId: parsed.data.accountNumber, request });
  }
  return { detail: lookup.detail, view, canReview: can(user.role, "violations.review") };
}

const reviewSchema = z.object({
  ids: z.array(z.string().regex(/^\d{1,19}$/)).length(1),
  decision: z.enum(["CONFIRMED", "DISMISSED"]),
  note: z.string().trim().min(1).max(2000),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "violations.review");
  const account = paramsSchema.safeParse(params);
  if (!account.success) throw notFound();
  const form = await readFormData(request, user);
  const parsed = reviewSchema.safeParse({ ids: form.getAll("ids").map(String), decision: form.get("decision"), note: form.get("note") ?? "" });
  if (!parsed.success) return data<ReviewActionResult>({ ok: false, field: String(parsed.error.issues[0]?.path[0] ?? "note"), tooMany: false }, { status: 400 });
  const ids = await filterViolationIdsOfAccount(account.data.accountNumber, parsed.data.ids);
  if (ids.length === 0) throw notFound();
  try {
    const result = await reviewViolations({ ids, decision: parsed.data.decision, note: parsed.data.note, userId: user.id, request });
    await refreshAfterReview(result.accountIds);
    return data<ReviewActionResult>({ ok: true, result });
  } catch (error) {
    if (error instanceof ViolationReviewError) return data<ReviewActionResult>({ ok: false, field: "note", tooMany: false }, { status: 400 });
    throw error;
  }
}

export default function CasePage() {
  const { detail, view, canReview } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const i18n = useI18n();
  const { t } = i18n;
  const facts: [string, string][] = [
    [t("cases.customer"), detail.customerRef],
    [t("cases.debtor"), detail.debtorName ?? t("common.none")],
    [t("cases.phones"), detail.phoneNumbers.join(", ") || t("common.none")],
    [t("cases.product"), detail.product ?? t("common.none")],
    [t("cases.timeZone"), detail.timeZone],
    [t("cases.thirdPartyConsent"), detail.thirdPartyConsent ? t("common.yes") : t("common.no")],
    ...(detail.state ? [[t("cases.state"), `${usStateName(detail.state, i18n.locale === "zh-CN" ? "zh-CN" : "en")} (${detail.state})`] as [string, string]] : []),
  ];
  return (
    <div className="space-y-6">
      <PageHeader
        title={`${t("cases.accountNumber")} ${detail.accountNumber}`}
        actions={
          <Link to="/cases" className="text-sm text-brand-600 hover:underline">
            {t("common.back")}
          </Link>
        }
      />
      <Alert tone={view === "unmasked" ? "warning" : "info"}>{view === "unmasked" ? t("common.unmaskedLogged") : t("common.masked")}</Alert>
      <Card>
        <dl className="grid grid-cols-1 gap-4 sm:grid-cols-3" data-testid="case-facts">
          {facts.map(([label, value]) => (
            <div key={label}>
              <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
              <dd className="mt-1 text-sm text-slate-900">{value}</dd>
            </div>
          ))}
        </dl>
      </Card>
      <Card title={t("cases.placementHistory")}>
        {detail.placements.length === 0 ? (
          <p className="text-sm text-slate-600">{t("cases.noPlacements")}</p>
        ) : (
          <div className="overflow-x-auto">
          <table className="min-w-full text-sm" data-testid="placement-history">
            <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="py-1 pr-4 font-medium">{t("cases.agencyColumn")}</th>
                <th className="py-1 pr-4 font-medium">{t("cases.placedAt")}</th>
                <th className="py-1 pr-4 font-medium">{t("cases.recalledAt")}</th>
                <th className="py-1 pr-4 font-medium">{t("placementHistory.recallReason")}</th>
                <th className="py-1 pr-4 font-medium">{t("placementHistory.termEndsOn")}</th>
                <th className="py-1 pr-4 font-medium">{t("placementHistory.acknowledgment")}</th>
                <th className="py-1 pr-4 text-right font-medium">{t("cases.placedBalance")}</th>
                <th className="py-1 text-right font-medium">{t("cases.dpd")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {detail.placements.map((placement) => (
                <tr key={placement.id}>
                  <td className="py-2 pr-4 font-medium">
                    {placement.agencyCode} · {placement.agencyName}
                  </td>
                  <td className="py-2 pr-4">{i18n.date(placement.placedAt)}</td>
                  <td className="py-2 pr-4">{placement.recalledAt ? i18n.date(placement.recalledAt) : <Badge tone="good">{t("cases.current")}</Badge>}</td>
                  <td className="py-2 pr-4" data-testid="placement-recall-reason">{placement.recallReason ? i18n.tEnum("recallReason", placement.recallReason) : ""}</td>
                  <td className="py-2 pr-4">{placement.termEndsOn ? i18n.date(placement.termEndsOn) : t("common.none")}</td>
                  <td className="py-2 pr-4" data-testid="placement-acknowledgment">
                    {placement.acknowledgment ? (
                      <span title={i18n.date(placement.acknowledgment.acknowledgedOn)}>
                        <Badge tone={placement.acknowledgment.status === "ACCEPTED" ? "good" : "bad"}>{i18n.tEnum("acknowledgmentStatus", placement.acknowledgment.status)}</Badge>
                        {placement.acknowledgment.reason ? <span className="ml-2 text-slate-600">{placement.acknowledgment.reason}</span> : null}
                      </span>
                    ) : (
                      <span className="text-xs text-slate-500">{t("placementHistory.notAcknowledged")}</span>
                    )}
                  </td>
                  <td className="py-2 pr-4 text-right tabular-nums">{i18n.money(placement.placedBalance, placement.currency)}</td>
                  <td className="py-2 text-right tabular-nums">{placement.dpdAtPlacement ?? t("common.none")}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        )}
      </Card>
      <Card title={t("cases.violations")}>
        {detail.violations.length === 0 ? (
          <p className="text-sm text-slate-600">{t("cases.noViolations")}</p>
        ) : (
          <>
            <p className="mb-2 text-xs text-slate-500">{t("cases.violationsHint")}</p>
            <ul className="flex flex-wrap gap-2 text-sm" data-testid="case-violations">
              {detail.violations.map((violation) => (
                <li key={violation.id}>
                  <a href={`#violation-${violation.id}`} className="inline-flex items-center gap-1 rounded-md border border-slate-200 px-2 py-1 hover:bg-slate-50">
                    <Badge tone={severityTone(violation.severity)}>{i18n.tEnum("severity", violation.severity)}</Badge>
                    {ruleName(violation.ruleCode, t)}
                    <span className="text-xs text-slate-500">{i18n.dateTime(violation.occurredAt, detail.timeZone)}</span>
                    <Badge tone={violationStatusTone(violation.status)}>{i18n.tEnum("violationStatus", violation.status)}</Badge>
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
      </Card>
      <Card title={t("cases.timeline")}>
        <p className="mb-3 text-xs text-slate-500">{t("cases.timelineHint", { timeZone: detail.timeZone })}</p>
        <CaseTimeline detail={detail} canReview={canReview} selectedViolationId={searchParams.get("violation")} />
      </Card>
    </div>
  );
}
