import { Link } from "@remix-run/react";
import type { MessageKey } from "~/i18n/messages.en";
import { Alert, Card } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";

export function useDocumentTypeLabel(): (type: string) => string {
  const { t } = useI18n();
  return (type) => t(`register.documentType.${type}` as MessageKey);
}

/** "Action required" with the missing types, on the agency page and the register; nothing when in order. */
export function ActionRequiredNotice({ missingTypes, registerLink, showAllClear = false }: { missingTypes: readonly string[]; registerLink?: string; showAllClear?: boolean }) {
  const { t } = useI18n();
  const label = useDocumentTypeLabel();
  if (missingTypes.length === 0) return showAllClear ? <p className="text-sm text-emerald-800">{t("register.actionRequiredNone")}</p> : null;
  return (
    <div data-testid="action-required">
      <Alert tone="warning">
        <strong>{t("register.actionRequired")}</strong> {t("register.actionRequiredBody", { types: missingTypes.map(label).join(", ") })}{" "}
        {registerLink ? (
          <Link to={registerLink} className="font-medium underline">
            {t("register.open")}
          </Link>
        ) : null}
      </Alert>
    </div>
  );
}

/** The dashboard's list of agencies that lack a required valid document, each a link to its register. */
export function ActionRequiredPanel({ rows }: { rows: readonly { code: string; name: string; missingTypes: readonly string[] }[] }) {
  const { t } = useI18n();
  const label = useDocumentTypeLabel();
  if (rows.length === 0) return null;
  return (
    <Card title={t("register.actionRequiredPanel")}>
      <p className="-mt-2 mb-3 text-xs text-slate-500">{t("register.actionRequiredPanelHint")}</p>
      <ul className="space-y-1 text-sm" data-testid="action-required-panel">
        {rows.map((row) => (
          <li key={row.code}>
            <Link to={`/agencies/${encodeURIComponent(row.code)}/register`} className="font-medium text-brand-600 hover:underline">
              {row.code} · {row.name}
            </Link>
            <span className="ml-2 text-slate-700">{row.missingTypes.map(label).join(", ")}</span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
