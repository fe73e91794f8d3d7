import { Form } from "@remix-run/react";
import { subcontractorLines } from "~/agency-register/register-form";
import type { AgencyRegister } from "~/agency-register/register.server";
import { Alert, Button, Card, Field, inputClassName } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";
import { RegisterFailureAlert, type RegisterFormFailure } from "./register-failure";

const textFields = ["legalName", "registrationNumber", "insurer", "insurancePolicy", "dpaReference", "infosecAttestation"] as const;
const dateFields = ["contractStart", "contractEnd", "insuranceValidTo", "dpaSignedOn", "infosecAttestedOn"] as const;
const longFields = ["complaintPolicy", "trainingPolicy"] as const;
const allFields = ["country", "renewalNoticeDays", "subcontractors", ...textFields, ...dateFields, ...longFields];

/** The profile: a form for those who keep the register, a read-only list for everyone else. */
export function RegisterProfile({ register, canManage, failure, done }: { register: AgencyRegister; canManage: boolean; failure: RegisterFormFailure | null; done: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { profile, agency } = register;
  const values: Record<string, string> = {
    ...Object.fromEntries(textFields.map((name) => [name, profile[name]])),
    ...Object.fromEntries(longFields.map((name) => [name, profile[name]])),
    contractStart: agency.contractStart ?? "",
    contractEnd: agency.contractEnd ?? "",
    insuranceValidTo: profile.insuranceValidTo ?? "",
    dpaSignedOn: profile.dpaSignedOn ?? "",
    infosecAttestedOn: profile.infosecAttestedOn ?? "",
    country: profile.country ?? "",
    renewalNoticeDays: profile.renewalNoticeDays === null ? "" : String(profile.renewalNoticeDays),
    subcontractors: subcontractorLines(profile.subcontractors),
  };
  if (!canManage) {
    return (
      <Card title={t("register.profile")}>
        <dl className="grid gap-x-6 gap-y-2 text-sm md:grid-cols-2" data-testid="register-profile">
          {["country", ...textFields, ...dateFields, "renewalNoticeDays", ...longFields, "subcontractors"].map((name) => (
            <div key={name}>
              <dt className="text-slate-600">{t(`register.profile.${name}` as `register.profile.${(typeof textFields)[number]}`)}</dt>
              <dd className="whitespace-pre-line text-slate-900">
                {name === "country" ? register.country : (dateFields as readonly string[]).includes(name) ? (values[name] ? i18n.date(values[name]) : t("common.none")) : values[name] || t("common.none")}
              </dd>
            </div>
          ))}
        </dl>
      </Card>
    );
  }
  return (
    <Card title={t("register.profile")}>
      <Form method="post" className="space-y-4" data-testid="register-profile">
        <input type="hidden" name="intent" value="profile" />
        {done ? <Alert tone="success">{t("register.saved")}</Alert> : null}
        <div className="grid gap-4 md:grid-cols-3">
          <Field label={t("register.profile.country")} hint={t("register.profile.countryHint", { country: register.country })}>
            <input name="country" defaultValue={values.country} maxLength={2} className={inputClassName} />
          </Field>
          {textFields.map((name) => (
            <Field key={name} label={t(`register.profile.${name}`)}>
              <input name={name} defaultValue={values[name]} className={inputClassName} />
            </Field>
          ))}
          {dateFields.map((name) => (
            <Field key={name} label={t(`register.profile.${name}`)}>
              <input name={name} type="date" defaultValue={values[name]} className={inputClassName} />
            </Field>
          ))}
          <Field label={t("register.profile.renewalNoticeDays")}>
            <input name="renewalNoticeDays" type="number" min={0} max={730} defaultValue={values.renewalNoticeDays} className={inputClassName} />
          </Field>
        </div>
        <div className="grid gap-4 md:grid-cols-3">
          {longFields.map((name) => (
            <Field key={name} label={t(`register.profile.${name}`)}>
              <textarea name={name} rows={3} defaultValue={values[name]} className={inputClassName} />
            </Field>
          ))}
          <Field label={t("register.profile.subcontractors")} hint={t("register.profile.subcontractorsHint")}>
            <textarea name="subcontractors" rows={3} defaultValue={values.subcontractors} className={inputClassName} />
          </Field>
        </div>
        <RegisterFailureAlert failure={failure} fields={allFields} />
        <Button type="submit">{t("common.save")}</Button>
      </Form>
    </Card>
  );
}
