// What the clock does to findings, once a day (the findings-schedule job, `oversight findings run-schedule`): an
// answer or an accepted plan's action past its due day escalates the finding; an accepted plan whose actions are
// all done starts verification when its last action falls due; a verification whose window has passed is judged
// (no improvement escalates); "due soon" reminders are recorded and notified once per due day. `now` is the only clock, so
// tests move it instead of waiting. Idempotent: running it twice on a day changes nothing the second time.
import { getPrisma } from "~/db/client.server";
import { getSetting } from "~/settings/settings.server";
import { dayInZone, isDueSoon, isOverdue } from "./finding-dates";
import type { FindingNotificationEvent, NotifiedFinding } from "./finding-notifications";
import { getFindingPolicy } from "./finding-policy.server";
import { notifyFindingEvent } from "./notify-finding.server";
import { escalateFinding, refreshVerification, startVerification, systemActor, type EscalationReason, type FindingTransitionOutcome } from "./findings.server";
import { FindingError, type FindingVerification } from "./finding-types";

export type FindingsScheduleResult = {
  today: string;
  escalated: FindingTransitionOutcome[];
  verificationsStarted: FindingTransitionOutcome[];
  verificationsMeasured: { findingId: number; outcome: FindingVerification["outcome"]; windowComplete: boolean }[];
  /** Reminders recorded in this run (each at most once per finding, subject and due day). */
  reminders: Extract<FindingNotificationEvent, { type: "reminder" }>[];
  /** Every event notified about in this run (escalations and reminders; delivered in their own transactions). */
  notifications: FindingNotificationEvent[];
};

const dayOf = (date: Date | null) => (date === null ? null : date.toISOString().slice(0, 10));

/** A transition the state changed under (someone acted meanwhile) is skipped, not an error of the run. */
async function unlessChanged<T>(action: () => Promise<T>): Promise<T | null> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof FindingError && (error.code === "CONFLICT" || error.code === "NOT_FOUND")) return null;
    throw error;
  }
}

export async function runFindingsSchedule(now: Date): Promise<FindingsScheduleResult> {
  const [timeZone, policy] = await Promise.all([getSetting("lender.timeZone"), getFindingPolicy()]);
  const today = dayInZone(now, timeZone);
  const prisma = getPrisma();
  const findings = await prisma.finding.findMany({
    where: { status: { in: ["ISSUED", "PLAN_REJECTED", "PLAN_ACCEPTED", "VERIFYING", "ESCALATED"] } },
    include: {
      agency: { select: { code: true } },
      actions: { where: { response: { decision: "ACCEPTED" } }, select: { id: true, responseId: true, dueOn: true, status: true } },
      events: { where: { action: "reminder" }, select: { detail: true } },
    },
    orderBy: { id: "asc" },
  });
  const result: FindingsScheduleResult = { today, escalated: [], verificationsStarted: [], verificationsMeasured: [], reminders: [], notifications: [] };

  const notified = (finding: (typeof findings)[number]): NotifiedFinding => ({ id: finding.id, agencyId: finding.agencyId, agencyCode: finding.agency.code, title: finding.title, responseDueOn: dayOf(finding.responseDueOn) });
  const escalate = async (finding: (typeof findings)[number], reason: EscalationReason) => {
    const outcome = await unlessChanged(() => escalateFinding({ findingId: finding.id, reason }, systemActor, now));
    if (!outcome) return;
    result.escalated.push(outcome);
    result.notifications.push({ type: "transition", transition: "escalate", from: outcome.from, to: outcome.to, finding: notified(finding), detail: outcome.detail });
  };
  const remind = async (finding: (typeof findings)[number], subject: "response" | "action", dueOn: string, actionId?: number) => {
    const sameReminder = (detail: Record<string, unknown>) => detail.reminder === "DUE_SOON" && detail.subject === subject && detail.dueOn === dueOn && (actionId === undefined || detail.actionId === actionId);
    if (finding.events.some((event) => sameReminder((event.detail ?? {}) as Record<string, unknown>))) return;
    const reminder = { type: "reminder", reminder: "DUE_SOON", subject, dueOn, finding: notified(finding) } as const;
    // Recorded and notified together under the finding's row lock, re-checked there: two runs at once remind once.
    const recorded = await prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Finding" WHERE id = ${finding.id}::int FOR UPDATE`;
      const earlier = await tx.findingEvent.findMany({ where: { findingId: finding.id, action: "reminder" }, select: { detail: true } });
      if (earlier.some((event) => sameReminder((event.detail ?? {}) as Record<string, unknown>))) return false;
      await tx.findingEvent.create({
        data: { findingId: finding.id, action: "reminder", fromStatus: finding.status, toStatus: finding.status, detail: { reminder: "DUE_SOON", subject, dueOn, ...(actionId !== undefined ? { actionId } : {}), bySystem: true } },
      });
      await notifyFindingEvent(tx, reminder, now);
      return true;
    });
    if (!recorded) return;
    result.reminders.push(reminder);
    result.notifications.push(reminder);
  };

  for (const finding of findings) {
    const responseDueOn = dayOf(finding.responseDueOn);
    // The accepted plan's actions only (the newest accepted response: a reopened finding's old plan is history).
    const acceptedResponseId = finding.actions.reduce((newest, action) => Math.max(newest, action.responseId), 0);
    const plan = finding.actions.filter((action) => action.responseId === acceptedResponseId);
    const openActions = plan.filter((action) => action.status === "OPEN");
    const fixDate = dayOf(finding.fixDate);
    switch (finding.status) {
      case "ISSUED":
      case "PLAN_REJECTED":
        if (isOverdue(responseDueOn, today)) await escalate(finding, "RESPONSE_OVERDUE");
        else if (isDueSoon(responseDueOn, today, policy.dueSoonDays)) await remind(finding, "response", responseDueOn!);
        break;
      case "PLAN_ACCEPTED":
        if (openActions.some((action) => isOverdue(dayOf(action.dueOn), today))) {
          await escalate(finding, "ACTIONS_OVERDUE");
        } else if (openActions.length === 0 && fixDate !== null && today >= fixDate) {
          const outcome = await unlessChanged(() => startVerification({ findingId: finding.id }, systemActor, now));
          if (outcome) result.verificationsStarted.push(outcome);
        } else {
          for (const action of openActions) {
            const dueOn = dayOf(action.dueOn)!;
            if (isDueSoon(dueOn, today, policy.dueSoonDays)) await remind(finding, "action", dueOn, action.id);
          }
        }
        break;
      case "ESCALATED":
        // Late actions all done after all: verification resumes. Other escalations wait for compliance.
        if (finding.escalationReason === "ACTIONS_OVERDUE" && fixDate !== null && openActions.length === 0) {
          const outcome = await unlessChanged(() => startVerification({ findingId: finding.id }, systemActor, now));
          if (outcome) result.verificationsStarted.push(outcome);
        }
        break;
      case "VERIFYING": {
        const verification = await refreshVerification(finding.id, now);
        if (!verification) break;
        result.verificationsMeasured.push({ findingId: finding.id, outcome: verification.outcome, windowComplete: verification.windowComplete });
        if (verification.windowComplete && verification.outcome === "NOT_IMPROVED") await escalate(finding, "NO_IMPROVEMENT");
        break;
      }
    }
  }
  // Verifications started in this run are measured in it too (their window may already have passed).
  for (const started of result.verificationsStarted) {
    const finding = findings.find((candidate) => candidate.id === started.findingId)!;
    const verification = await refreshVerification(started.findingId, now);
    if (!verification) continue;
    result.verificationsMeasured.push({ findingId: started.findingId, outcome: verification.outcome, windowComplete: verification.windowComplete });
    if (verification.windowComplete && verification.outcome === "NOT_IMPROVED") await escalate({ ...finding, status: "VERIFYING" }, "NO_IMPROVEMENT");
  }
  return result;
}
