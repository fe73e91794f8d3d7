import { Form } from "@remix-run/react";
import { useI18n } from "~/i18n/i18n-context";
import { Alert, Button, Field, inputClassName } from "./ui";

const preferences = ["IMMEDIATE", "DAILY_DIGEST", "OFF"] as const;

/** The user's own choice of how notifications reach them by e-mail (Settings → Preferences). */
export function EmailPreferencePanel({ preference, email, emailConfigured, saved }: { preference: string; email: string; emailConfigured: boolean; saved: boolean }) {
  const { t } = useI18n();
  return (
    <Form method="post" className="max-w-md space-y-3" data-testid="email-preference-form">
      <input type="hidden" name="intent" value="emailPreference" />
      {emailConfigured ? null : <Alert tone="info">{t("notifications.email.notConfigured")}</Alert>}
      {saved ? <Alert tone="success">{t("notifications.email.saved")}</Alert> : null}
      <div className="flex items-end gap-3">
        <div className="flex-1">
          <Field label={t("notifications.email.title")} hint={t("notifications.email.hint", { email })}>
            <select name="emailPreference" defaultValue={preference} className={inputClassName} data-testid="email-preference">
              {preferences.map((option) => (
                <option key={option} value={option}>
                  {t(`emailPreference.${option}`)}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <Button type="submit">{t("common.save")}</Button>
      </div>
    </Form>
  );
}
