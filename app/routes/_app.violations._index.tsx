import { useFetcher, useLoaderData, useSearchParams, type MetaFunction } from "@remix-run/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useEffect, useState } from "react";
import { z } from "zod";
import { requirePermission, scopeAgency } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { listAgencyChoices } from "~/agencies/agencies.server";
import { ViolationReviewBox, type ReviewActionResult } from "~/components/violation-review";
import { ViolationsGrid } from "~/components/violations-grid";
import { FindingRaiseButton, FindingRaiseSelectionButton } from "~/components/finding-raise-button";
import { Alert, PageHeader } from "~/components/ui";
import { GridFilterForm } from "~/grid/grid-filter-form";
import { gridFilterQuery } from "~/grid/grid-query";
import { useI18n } from "~/i18n/i18n-context";
import { refreshAfterReview } from "~/violations/refresh-after-review.server";
import { countOpenMatching, MAX_BULK_REVIEW, reviewViolations, reviewViolationsMatching, ViolationReviewError } from "~/violations/review-violations.server";
import { ruleName } from "~/violations/render-explanation";
import { parseViolationFilters, violationFilterNames } from "~/violations/violation-grid-query";
import { getSetting } from "~/settings/settings.server";
import { readFormData } from "~/http/read-body.server";
import { RULE_CODES } from "~/rules/rule-pack";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.violations");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "violations.view");
  const filters = parseViolationFilters(new URL(request.url).searchParams);
  const canReview = can(user.role, "violations.review");
  const [agencies, timeZone] = await Promise.all([listAgencyChoices({ agencyId: scopeAgency(user) }), getSetting("lender.timeZone")]);
  // Reviewers may decide every open violation the filter matches: they are shown how many first.
  const openMatching = canReview && filters.success ? await countOpenMatching({ filters: filters.data, scopeAgencyId: scopeAgency(user), timeZone }) : null;
  return { agencies, ruleCodes: [...RULE_CODES], canReview, canRaiseFinding: can(user.role, "findings.manage"), filtersValid: filters.success, timeZone, openMatching };
}

const reviewSchema = z.object({
  ids: z.array(z.string().regex(/^\d{1,19}$/)).min(1).max(MAX_BULK_REVIEW),
  decision: z.enum(["CONFIRMED", "DISMISSED"]),
  note: z.string().trim().min(1).max(2000),
});

const filterReviewSchema = z.object({
  decision: z.enum(["CONFIRMED", "DISMISSED"]),
  note: z.string().trim().min(1).max(2000),
  expectedCount: z.coerce.number().int().min(1),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "violations.review");
  const form = await readFormData(request, user);
  if (form.get("intent") === "filter") {
    const parsed = filterReviewSchema.safeParse({ decision: form.get("decision"), note: form.get("note") ?? "", expectedCount: form.get("expectedCount") });
    const filters = parseViolationFilters(new URLSearchParams([...form].filter(([, value]) => typeof value === "string") as [string, string][]));
    if (!parsed.success || !filters.success) {
      return data<ReviewActionResult>({ ok: false, field: parsed.success ? "filters" : String(parsed.error.issues[0]?.path[0] ?? "note"), tooMany: false }, { status: 400 });
    }
    const result = await reviewViolationsMatching({ ...parsed.data, filters: filters.data, scopeAgencyId: scopeAgency(user), timeZone: await getSetting("lender.timeZone"), userId: user.id, request });
    if (result.status !== "reviewed") return data<ReviewActionResult>({ ok: false, field: "count", tooMany: result.status === "too-many", count: result.count }, { status: 409 });
    await refreshAfterReview(result.accountIds);
    return data<ReviewActionResult>({ ok: true, result: { decision: result.decision, reviewed: [], failures: [], accountIds: [] }, reviewedCount: result.reviewed });
  }
  const parsed = reviewSchema.safeParse({ ids: form.getAll("ids").map(String), decision: form.get("decision"), note: form.get("note") ?? "" });
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? "note");
    const tooMany = field === "ids" && form.getAll("ids").length > MAX_BULK_REVIEW;
    return data<ReviewActionResult>({ ok: false, field, tooMany }, { status: 400 });
  }
  try {
    const result = await reviewViolations({ ...parsed.data, userId: user.id, request });
    await refreshAfterReview(result.accountIds);
    return data<ReviewActionResult>({ ok: true, result });
  } catch (error) {
    if (error instanceof ViolationReviewError) return data<ReviewActionResult>({ ok: false, field: "note", tooMany: false }, { status: 400 });
    throw error;
  }
}

export default function Violations() {
  const { agencies, ruleCodes, canReview, canRaiseFinding, filtersValid, timeZone, openMatching } = useLoaderData<typeof loader>();
  const i18n = useI18n();
  const { t } = i18n;
  const [searchParams] = useSearchParams();
  const filterQuery = gridFilterQuery(searchParams, violationFilterNames);
  const [selected, setSelected] = useState<string[]>([]);
  const [reloadKey, setReloadKey] = useState(0);
  const fetcher = useFetcher<ReviewActionResult>();
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) setReloadKey((key) => key + 1);
  }, [fetcher.state, fetcher.data]);

  return (
    <div className="space-y-4">
      <PageHeader title={t("violations.title")} subtitle={t("violations.subtitle")} />
      {!filtersValid ? <Alert tone="error">{t("validation.invalidFormat")}</Alert> : null}
      <GridFilterForm
        testId="violation-filters"
        clearHref="/violations"
        labels={{ apply: t("violations.filter.apply"), clear: t("violations.filter.clear") }}
        hint={t("violations.filter.datesHint", { zone: timeZone })}
        fields={[
          { name: "rule", label: t("violations.filter.rule"), kind: "select", any: t("violations.filter.allRules"), options: ruleCodes.map((code) => ({ value: code, label: ruleName(code, t) })) },
          { name: "severity", label: t("violations.filter.severity"), kind: "select", any: t("violations.filter.any"), options: (["HIGH", "MEDIUM", "LOW"] as const).map((severity) => ({ value: severity, label: i18n.tEnum("severity", severity) })) },
          {
            name: "status",
            label: t("violations.filter.status"),
            kind: "select",
            any: t("violations.filter.any"),
            options: [{ value: "COUNTED", label: t("violations.filter.counted") }, ...(["OPEN", "CONFIRMED", "DISMISSED"] as const).map((status) => ({ value: status, label: i18n.tEnum("violationStatus", status) }))],
          },
          { name: "agency", label: t("violations.filter.agency"), kind: "select", any: agencies.length > 1 ? t("common.allAgencies") : undefined, options: agencies.map((agency) => ({ value: agency.code, label: `${agency.code} · ${agency.name}` })) },
          { name: "agent", label: t("violations.filter.agent"), kind: "text" },
          { name: "from", label: t("violations.filter.from"), kind: "date" },
          { name: "to", label: t("violations.filter.to"), kind: "date" },
          { name: "account", label: t("violations.filter.account"), kind: "text" },
          { name: "product", label: t("violations.filter.product"), kind: "text" },
          { name: "dpd", label: t("violations.filter.dpd"), kind: "dpd" },
        ]}
      />
      {canRaiseFinding ? (
        <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
          <FindingRaiseButton filters={new URLSearchParams(filterQuery)} />
          {canReview ? <FindingRaiseSelectionButton ids={selected} /> : null}
        </div>
      ) : null}
      {canReview ? (
        // Sticky: the review bar stays in reach while the reviewer scrolls the grid.
        <div className="sticky top-0 z-20">
          <ViolationReviewBox fetcher={fetcher} ids={selected} filter={openMatching ? { query: filterQuery, openCount: openMatching.count, capped: openMatching.capped } : undefined} />
        </div>
      ) : (
        <Alert tone="info">{t("violations.readOnly")}</Alert>
      )}
      <ViolationsGrid key={filterQuery} filterQuery={filterQuery} canReview={canReview} reloadKey={reloadKey} onSelectionChange={setSelected} />
    </div>
  );
}
