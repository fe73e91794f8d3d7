import type { FetcherWithComponents } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useI18n } from "~/i18n/i18n-context";
import type { BulkReviewResult } from "~/violations/review-violations.server";
import { Alert, Button, inputClassName } from "./ui";

export type ReviewActionResult = { ok: true; result: BulkReviewResult } | { ok: false; field: string; tooMany: boolean };

/**
 * Confirm or dismiss the given violations with one required note. Posts to the current route's action (the
 * violations page for a grid selection, the case page for one violation).
 */
export function ViolationReviewBox({ fetcher, ids, action, compact = false }: { fetcher: FetcherWithComponents<ReviewActionResult>; ids: readonly string[]; action?: string; compact?: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const formRef = useRef<HTMLFormElement>(null);
  const outcome = fetcher.state === "idle" ? fetcher.data : undefined;
  useEffect(() => {
    if (outcome?.ok) formRef.current?.reset();
  }, [outcome]);
  const busy = fetcher.state !== "idle";
  return (
    <div className={compact ? "space-y-2" : "space-y-2 rounded-lg border border-slate-200 bg-white p-4"} data-testid="violation-review">
      <fetcher.Form method="post" action={action} ref={formRef} className="flex flex-wrap items-end gap-3">
        {ids.map((id) => (
          <input key={id} type="hidden" name="ids" value={id} />
        ))}
        <label className="min-w-64 flex-1 text-sm">
          <span className="font-medium text-slate-700">{t("violations.review.note")}</span>
          <textarea
            name="note"
            rows={compact ? 2 : 1}
            maxLength={2000}
            placeholder={t("violations.review.notePlaceholder")}
            className={`${inputClassName} mt-1`}
            aria-invalid={outcome && !outcome.ok && outcome.field === "note" ? true : undefined}
          />
        </label>
        <Button type="submit" name="decision" value="CONFIRMED" variant="danger" disabled={busy || ids.length === 0}>
          {t("violations.review.confirm")}
        </Button>
        <Button type="submit" name="decision" value="DISMISSED" variant="secondary" disabled={busy || ids.length === 0}>
          {t("violations.review.dismiss")}
        </Button>
        {!compact ? (
          <span className="text-xs text-slate-500" data-testid="violations-selected">
            {ids.length === 0 ? t("violations.review.selectFirst") : t("violations.selected", { count: i18n.number(ids.length) })}
          </span>
        ) : null}
      </fetcher.Form>
      {outcome && !outcome.ok ? (
        <Alert tone="error">
          {outcome.tooMany ? t("violations.review.tooMany", { max: 500 }) : outcome.field === "note" ? `${t("violations.review.note")}: ${t("validation.required")}` : t("validation.invalidFormat")}
        </Alert>
      ) : null}
      {outcome?.ok ? (
        <>
          {outcome.result.reviewed.length > 0 ? (
            <Alert tone="success">
              {t("violations.review.done", { count: i18n.number(outcome.result.reviewed.length), decision: i18n.tEnum("violationStatus", outcome.result.decision) })}
            </Alert>
          ) : null}
          {outcome.result.failures.length > 0 ? (
            <Alert tone="warning">
              {t("violations.review.failed", { count: i18n.number(outcome.result.failures.length) })}{" "}
              {outcome.result.failures.map((failure) => `#${failure.id}: ${i18n.tEnum("violations.review.reason", failure.reason)}`).join("; ")}
            </Alert>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
