import { Form } from "@remix-run/react";
import { useI18n } from "~/i18n/i18n-context";
import { AgencyOptions, Button, Field, inputClassName } from "./ui";

/** Month and scope of a new audit (all agencies or one), and whether debtor data is masked in the file. */
export function ReportGenerateForm({
  agencies,
  defaultMonth,
  mustMask,
  busy,
}: {
  agencies: readonly { id: number; code: string; name: string }[];
  defaultMonth: string;
  mustMask: boolean;
  busy: boolean;
}) {
  const { t } = useI18n();
  return (
    <Form method="post" className="grid gap-4 sm:grid-cols-[12rem_1fr] sm:items-end" data-testid="report-generate-form">
      <Field label={t("reports.generate.month")}>
        <input type="month" name="month" required defaultValue={defaultMonth} min="2000-01" max="2100-12" className={inputClassName} />
      </Field>
      <Field label={t("reports.generate.scope")}>
        <select name="agencyId" defaultValue="" className={inputClassName}>
          <option value="">{t("common.allAgencies")}</option>
          <AgencyOptions agencies={agencies} />
        </select>
      </Field>
      <label className="flex items-center gap-2 text-sm text-slate-700 sm:col-span-2">
        {mustMask ? (
          <span>{t("reports.generate.maskedForced")}</span>
        ) : (
          <>
            <input type="checkbox" name="masked" className="h-4 w-4" />
            {t("reports.generate.masked")}
          </>
        )}
      </label>
      <div className="sm:col-span-2">
        <Button type="submit" disabled={busy} data-testid="generate-report">
          {t("reports.generate.submit")}
        </Button>
      </div>
    </Form>
  );
}
