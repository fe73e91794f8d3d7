import type { CaseDetail } from "~/cases/cases.server";
import { useI18n } from "~/i18n/i18n-context";
import { Badge } from "./ui";

/** Every event of the case in the debtor's local time, with the events that violations point at highlighted. */
export function CaseTimeline({ detail }: { detail: CaseDetail }) {
  const i18n = useI18n();
  const { t } = i18n;
  if (detail.events.length === 0) return <p className="text-sm text-slate-600">{t("cases.noEvents")}</p>;
  const violationsByTrigger = new Map(detail.violations.map((violation) => [violation.triggerEventId, violation]));
  const evidence = new Set(detail.violations.flatMap((violation) => violation.evidenceEventIds));
  return (
    <ol className="divide-y divide-slate-100 text-sm" data-testid="case-timeline">
      {detail.events.map((event) => {
        const violation = violationsByTrigger.get(event.id);
        return (
          <li key={event.id} className={`grid grid-cols-12 gap-3 py-2 ${violation ? "bg-red-50" : evidence.has(event.id) ? "bg-amber-50" : ""}`}>
            <span className="col-span-2 tabular-nums text-slate-600">{i18n.dateTime(event.occurredAt, detail.timeZone)}</span>
            <span className="col-span-2 font-medium">
              {i18n.tEnum("activityType", event.type)}
              <span className="ml-1 text-xs font-normal text-slate-500">{i18n.tEnum("direction", event.direction)}</span>
            </span>
            <span className="col-span-2">{i18n.tEnum("contactParty", event.contactParty)}</span>
            <span className="col-span-2">{i18n.tEnum("outcome", event.outcome)}</span>
            <span className="col-span-4 break-words">
              {[event.phoneNumber, event.messageText, event.amount ? i18n.money(event.amount, event.currency ?? "CNY") : null, `${event.agencyCode}${event.agentExternalId ? ` / ${event.agentExternalId}` : ""}`]
                .filter(Boolean)
                .join(" · ")}
              {violation ? (
                <span className="ml-2">
                  <Badge tone="bad">
                    {violation.ruleCode} · {i18n.tEnum("severity", violation.severity)}
                  </Badge>
                </span>
              ) : null}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
