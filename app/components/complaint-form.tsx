import { Form } from "@remix-run/react";
import { useI18n } from "~/i18n/i18n-context";
import type { FieldMessage } from "~/i18n/validation";
import { Button, Field, inputClassName } from "./ui";

const sources = ["DEBTOR", "FAMILY", "THIRD_PARTY", "NON_BORROWER", "REGULATOR", "MEDIA"] as const;
const severities = ["LOW", "MEDIUM", "HIGH"] as const;

/** The manual complaint form; `values` refills it after a rejected submission so nothing typed is lost. */
export function ComplaintForm({
  agencies,
  fixedAgencyId,
  errors,
  values,
  busy,
}: {
  agencies: readonly { id: number; code: string; name: string }[];
  fixedAgencyId: number | null;
  errors: Record<string, FieldMessage>;
  values: Record<string, string>;
  busy: boolean;
}) {
  const { t } = useI18n();
  const i18n = useI18n();
  const error = (field: string) => {
    const message = errors[field];
    return message ? t(message.key, message.params) : undefined;
  };
  const value = (field: string) => values[field] ?? "";
  return (
    <Form method="post" className="grid grid-cols-1 gap-4 sm:grid-cols-2" data-testid="complaint-form" key={JSON.stringify(values)}>
      <Field label={t("complaints.form.reference")} hint={t("complaints.form.referenceHint")} error={error("complaintRef")}>
        <input name="complaintRef" defaultValue={value("complaintRef")} maxLength={64} className={inputClassName} />
      </Field>
      <Field label={t("complaints.form.receivedAt")} error={error("receivedAt")}>
        <input type="datetime-local" name="receivedAt" required defaultValue={value("receivedAt")} className={inputClassName} />
      </Field>
      <Field label={t("complaints.form.accountNumber")} hint={t("complaints.form.accountHint")} error={error("accountNumber")}>
        <input name="accountNumber" defaultValue={value("accountNumber")} maxLength={100} className={inputClassName} />
      </Field>
      <Field label={t("complaints.form.agency")} error={error("agencyId")}>
        <select name="agencyId" defaultValue={fixedAgencyId ? String(fixedAgencyId) : value("agencyId")} disabled={fixedAgencyId !== null} className={inputClassName}>
          <option value="">{t("complaints.form.noAgency")}</option>
          {agencies.map((agency) => (
            <option key={agency.id} value={agency.id}>
              {agency.code} · {agency.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("complaints.form.agent")} hint={t("complaints.form.agentHint")} error={error("agentExternalId")}>
        <input name="agentExternalId" defaultValue={value("agentExternalId")} maxLength={64} className={inputClassName} />
      </Field>
      <Field label={t("complaints.form.source")} error={error("source")}>
        <select name="source" defaultValue={value("source") || "DEBTOR"} className={inputClassName}>
          {sources.map((source) => (
            <option key={source} value={source}>
              {i18n.tEnum("complaintSource", source)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("complaints.form.category")} hint={t("complaints.form.categoryHint")} error={error("category")}>
        <input name="category" required defaultValue={value("category")} maxLength={64} className={inputClassName} />
      </Field>
      <Field label={t("complaints.form.severity")} error={error("severity")}>
        <select name="severity" defaultValue={value("severity") || "MEDIUM"} className={inputClassName}>
          {severities.map((severity) => (
            <option key={severity} value={severity}>
              {i18n.tEnum("severity", severity)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("complaints.form.phoneNumber")} hint={t("complaints.form.phoneHint")} error={error("phoneNumber")}>
        <input name="phoneNumber" type="tel" defaultValue={value("phoneNumber")} maxLength={24} className={inputClassName} />
      </Field>
      <div className="sm:col-span-2">
        <Field label={t("complaints.form.description")} error={error("description")}>
          <textarea name="description" rows={4} defaultValue={value("description")} maxLength={4000} className={inputClassName} />
        </Field>
      </div>
      <div className="sm:col-span-2">
        <Button type="submit" disabled={busy}>
          {t("complaints.form.submit")}
        </Button>
      </div>
    </Form>
  );
}
