import { Link, useLoaderData, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { logAccess } from "~/audit/log-access.server";
import { notFound, requireAgencyAccess, requirePermission, scopeAgency } from "~/auth/guards.server";
import { canSeePersonalData } from "~/auth/permissions";
import { getCase } from "~/cases/cases.server";
import { CaseTimeline } from "~/components/case-timeline";
import { Alert, Card, PageHeader } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.detail.accountNumber ?? "Case"} · Agency Oversight` }];

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
  return { detail: lookup.detail, view };
}

export default function CasePage() {
  const { detail, view } = useLoaderData<typeof loader>();
  const i18n = useI18n();
  const { t } = i18n;
  const facts: [string, string][] = [
    [t("cases.customer"), detail.customerRef],
    [t("cases.debtor"), detail.debtorName ?? t("common.none")],
    [t("cases.phones"), detail.phoneNumbers.join(", ") || t("common.none")],
    [t("cases.product"), detail.product ?? t("common.none")],
    [t("cases.timeZone"), detail.timeZone],
    [t("cases.thirdPartyConsent"), detail.thirdPartyConsent ? t("common.yes") : t("common.no")],
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
        <ul className="divide-y divide-slate-100 text-sm">
          {detail.placements.map((placement) => (
            <li key={placement.id} className="flex flex-wrap justify-between gap-2 py-2">
              <span className="font-medium">
                {placement.agencyCode} · {placement.agencyName}
              </span>
              <span className="text-slate-600">
                {i18n.date(placement.placedAt)} – {placement.recalledAt ? i18n.date(placement.recalledAt) : "…"} · {i18n.money(placement.placedBalance, placement.currency)}
                {placement.dpdAtPlacement != null ? ` · ${t("cases.dpd")}: ${placement.dpdAtPlacement}` : ""}
              </span>
            </li>
          ))}
        </ul>
      </Card>
      <Card title={t("cases.timeline")}>
        <p className="mb-3 text-xs text-slate-500">{t("cases.timelineHint", { timeZone: detail.timeZone })}</p>
        <CaseTimeline detail={detail} />
      </Card>
    </div>
  );
}
