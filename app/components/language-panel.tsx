import { Form, useLocation } from "@remix-run/react";
import { useI18n } from "~/i18n/i18n-context";
import { locales } from "~/i18n/locales";
import { Button, Field, inputClassName } from "./ui";

export function LanguageSwitcherPanel() {
  const { t, locale } = useI18n();
  const location = useLocation();
  return (
    <Form method="post" action="/locale" className="flex max-w-md items-end gap-3">
      <input type="hidden" name="redirectTo" value={location.pathname} />
      <div className="flex-1">
        <Field label={t("nav.language")} hint={t("settings.languageHint")}>
          <select name="locale" defaultValue={locale} className={inputClassName} data-testid="language-select">
            {locales.map((option) => (
              <option key={option} value={option}>
                {t(`language.${option}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Button type="submit">{t("common.save")}</Button>
    </Form>
  );
}
