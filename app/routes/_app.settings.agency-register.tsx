import { Form, useActionData, useLoaderData, type MetaFunction } from "@remix-run/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { requiredDocumentsFromForm } from "~/agency-register/register-form";
import { RegisterError } from "~/agency-register/register-input";
import { documentTypes } from "~/agency-register/register-rules";
import { getRequiredDocuments, saveRequiredDocuments } from "~/agency-register/register.server";
import { requirePermission } from "~/auth/guards.server";
import { useDocumentTypeLabel } from "~/components/agency-register/action-required";
import { Alert, Button, Card, Field, PageHeader, inputClassName } from "~/components/ui";
import { readFormData } from "~/http/read-body.server";
import { useI18n } from "~/i18n/i18n-context";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "register.settings.title");

// Settings → Agency register (compliance, administrators): per country, the document types every agency there must
// hold, valid; an agency lacking one is "action required" (ADR 030).

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "register.settings");
  return { required: await getRequiredDocuments() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "register.settings");
  const form = await readFormData(request, user);
  const current = await getRequiredDocuments();
  try {
    await saveRequiredDocuments(requiredDocumentsFromForm(form, Object.keys(current)), user.id);
    return { status: "saved" as const };
  } catch (error) {
    if (!(error instanceof RegisterError)) throw error;
    return data({ status: "error" as const }, { status: 400 });
  }
}

export default function AgencyRegisterSettings() {
  const { required } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useI18n();
  const label = useDocumentTypeLabel();
  const countries = Object.keys(required).sort();
  return (
    <div className="max-w-4xl space-y-6">
      <PageHeader title={t("register.settings.title")} subtitle={t("register.settings.subtitle")} />
      {result?.status === "saved" ? <Alert tone="success">{t("common.saved")}</Alert> : null}
      {result?.status === "error" ? <Alert tone="error">{t("register.settings.invalid")}</Alert> : null}
      <Form method="post" className="space-y-6">
        <Card>
          <p className="mb-4 text-sm text-slate-600">{t("register.settings.hint")}</p>
          <table className="w-full text-sm" data-testid="required-documents">
            <thead>
              <tr className="text-left text-slate-600">
                <th className="py-1">{t("register.documents.type")}</th>
                {countries.map((country) => (
                  <th key={country} className="py-1 text-center">
                    {country}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {documentTypes.map((type) => (
                <tr key={type} className="border-t border-slate-100">
                  <td className="py-1">{label(type)}</td>
                  {countries.map((country) => (
                    <td key={country} className="py-1 text-center">
                      <input type="checkbox" name={`required.${country}`} value={type} defaultChecked={required[country]?.includes(type)} aria-label={`${country} ${label(type)}`} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <div className="mt-4 max-w-xs">
            <Field label={t("register.settings.newCountry")}>
              <input name="newCountry" maxLength={2} className={inputClassName} />
            </Field>
          </div>
        </Card>
        <Button type="submit">{t("common.save")}</Button>
      </Form>
    </div>
  );
}
