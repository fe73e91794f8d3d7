import type { ReactNode } from "react";
import { useI18n } from "~/i18n/i18n-context";
import { LanguageSwitcher } from "./app-shell";

/** The frame of the pages people see before they are signed in: sign-in, an invitation link, a forced password change. */
export function SignedOutPage({ title, testId, children }: { title: string; testId?: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="flex min-h-screen flex-col bg-brand-900">
      <div className="flex justify-end p-4">
        <LanguageSwitcher />
      </div>
      <div className="flex flex-1 items-center justify-center px-4 pb-24">
        <div className="w-full max-w-sm rounded-xl bg-white p-8 shadow-xl" data-testid={testId}>
          <p className="text-sm font-semibold text-brand-600">{t("app.name")}</p>
          <h1 className="mt-1 text-2xl font-semibold text-slate-900">{title}</h1>
          {children}
        </div>
      </div>
    </div>
  );
}
