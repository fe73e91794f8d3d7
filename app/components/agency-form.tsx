import { Form } from "@remix-run/react";
import type { AgencySummary } from "~/agencies/agencies.server";
import { useI18n } from "~/i18n/i18n-context";
import { Button, Field, inputClassName } from "./ui";

/** One form for creating (agency undefined) and editing an agency; the code is the key and cannot change. */
export function AgencyForm({ agency, errors }: { agency?: AgencySummary; errors?: Partial<Record<string, string>> }) {
  const { t } = useI18n();
  return (
    <Form method="post" className="grid gap-4 md:grid-cols-4" data-testid={agency ? `agency-form-${agency.code}` : "new-agency-form"}>
      <Field label={t("agencyForm.code")} hint={agency ? undefined : t("agencyForm.codeHint")} error={errors?.code}>
        <input name="code" defaultValue={agency?.code} readOnly={Boolean(agency)} required className={inputClassName} />
      </Field>
      <Field label={t("agencyForm.name")} error={errors?.name}>
        <input name="name" defaultValue={agency?.name} required className={inputClassName} />
      </Field>
      <Field label={t("agencyForm.timeZone")} error={errors?.timeZone}>
        <input name="timeZone" defaultValue={agency?.timeZone ?? "Asia/Shanghai"} required className={inputClassName} />
      </Field>
      <Field label={t("agencyForm.commissionRate")} hint={t("agencyForm.commissionHint")} error={errors?.commissionRate}>
        <input name="commissionRate" defaultValue={agency ? Number(agency.commissionRate).toString() : ""} inputMode="decimal" required className={inputClassName} />
      </Field>
      <Field label={t("agencyForm.remittanceDays")} hint={t("agencyForm.remittanceDaysHint")} error={errors?.remittanceDays}>
        <input name="remittanceDays" type="number" min={0} max={120} step={1} defaultValue={agency?.remittanceDays ?? 10} required className={inputClassName} />
      </Field>
      <Field label={t("agencyForm.contractStart")} error={errors?.contractStart}>
        <input name="contractStart" type="date" defaultValue={agency?.contractStart ?? ""} className={inputClassName} />
      </Field>
      <Field label={t("agencyForm.contractEnd")} error={errors?.contractEnd}>
        <input name="contractEnd" type="date" defaultValue={agency?.contractEnd ?? ""} className={inputClassName} />
      </Field>
      <Field label={t("common.status")}>
        <select name="active" defaultValue={String(agency?.active ?? true)} className={inputClassName}>
          <option value="true">{t("common.active")}</option>
          <option value="false">{t("common.inactive")}</option>
        </select>
      </Field>
      <Field label={t("agencyForm.aliases")} hint={t("agencyForm.aliasesHint")} error={errors?.aliases}>
        <textarea name="aliases" rows={2} defaultValue={agency?.aliases.join("\n") ?? ""} className={inputClassName} data-testid="agency-aliases" />
      </Field>
      <div className="flex items-end">
        <Button type="submit">{agency ? t("common.save") : t("common.create")}</Button>
      </div>
    </Form>
  );
}
