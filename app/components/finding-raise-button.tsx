import { useFetcher } from "@remix-run/react";
import { useI18n } from "~/i18n/i18n-context";
import { Button } from "./ui";

/** Compliance's "raise a finding from this filter": posts the violations page's filter; the new draft opens. */
export function FindingRaiseButton({ filters }: { filters: URLSearchParams }) {
  const { t } = useI18n();
  const fetcher = useFetcher<{ ok: false; message: string }>();
  const hasAgency = Boolean(filters.get("agency"));
  return (
    <fetcher.Form method="post" action="/findings/raise" className="flex flex-wrap items-center gap-2" data-testid="raise-finding">
      {[...filters].map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Button type="submit" variant="secondary" disabled={!hasAgency || fetcher.state !== "idle"}>
        {t("findings.raise.button")}
      </Button>
      {!hasAgency ? <span className="text-sm text-slate-600">{t("findings.raise.needsAgency")}</span> : null}
      {fetcher.data && !fetcher.data.ok ? <span className="text-sm text-red-700">{fetcher.data.message}</span> : null}
    </fetcher.Form>
  );
}
