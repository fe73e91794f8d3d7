import { Form, useActionData, useLoaderData, type MetaFunction } from "@remix-run/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requirePermission } from "~/auth/guards.server";
import { currentTime } from "~/clock/clock.server";
import { Alert, Button, Card, Field, PageHeader, SimpleTable, inputClassName } from "~/components/ui";
import { readFormData } from "~/http/read-body.server";
import { useI18n } from "~/i18n/i18n-context";
import { pageTitle } from "~/i18n/page-title";
import { clearLegalHold, holdReasonSchema, LegalHoldError, setLegalHold } from "~/retention/legal-holds.server";
import { getRetentionOverview } from "~/retention/retention-overview.server";
import { MAX_RETENTION_YEARS, MIN_RETENTION_YEARS, retentionYearsProblem } from "~/retention/retention-policy";
import { setRetentionPolicy } from "~/retention/retention-settings.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "retention.title");

// Settings → Retention (administrators and compliance, ADR 041): how long activity logs are kept, the legal holds
// that keep an account's or an agency's records past it, and what the last purges removed.
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "retention.manage");
  return getRetentionOverview(currentTime());
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("period"), years: z.coerce.number() }),
  z.object({ intent: z.enum(["hold", "release"]), target: z.enum(["ACCOUNT", "AGENCY"]), label: z.string().trim().min(1).max(100), reason: z.string() }),
]);

type ActionResult = { status: "saved" | "held" | "released" } | { status: "error"; key: "retention.error.tooShort" | "retention.error.tooLong" | "retention.error.notWhole" | "retention.error.reason" | "retention.error.ACCOUNT_NOT_FOUND" | "retention.error.AGENCY_NOT_FOUND" | "retention.error.ALREADY_HELD" | "retention.error.NOT_HELD"; label?: string };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "retention.manage");
  const parsed = actionSchema.safeParse(Object.fromEntries(await readFormData(request, user)));
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  const input = parsed.data;
  if (input.intent === "period") {
    const problem = retentionYearsProblem(input.years);
    if (problem) return data<ActionResult>({ status: "error", key: problem.key }, { status: 400 });
    await setRetentionPolicy({ years: input.years }, user.id, request);
    return { status: "saved" } as ActionResult;
  }
  if (!holdReasonSchema.safeParse(input.reason).success) return data<ActionResult>({ status: "error", key: "retention.error.reason" }, { status: 400 });
  const target = input.target === "ACCOUNT" ? { accountNumber: input.label } : { agencyCode: input.label };
  try {
    if (input.intent === "hold") await setLegalHold({ target, reason: input.reason, userId: user.id, request });
    else await clearLegalHold({ target, reason: input.reason, userId: user.id, request });
    return { status: input.intent === "hold" ? "held" : "released" } as ActionResult;
  } catch (error) {
    if (error instanceof LegalHoldError) return data<ActionResult>({ status: "error", key: `retention.error.${error.code}`, label: input.label }, { status: 400 });
    throw error;
  }
}

export default function RetentionSettingsPage() {
  const overview = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, number, dateTime } = useI18n();
  const active = overview.holds.filter((hold) => hold.clearedAt === null);
  const past = overview.holds.filter((hold) => hold.clearedAt !== null);
  return (
    <div className="max-w-5xl space-y-6">
      <PageHeader title={t("retention.title")} subtitle={t("retention.subtitle")} />
      {result?.status === "saved" ? <Alert tone="success">{t("retention.saved")}</Alert> : null}
      {result?.status === "held" ? <Alert tone="success">{t("retention.held")}</Alert> : null}
      {result?.status === "released" ? <Alert tone="success">{t("retention.released")}</Alert> : null}
      {result?.status === "error" ? <Alert tone="error">{t(result.key, { label: result.label ?? "", min: MIN_RETENTION_YEARS, max: MAX_RETENTION_YEARS })}</Alert> : null}
      <Card title={t("retention.period")}>
        <Form method="post" className="flex flex-wrap items-end gap-4" data-testid="retention-period">
          <input type="hidden" name="intent" value="period" />
          <Field label={t("retention.years")} hint={t("retention.yearsHint", { min: MIN_RETENTION_YEARS })}>
            <input name="years" type="number" min={1} max={MAX_RETENTION_YEARS} step={1} required defaultValue={overview.years} className={inputClassName} />
          </Field>
          <Button type="submit">{t("retention.save")}</Button>
        </Form>
        <p className="mt-3 text-sm text-slate-600">{t("retention.keptFrom", { day: overview.keptFrom })}</p>
      </Card>
      <Card title={t("retention.holds")}>
        <Form method="post" className="mb-4 grid gap-4 md:grid-cols-4" data-testid="legal-hold-form">
          <input type="hidden" name="intent" value="hold" />
          <Field label={t("retention.holdOn")}>
            <select name="target" className={inputClassName} defaultValue="ACCOUNT">
              <option value="ACCOUNT">{t("retention.target.ACCOUNT")}</option>
              <option value="AGENCY">{t("retention.target.AGENCY")}</option>
            </select>
          </Field>
          <Field label={t("retention.label")}>
            <input name="label" required className={inputClassName} />
          </Field>
          <Field label={t("retention.reason")}>
            <input name="reason" required minLength={3} className={inputClassName} />
          </Field>
          <div className="flex items-end">
            <Button type="submit">{t("retention.setHold")}</Button>
          </div>
        </Form>
        {active.length === 0 ? <p className="text-sm text-slate-600">{t("retention.noHolds")}</p> : null}
        <ul className="space-y-3">
          {active.map((hold) => (
            <li key={hold.id} className="rounded border border-slate-200 p-3 text-sm">
              <div className="font-medium">
                {t(`retention.target.${hold.target}`)} {hold.label}
              </div>
              <div className="text-slate-600">{t("retention.since", { when: dateTime(hold.setAt), who: hold.setBy ?? t("retention.system"), reason: hold.reason })}</div>
              <Form method="post" className="mt-2 flex flex-wrap items-end gap-2">
                <input type="hidden" name="intent" value="release" />
                <input type="hidden" name="target" value={hold.target} />
                <input type="hidden" name="label" value={hold.label} />
                <input name="reason" required minLength={3} placeholder={t("retention.clearReason")} aria-label={`${t("retention.clearReason")} ${hold.label}`} className={inputClassName} />
                <Button type="submit" variant="secondary">
                  {t("retention.clearHold")}
                </Button>
              </Form>
            </li>
          ))}
        </ul>
        {past.length > 0 ? (
          <div className="mt-4">
            <h3 className="mb-2 text-sm font-semibold text-slate-700">{t("retention.clearedHolds")}</h3>
            <SimpleTable
              rowKey={(hold) => hold.id}
              rows={past}
              columns={[
                { header: t("retention.holdOn"), cell: (hold) => `${t(`retention.target.${hold.target}`)} ${hold.label}` },
                { header: t("retention.reason"), cell: (hold) => hold.reason },
                { header: t("retention.clearedAt"), cell: (hold) => (hold.clearedAt ? dateTime(hold.clearedAt) : "") },
                { header: t("retention.clearReason"), cell: (hold) => hold.clearReason ?? "" },
              ]}
            />
          </div>
        ) : null}
      </Card>
      <Card title={t("retention.purges")}>
        {overview.purges.length === 0 ? (
          <p className="text-sm text-slate-600" data-testid="retention-purges">{t("retention.noPurges")}</p>
        ) : (
          <div data-testid="retention-purges">
            <SimpleTable
              rowKey={(purge) => purge.id}
              rows={overview.purges}
              columns={[
                { header: t("retention.purgedAt"), cell: (purge) => dateTime(purge.at) },
                { header: t("retention.months"), cell: (purge) => purge.months.join(", ") },
                { header: t("retention.events"), cell: (purge) => number(purge.events) },
                { header: t("retention.violations"), cell: (purge) => number(purge.violations) },
                { header: t("retention.uploads"), cell: (purge) => number(purge.uploads) },
                { header: t("retention.heldKept"), cell: (purge) => number(purge.heldEventsKept) },
              ]}
            />
          </div>
        )}
        <p className="mt-3 text-sm text-slate-600">{t("retention.purgeHint")}</p>
      </Card>
    </div>
  );
}
