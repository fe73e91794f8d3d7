import { useActionData, useLoaderData, type MetaFunction } from "@remix-run/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { agencyInputSchema } from "~/agencies/agency-input";
import { listAgencies, upsertAgency } from "~/agencies/agencies.server";
import { logAccess } from "~/audit/log-access.server";
import { requirePermission } from "~/auth/guards.server";
import { AgencyForm } from "~/components/agency-form";
import { Alert, Card, PageHeader } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";
import { fieldMessages } from "~/i18n/validation";

export const meta: MetaFunction = () => [{ title: "Agencies · Settings · Agency Oversight" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "settings.agencies");
  return { agencies: await listAgencies({ includeInactive: true }) };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "settings.agencies");
  const form = Object.fromEntries(await request.formData());
  const parsed = agencyInputSchema.safeParse({ ...form, active: form.active !== "false" });
  if (!parsed.success) return data({ ok: false as const, errors: fieldMessages(parsed.error), code: String(form.code ?? "") }, { status: 400 });
  const result = await upsertAgency(parsed.data);
  await logAccess({ userId: admin.id, action: "AGENCY_SAVED", resourceType: "agency", resourceId: parsed.data.code, detail: { created: result.created }, request });
  return { ok: true as const, code: parsed.data.code };
}

export default function AgencySettings() {
  const { agencies } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useI18n();
  const failed = result && !result.ok ? result : undefined;
  const translatedErrors = failed ? Object.fromEntries(Object.entries(failed.errors).map(([field, message]) => [field, t(message.key, message.params)])) : undefined;
  const failedCode = failed?.code.toUpperCase();
  const isExisting = agencies.some((agency) => agency.code === failedCode);
  return (
    <div className="space-y-6">
      <PageHeader title={t("agencyForm.title")} />
      {result?.ok ? <Alert tone="success">{t("agencyForm.saved", { code: result.code })}</Alert> : null}
      {translatedErrors ? <Alert tone="error">{Object.values(translatedErrors).join(" ")}</Alert> : null}
      <Card title={t("agencyForm.new")}>
        <AgencyForm errors={isExisting ? undefined : translatedErrors} />
      </Card>
      {agencies.map((agency) => (
        <Card key={agency.id} title={`${agency.code} · ${agency.name}`}>
          <AgencyForm agency={agency} errors={agency.code === failedCode ? translatedErrors : undefined} />
        </Card>
      ))}
    </div>
  );
}
