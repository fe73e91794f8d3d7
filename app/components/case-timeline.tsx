import { Link, useFetcher } from "@remix-run/react";
import type { CaseDetail } from "~/cases/cases.server";
import { useI18n } from "~/i18n/i18n-context";
import { explanationFormatFor, renderViolationExplanation, ruleName } from "~/violations/render-explanation";
import { severityTone, violationStatusTone } from "./violations-grid";
import { ViolationReviewBox, type ReviewActionResult } from "./violation-review";
import { Badge } from "./ui";

type CaseEvent = CaseDetail["events"][number];
type CaseViolation = CaseDetail["violations"][number];
type CaseComplaint = CaseDetail["complaints"][number];

const typeIcons: Record<string, string> = {
  CALL: "☎",
  SMS: "✉",
  EMAIL: "@",
  LETTER: "✎",
  VISIT: "⌂",
  PAYMENT: "¤",
  PROMISE: "✓",
  DISPUTE: "!",
  CEASE_REQUEST: "⊘",
  NOTE: "•",
  CONSENT: "✔",
  CONSENT_REVOKED: "✘",
  ATTORNEY_NOTICE: "§",
  CONTACT_RESTRICTION: "⊘",
  VALIDATION_NOTICE: "✎",
  VERIFICATION_SENT: "✎",
};

/** One violation on its trigger event: rule, explanation, links to its evidence, review state and controls. */
function ViolationOnEvent({ violation, shownEventIds, canReview, selected }: { violation: CaseViolation; shownEventIds: ReadonlySet<string>; canReview: boolean; selected: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const fetcher = useFetcher<ReviewActionResult>();
  const evidence = violation.evidenceEventIds.filter((id) => id !== violation.triggerEventId);
  const hidden = evidence.filter((id) => !shownEventIds.has(id)).length;
  return (
    <div
      id={`violation-${violation.id}`}
      data-testid={`violation-${violation.id}`}
      className={`mt-2 scroll-mt-24 rounded-md border border-red-200 bg-white p-3 ${selected ? "ring-2 ring-red-400" : ""}`}
    >
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={severityTone(violation.severity)}>{i18n.tEnum("severity", violation.severity)}</Badge>
        <span className="font-semibold text-red-900">{ruleName(violation.ruleCode, t)}</span>
        <Badge tone={violationStatusTone(violation.status)}>{i18n.tEnum("violationStatus", violation.status)}</Badge>
        <span className="text-xs text-slate-500">{t("violations.rulePack", { code: violation.rulePackCode, version: violation.rulePackVersion })}</span>
      </div>
      <p className="mt-1 text-sm text-slate-800" data-testid="violation-explanation">
        {renderViolationExplanation(violation.explanation, t, explanationFormatFor(i18n.locale))}
      </p>
      {evidence.length > 0 ? (
        <p className="mt-1 flex flex-wrap gap-x-3 text-xs">
          <span className="text-slate-500">{t("violations.evidence")}:</span>
          {evidence
            .filter((id) => shownEventIds.has(id))
            .map((id, index) => (
              <a key={id} href={`#event-${id}`} className="text-brand-600 hover:underline" data-testid="evidence-link">
                {t("cases.jumpToEvidence", { index: index + 1 })}
              </a>
            ))}
          {hidden > 0 ? <span className="text-slate-500">{t("cases.evidenceOutsideView", { count: hidden })}</span> : null}
        </p>
      ) : null}
      {violation.reviewedAt ? (
        <p className="mt-1 text-xs text-slate-600" data-testid="violation-review-note">
          {t("violations.reviewedOn", { name: violation.reviewedByName ?? t("common.none"), date: i18n.dateTime(violation.reviewedAt) })}: {violation.reviewNote}
        </p>
      ) : null}
      {canReview && violation.status === "OPEN" ? (
        <div className="mt-2">
          <ViolationReviewBox fetcher={fetcher} ids={[violation.id]} compact />
        </div>
      ) : null}
    </div>
  );
}

/** The Regulation F facts an event carries (ADR 027), each as "what: value" in the reader's language. */
function factDetail(event: CaseEvent, i18n: ReturnType<typeof useI18n>, timeZone: string): (string | null)[] {
  const facts = event.facts;
  if (!facts) return [];
  const { t } = i18n;
  return [
    facts.consentScope ? t("cases.fact.consent", { scope: i18n.tEnum("consentScope", facts.consentScope) }) : null,
    facts.restriction ? t("cases.fact.restriction", { restriction: i18n.tEnum("contactRestriction", facts.restriction) }) : null,
    facts.restrictedHours ? t("cases.fact.hours", { hours: facts.restrictedHours }) : null,
    facts.restrictedMedium ? t("cases.fact.medium", { medium: i18n.tEnum("activityType", facts.restrictedMedium) }) : null,
    facts.place ? t("cases.fact.place", { place: i18n.tEnum("contactPlace", facts.place) }) : null,
    facts.endsAt ? t(event.type === "VALIDATION_NOTICE" ? "cases.fact.periodEnds" : "cases.fact.until", { time: i18n.dateTime(facts.endsAt, timeZone) }) : null,
    facts.disputeForm ? t("cases.fact.disputeForm", { form: i18n.tEnum("disputeForm", facts.disputeForm) }) : null,
    facts.voicemailContent ? i18n.tEnum("voicemailContent", facts.voicemailContent) : null,
  ];
}

function eventDetail(event: CaseEvent, i18n: ReturnType<typeof useI18n>, timeZone: string): string[] {
  const { t } = i18n;
  return [
    ...factDetail(event, i18n, timeZone),
    event.phoneNumber,
    event.durationSeconds != null ? t("cases.duration", { seconds: i18n.number(event.durationSeconds) }) : null,
    event.visitors != null ? t("cases.visitors", { count: event.visitors }) : null,
    event.type === "CALL" || event.type === "VISIT" ? (event.recordingId ? t("cases.recording", { id: event.recordingId }) : t("cases.noRecording")) : null,
    event.amount ? i18n.money(event.amount, event.currency ?? event.balanceCurrency ?? "CNY") : null,
    event.type === "PAYMENT"
      ? event.commission?.tierLabel
        ? t("cases.commission", { commission: i18n.money(event.commission.commission, event.currency ?? event.balanceCurrency ?? "CNY"), rate: i18n.percent(Number(event.commission.rate), 2), tier: event.commission.tierLabel })
        : t("cases.commissionNone")
      : null,
    `${event.agencyCode}${event.agentExternalId ? ` / ${event.agentExternalId}` : ""}`,
  ].filter((part): part is string => Boolean(part));
}

function ComplaintEntry({ complaint, timeZone }: { complaint: CaseComplaint; timeZone: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <li className="grid grid-cols-2 gap-x-3 gap-y-1 bg-violet-50 px-2 py-2 sm:grid-cols-12 sm:gap-3" data-testid="timeline-complaint">
      <span className="min-w-0 tabular-nums text-slate-600 sm:col-span-2">{i18n.dateTime(complaint.receivedAt, timeZone)}</span>
      <span className="min-w-0 font-medium text-violet-900 sm:col-span-2">
        <span aria-hidden="true" className="mr-1">⚑</span>
        <Link to={`/complaints/${complaint.id}`} className="hover:underline">
          {t("cases.complaintEntry", { ref: complaint.complaintRef })}
        </Link>
      </span>
      <span className="col-span-2 min-w-0 break-words sm:col-span-8">
        {[i18n.tEnum("complaintSource", complaint.source), complaint.category, i18n.tEnum("severity", complaint.severity), i18n.tEnum("complaintStatus", complaint.status), complaint.corroboration ? i18n.tEnum("complaintCorroboration", complaint.corroboration) : null, complaint.agencyCode, complaint.phoneNumber]
          .filter(Boolean)
          .join(" · ")}
        {complaint.description ? <span className="block text-slate-700">{complaint.description}</span> : null}
      </span>
    </li>
  );
}

/**
 * Every event and complaint of the case in one list, in the debtor's local time. Violations sit on their trigger
 * event with the explanation; the events they rest on carry an evidence badge and an anchor (#event-ID).
 */
export function CaseTimeline({ detail, canReview, selectedViolationId }: { detail: CaseDetail; canReview: boolean; selectedViolationId?: string | null }) {
  const i18n = useI18n();
  const { t } = i18n;
  if (detail.events.length === 0 && detail.complaints.length === 0) return <p className="text-sm text-slate-600">{t("cases.noEvents")}</p>;
  const violationsByTrigger = new Map<string, CaseViolation[]>();
  const evidenceOf = new Map<string, CaseViolation[]>();
  for (const violation of detail.violations) {
    violationsByTrigger.set(violation.triggerEventId, [...(violationsByTrigger.get(violation.triggerEventId) ?? []), violation]);
    for (const id of violation.evidenceEventIds) if (id !== violation.triggerEventId) evidenceOf.set(id, [...(evidenceOf.get(id) ?? []), violation]);
  }
  const selected = detail.violations.find((violation) => violation.id === selectedViolationId);
  const selectedEvidence = new Set(selected?.evidenceEventIds ?? []);
  const shownEventIds = new Set(detail.events.map((event) => event.id));
  const items = [
    ...detail.events.map((event) => ({ at: event.occurredAt, kind: "event" as const, event })),
    ...detail.complaints.map((complaint) => ({ at: complaint.receivedAt, kind: "complaint" as const, complaint })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));

  return (
    <ol className="divide-y divide-slate-100 text-sm" data-testid="case-timeline">
      {items.map((item) => {
        if (item.kind === "complaint") return <ComplaintEntry key={`c${item.complaint.id}`} complaint={item.complaint} timeZone={detail.timeZone} />;
        const event = item.event;
        const triggered = violationsByTrigger.get(event.id) ?? [];
        const supports = evidenceOf.get(event.id) ?? [];
        const tone = triggered.length > 0 ? "bg-red-50" : supports.length > 0 ? "bg-amber-50" : "";
        return (
          <li
            key={event.id}
            id={`event-${event.id}`}
            data-testid="timeline-event"
            data-event-id={event.eventId}
            className={`scroll-mt-24 px-2 py-2 ${tone} ${selectedEvidence.has(event.id) ? "outline outline-2 -outline-offset-2 outline-amber-400" : ""}`}
          >
            <div className="grid grid-cols-2 gap-x-3 gap-y-1 sm:grid-cols-12 sm:gap-3">
              <span className="min-w-0 tabular-nums text-slate-600 sm:col-span-2">{i18n.dateTime(event.occurredAt, detail.timeZone)}</span>
              <span className="min-w-0 font-medium sm:col-span-2">
                <span aria-hidden="true" className="mr-1 inline-block w-4 text-center text-slate-500">
                  {typeIcons[event.type] ?? "•"}
                </span>
                {i18n.tEnum("activityType", event.type)}
                <span className="ml-1 text-xs font-normal text-slate-500">{i18n.tEnum("direction", event.direction)}</span>
              </span>
              <span className="min-w-0 sm:col-span-2">{i18n.tEnum("contactParty", event.contactParty)}</span>
              <span className="min-w-0 sm:col-span-2">{i18n.tEnum("outcome", event.outcome)}</span>
              <span className="col-span-2 min-w-0 break-words sm:col-span-3">
                {eventDetail(event, i18n, detail.timeZone).join(" · ")}
                {supports.length > 0 ? (
                  <span className="ml-2" title={t("cases.evidenceFor", { rules: supports.map((violation) => ruleName(violation.ruleCode, t)).join(", ") })} data-testid="evidence-badge">
                    <Badge tone="warn">{t("cases.evidenceBadge")}</Badge>
                  </span>
                ) : null}
              </span>
              <span className="col-span-2 min-w-0 text-right tabular-nums text-xs text-slate-600 sm:col-span-1" data-testid="running-balance">
                {event.balance != null ? i18n.money(event.balance, event.balanceCurrency ?? "CNY") : ""}
              </span>
            </div>
            {event.messageText ? (
              <blockquote className="mt-1 break-words border-l-2 border-slate-300 pl-2 text-slate-700 sm:ml-[16.6%]" aria-label={t("cases.message")}>
                {event.messageText}
              </blockquote>
            ) : null}
            {triggered.map((violation) => (
              <ViolationOnEvent key={violation.id} violation={violation} shownEventIds={shownEventIds} canReview={canReview} selected={violation.id === selectedViolationId} />
            ))}
          </li>
        );
      })}
    </ol>
  );
}
