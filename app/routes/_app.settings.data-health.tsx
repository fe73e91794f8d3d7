import { Form, useActionData, useLoaderData, type MetaFunction } from "@remix-run/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { ZodError } from "zod";
import { requirePermission } from "~/auth/guards.server";
import { Alert, Button, Card, Field, PageHeader, inputClassName } from "~/components/ui";
import { formToDataHealthSettings } from "~/data-health/data-health-settings";
import { getDataHealthSettings, saveDataHealthSettings } from "~/data-health/data-health-settings.server";
import { feedSettingOf } from "~/data-health/data-health-settings";
import { getPrisma } from "~/db/client.server";
import { readFormData } from "~/http/read-body.server";
import { useI18n } from "~/i18n/i18n-context";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "dataHealth.settings.title");

// Settings → Data health (administrators): the daily file's deadline, the first-contact and payment windows, the
// volume baseline and control limits, and per agency whether a daily file is expected and from when its arrival
// times are judged (ADR 036).
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "settings.agencies");
  const [settings, agencies] = await Promise.all([getDataHealthSettings(), getPrisma().agency.findMany({ where: { active: true }, select: { code: true, name: true }, orderBy: { code: "asc" } })]);
  return { settings, agencies: agencies.map((agency) => ({ ...agency, feed: feedSettingOf(settings, agency.code) })) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "settings.agencies");
  const form = await readFormData(request, user);
  try {
    await saveDataHealthSettings(formToDataHealthSettings(form), user.id);
    return { status: "saved" as const, message: "" };
  } catch (error) {
    if (error instanceof ZodError) return data({ status: "error" as const, message: error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ") }, { status: 400 });
    throw error;
  }
}

export default function DataHealthSettingsPage() {
  const { settings, agencies } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useI18n();
  const number = (name: "unworkedDays" | "paymentNoContactDays" | "baselineWeeks" | "controlSigma", min: number, max: number, step = 1) => (
    <Field label={t(`dataHealth.settings.${name}`)}>
      <input name={name} type="number" min={min} max={max} step={step} required defaultValue={settings[name]} className={inputClassName} />
    </Field>
  );
  return (
    <div className="max-w-4xl space-y-6">
      <PageHeader title={t("dataHealth.settings.title")} subtitle={t("dataHealth.settings.subtitle")} />
      {result?.status === "saved" ? <Alert tone="success">{t("dataHealth.settings.saved")}</Alert> : null}
      {result?.status === "error" ? <Alert tone="error">{t("dataHealth.settings.invalid", { message: result.message })}</Alert> : null}
      <Form method="post" className="space-y-6" data-testid="data-health-settings">
        <Card>
          <div className="grid gap-4 md:grid-cols-2">
            <Field label={t("dataHealth.settings.feedDeadline")}>
              <input name="feedDeadline" type="time" required defaultValue={settings.feedDeadline} className={inputClassName} />
            </Field>
            {number("unworkedDays", 1, 180)}
            {number("paymentNoContactDays", 1, 365)}
            {number("baselineWeeks", 4, 26)}
            {number("controlSigma", 1, 6, 0.1)}
          </div>
        </Card>
        <Card title={t("dataHealth.settings.agencies")}>
          <table className="min-w-full text-sm">
            <thead>
              <tr className="text-left text-slate-600">
                <th className="py-1 pr-2 font-medium">{t("dataHealth.agency")}</th>
                <th className="py-1 pr-2 font-medium">{t("dataHealth.settings.expectsDailyFeed")}</th>
                <th className="py-1 font-medium">{t("dataHealth.settings.arrivalTrackedFrom")}</th>
              </tr>
            </thead>
            <tbody>
              {agencies.map((agency) => (
                <tr key={agency.code}>
                  <td className="py-1 pr-2">
                    <input type="hidden" name="agencyCode" value={agency.code} />
                    {agency.code} · {agency.name}
                  </td>
                  <td className="py-1 pr-2">
                    <input type="checkbox" name={`daily:${agency.code}`} defaultChecked={agency.feed.expectsDailyFeed} aria-label={`${t("dataHealth.settings.expectsDailyFeed")} ${agency.code}`} />
                  </td>
                  <td className="py-1">
                    <input type="date" name={`trackedFrom:${agency.code}`} defaultValue={agency.feed.arrivalTrackedFrom ?? ""} className={inputClassName} aria-label={`${t("dataHealth.settings.arrivalTrackedFrom")} ${agency.code}`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
        <Button type="submit">{t("dataHealth.settings.save")}</Button>
      </Form>
    </div>
  );
}
