import { Form, useFetcher, useLoaderData, useSearchParams, type MetaFunction } from "@remix-run/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useEffect, useState } from "react";
import { z } from "zod";
import { requirePermission, scopeAgency } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { ViolationReviewBox, type ReviewActionResult } from "~/components/violation-review";
import { ViolationsGrid } from "~/components/violations-grid";
import { Alert, Button, Field, inputClassName, PageHeader } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";
import { ViolationReviewError } from "~/rules/violations.server";
import { listAgencyChoices, listRuleCodes } from "~/violations/filter-options.server";
import { refreshAfterReview } from "~/violations/refresh-after-review.server";
import { countOpenMatching, MAX_BULK_REVIEW, reviewViolations, reviewViolationsMatching } from "~/violations/review-violations.server";
import { ruleName } from "~/violations/render-explanation";
import { parseViolationFilters, violationFilterNames } from "~/violations/violation-grid-query";
import { DpdBucketSelect } from "~/components/dashboard/dpd-bucket-select";
import { getSetting } from "~/settings/settings.server";
import { readFormData } from "~/http/read-body.server";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.violations");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "violations.view");
  const filters = parseViolationFilters(new URL(request.url).searchParams);
  const canReview = can(user.role, "violations.review");
  const [agencies, timeZone] = await Promise.all([listAgencyChoices({ agencyId: scopeAgency(user) }), getSetting("lender.timeZone")]);
  // Reviewers may decide every open violation the filter matches: they are shown how many first.
  const openMatching = canReview && filters.success ? await countOpenMatching({ filters: filters.data, scopeAgencyId: scopeAgency(user), timeZone }) : null;
  return { agencies, ruleCodes: listRuleCodes(), canReview, filtersValid: filters.success, timeZone, openMatching };
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
  const { agencies, ruleCodes, canReview, filtersValid, timeZone, openMatching } = useLoaderData<typeof loader>();
  const i18n = useI18n();
  const { t } = i18n;
  const [searchParams] = useSearchParams();
  const filterQuery = new URLSearchParams(violationFilterNames.flatMap((name) => (searchParams.get(name) ? [[name, searchParams.get(name) ?? ""]] : []))).toString();
  const [selected, setSelected] = useState<string[]>([]);
  const [reloadKey, setReloadKey] = useState(0);
  const fetcher = useFetcher<ReviewActionResult>();
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) setReloadKey((key) => key + 1);
  }, [fetcher.state, fetcher.data]);
  const value = (name: string) => searchParams.get(name) ?? "";

  return (
    <div className="space-y-4">
      <PageHeader title={t("violations.title")} subtitle={t("violations.subtitle")} />
      {!filtersValid ? <Alert tone="error">{t("validation.invalidFormat")}</Alert> : null}
      <Form method="get" className="grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-4 lg:grid-cols-10" data-testid="violation-filters">
        <Field label={t("violations.filter.rule")}>
          <select name="rule" defaultValue={value("rule")} className={inputClassName}>
            <option value="">{t("violations.filter.allRules")}</option>
            {ruleCodes.map((code) => (
              <option key={code} value={code}>
                {ruleName(code, t)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("violations.filter.severity")}>
          <select name="severity" defaultValue={value("severity")} className={inputClassName}>
            <option value="">{t("violations.filter.any")}</option>
            {(["HIGH", "MEDIUM", "LOW"] as const).map((severity) => (
              <option key={severity} value={severity}>
                {i18n.tEnum("severity", severity)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("violations.filter.status")}>
          <select name="status" defaultValue={value("status")} className={inputClassName}>
            <option value="">{t("violations.filter.any")}</option>
            <option value="COUNTED">{t("violations.filter.counted")}</option>
            {(["OPEN", "CONFIRMED", "DISMISSED"] as const).map((status) => (
              <option key={status} value={status}>
                {i18n.tEnum("violationStatus", status)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("violations.filter.agency")}>
          <select name="agency" defaultValue={value("agency")} className={inputClassName}>
            {agencies.length > 1 ? <option value="">{t("common.allAgencies")}</option> : null}
            {agencies.map((agency) => (
              <option key={agency.id} value={agency.code}>
                {agency.code} · {agency.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("violations.filter.agent")}>
          <input name="agent" defaultValue={value("agent")} className={inputClassName} />
        </Field>
        <Field label={t("violations.filter.from")}>
          <input type="date" name="from" defaultValue={value("from")} className={inputClassName} />
        </Field>
        <Field label={t("violations.filter.to")}>
          <input type="date" name="to" defaultValue={value("to")} className={inputClassName} />
        </Field>
        <Field label={t("violations.filter.account")}>
          <input name="account" defaultValue={value("account")} className={inputClassName} />
        </Field>
        <Field label={t("violations.filter.product")}>
          <input name="product" defaultValue={value("product")} className={inputClassName} />
        </Field>
        <Field label={t("violations.filter.dpd")}>
          <DpdBucketSelect defaultValue={value("dpd")} className={inputClassName} />
        </Field>
        <div className="col-span-2 flex items-end gap-2 sm:col-span-4 lg:col-span-10">
          <Button type="submit">{t("violations.filter.apply")}</Button>
          <a href="/violations" className="rounded-md px-3 py-2 text-sm text-brand-600 hover:underline">
            {t("violations.filter.clear")}
          </a>
          <span className="ml-auto text-xs text-slate-500">{t("violations.filter.datesHint", { zone: timeZone })}</span>
        </div>
      </Form>
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
