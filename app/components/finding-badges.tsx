import type { FindingStatus } from "~/generated/prisma/enums";
import { useI18n } from "~/i18n/i18n-context";
import { Badge } from "./ui";

/** A finding's status: escalated red, overdue amber, closed green, the rest neutral. */
export function FindingStatusBadges({ status, overdue, repeatOfId }: { status: FindingStatus; overdue: boolean; repeatOfId: number | null }) {
  const { t, tEnum } = useI18n();
  return (
    <span className="inline-flex flex-wrap gap-1" data-testid="finding-status">
      <Badge tone={status === "ESCALATED" ? "bad" : status === "CLOSED" ? "good" : "neutral"}>{tEnum("findings.status", status)}</Badge>
      {overdue ? <Badge tone="warn">{t("findings.overdue")}</Badge> : null}
      {repeatOfId !== null ? <Badge tone="warn">{t("findings.repeat")}</Badge> : null}
    </span>
  );
}
