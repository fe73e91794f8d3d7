import type { FetcherWithComponents } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useI18n } from "~/i18n/i18n-context";
import type { BulkReviewResult } from "~/violations/review-violations.server";
import { Alert, Button, inputClassName } from "./ui";

export type ReviewActionResult =
  | { ok: true; result: BulkReviewResult; /** Set when every open violation of a filter was decided. */ reviewedCount?: number }
  | { ok: false; field: string; tooMany: boolean; /** A filter review refused because the number of matching rows changed. */ count?: number };

/** Every open violation the page's filter matches, which a reviewer may decide at once instead of ticked rows. */
export type FilterReviewScope = { query: string; openCount: number; capped: boolean };

/**
 * Confirm or dismiss the given violations with one required note. Posts to the current route's action (the
 * violations page for a grid selection, the case page for one violation).
 */
export function ViolationReviewBox({
  fetcher,
  ids,
  action,
  compact = false,
  filter,
}: {
  fetcher: FetcherWithComponents<ReviewActionResult>;
  ids: readonly string[];
  action?: string;
  compact?: boolean;
  filter?: FilterReviewScope;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const formRef = useRef<HTMLFormElement>(null);
  const [scope, setScope] = useState<"selected" | "filter">("selected");
  const byFilter = scope === "filter" && filter !== undefined;
  const count = byFilter ? filter.openCount : ids.length;
  const confirmAll = (event: FormEvent<HTMLFormElement>) => {
    if (!byFilter) return;
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const decision = submitter?.value === "CONFIRMED" ? "CONFIRMED" : "DISMISSED";
    if (!window.confirm(t("violations.review.confirmAll", { count: i18n.number(filter.openCount), decision: i18n.tEnum("violationStatus", decision) }))) event.preventDefault();
  };
  const outcome = fetcher.state === "idle" ? fetcher.data : undefined;
  useEffect(() => {
    if (outcome?.ok) {
      formRef.current?.reset();
      setScope("selected");
    }
  }, [outcome]);
  const busy = fetcher.state !== "idle";
  return (
    <div className={compact ? "space-y-2" : "space-y-2 rounded-lg border border-slate-200 bg-white p-4"} data-testid="violation-review">
      {filter ? (
        <fieldset className="flex flex-wrap items-center gap-4 text-sm" data-testid="violations-review-scope">
          <legend className="sr-only">{t("violations.review.scope")}</legend>
          <label className="inline-flex items-center gap-2">
            <input type="radio" name="review-scope" checked={scope === "selected"} onChange={() => setScope("selected")} />
            {t("violations.review.scopeSelected", { count: i18n.number(ids.length) })}
          </label>
          <label className="inline-flex items-center gap-2">
            <input type="radio" name="review-scope" checked={scope === "filter"} onChange={() => setScope("filter")} disabled={filter.openCount === 0 || filter.capped} data-testid="violations-review-all" />
            {filter.capped ? t("violations.review.scopeFilterTooMany", { max: i18n.number(filter.openCount) }) : t("violations.review.scopeFilter", { count: i18n.number(filter.openCount) })}
          </label>
        </fieldset>
      ) : null}
      <fetcher.Form method="post" action={action} ref={formRef} className="flex flex-wrap items-end gap-3" onSubmit={confirmAll}>
        {byFilter ? (
          <>
            <input type="hidden" name="intent" value="filter" />
            <input type="hidden" name="expectedCount" value={filter.openCount} />
            {[...new URLSearchParams(filter.query)].map(([name, value]) => (
              <input key={name} type="hidden" name={name} value={value} />
            ))}
          </>
        ) : (
          ids.map((id) => <input key={id} type="hidden" name="ids" value={id} />)
        )}
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
        <Button type="submit" name="decision" value="CONFIRMED" variant="danger" disabled={busy || count === 0}>
          {t("violations.review.confirm")}
        </Button>
        <Button type="submit" name="decision" value="DISMISSED" variant="secondary" disabled={busy || count === 0}>
          {t("violations.review.dismiss")}
        </Button>
        {!compact ? (
          <span className="text-xs text-slate-500" data-testid="violations-selected">
            {byFilter
              ? t("violations.review.allMatching", { count: i18n.number(filter.openCount) })
              : ids.length === 0
                ? t("violations.review.selectFirst")
                : t("violations.selected", { count: i18n.number(ids.length) })}
          </span>
        ) : null}
      </fetcher.Form>
      {outcome && !outcome.ok ? (
        <Alert tone="error">
          {outcome.field === "count"
            ? outcome.tooMany
              ? t("violations.review.scopeFilterTooMany", { max: i18n.number(outcome.count ?? 0) })
              : t("violations.review.countChanged", { count: i18n.number(outcome.count ?? 0) })
            : outcome.tooMany
              ? t("violations.review.tooMany", { max: 500 })
              : outcome.field === "note"
                ? `${t("violations.review.note")}: ${t("validation.required")}`
                : t("validation.invalidFormat")}
        </Alert>
      ) : null}
      {outcome?.ok ? (
        <>
          {(outcome.reviewedCount ?? outcome.result.reviewed.length) > 0 ? (
            <Alert tone="success">
              {t("violations.review.done", { count: i18n.number(outcome.reviewedCount ?? outcome.result.reviewed.length), decision: i18n.tEnum("violationStatus", outcome.result.decision) })}
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
