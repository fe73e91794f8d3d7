import { Form } from "@remix-run/react";
import type { AgencyRegister } from "~/agency-register/register.server";
import { daysUntilExpiry } from "~/agency-register/register-rules";
import { Alert, Badge, Button, Card, Field, SimpleTable, inputClassName } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";
import { RegisterFailureAlert, type RegisterFormFailure } from "./register-failure";

/** "Expired", "today" or "in N days" (warned within 60 days) beside an expiry day. */
export function ExpiryNote({ expiresOn, today }: { expiresOn: string | null; today: string }) {
  const { t } = useI18n();
  if (expiresOn === null) return null;
  const days = daysUntilExpiry(today, expiresOn);
  if (days < 0) return <Badge tone="bad">{t("register.expired")}</Badge>;
  if (days === 0) return <Badge tone="warn">{t("register.expiresToday")}</Badge>;
  if (days <= 60) return <Badge tone="warn">{t("register.expiresIn", { days })}</Badge>;
  return null;
}

export function RegisterLicences({ register, canManage, failure, done }: { register: AgencyRegister; canManage: boolean; failure: RegisterFormFailure | null; done: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const fields = ["number", "issuer", "scope", "validFrom", "validTo"] as const;
  return (
    <Card title={t("register.licences")}>
      {register.licences.length === 0 ? (
        <p className="text-sm text-slate-600">{t("register.licences.none")}</p>
      ) : (
        <div data-testid="register-licences">
          <SimpleTable
            rowKey={(row) => row.id}
            rows={register.licences}
            columns={[
              { header: t("register.licences.number"), cell: (row) => row.number },
              { header: t("register.licences.issuer"), cell: (row) => row.issuer },
              { header: t("register.licences.scope"), cell: (row) => row.scope },
              { header: t("register.licences.validFrom"), cell: (row) => i18n.date(row.validFrom) },
              {
                header: t("register.licences.validTo"),
                cell: (row) => (
                  <span className="flex items-center gap-2">
                    {row.validTo ? i18n.date(row.validTo) : t("approved.noExpiry")} <ExpiryNote expiresOn={row.validTo} today={register.today} />
                  </span>
                ),
              },
            ]}
          />
        </div>
      )}
      {canManage ? (
        <Form method="post" className="mt-4 space-y-3 border-t border-slate-100 pt-4">
          <input type="hidden" name="intent" value="licence" />
          <h3 className="text-sm font-medium text-slate-800">{t("register.licences.save")}</h3>
          <p className="text-xs text-slate-500">{t("register.licences.saveHint")}</p>
          {done ? <Alert tone="success">{t("register.saved")}</Alert> : null}
          <div className="grid gap-3 md:grid-cols-5">
            {fields.map((name) => (
              <Field key={name} label={t(`register.licences.${name}`)}>
                <input name={name} type={name === "validFrom" || name === "validTo" ? "date" : "text"} required={name === "number" || name === "issuer" || name === "validFrom"} className={inputClassName} />
              </Field>
            ))}
          </div>
          <RegisterFailureAlert failure={failure} fields={fields} />
          <Button type="submit">{t("common.save")}</Button>
        </Form>
      ) : null}
    </Card>
  );
}
