// Turns what a domain function returned into the event finding-notifications.ts maps, reading the finding's agency
// code and current due day: `findingNotifications(await notificationEventOf(outcome))` gives the recipients.
import { getPrisma } from "~/db/client.server";
import type { ContestOutcome } from "./contests.server";
import type { FindingNotificationEvent } from "./finding-notifications";
import type { FindingTransitionOutcome } from "./findings.server";

export async function notificationEventOf(outcome: FindingTransitionOutcome): Promise<FindingNotificationEvent> {
  const finding = await getPrisma().finding.findUniqueOrThrow({ where: { id: outcome.findingId }, select: { title: true, responseDueOn: true, agency: { select: { code: true } } } });
  return {
    type: "transition",
    transition: outcome.transition,
    from: outcome.from,
    to: outcome.to,
    finding: { id: outcome.findingId, agencyId: outcome.agencyId, agencyCode: finding.agency.code, title: finding.title, responseDueOn: finding.responseDueOn?.toISOString().slice(0, 10) ?? null },
    detail: outcome.detail,
  };
}

export async function contestNotificationEventOf(outcome: ContestOutcome): Promise<FindingNotificationEvent> {
  const contest = await getPrisma().violationContest.findUniqueOrThrow({ where: { id: outcome.contest.id }, select: { createdById: true } });
  return {
    type: "contestDecided",
    contestId: outcome.contest.id,
    violationId: outcome.contest.violationId,
    decision: outcome.contest.status === "UPHELD" ? "UPHELD" : "REJECTED",
    agencyId: outcome.agencyId,
    findingId: outcome.findingId,
    createdById: contest.createdById,
  };
}
