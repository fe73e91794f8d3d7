// What the clock does to complaints, once a day (the complaints-schedule job, like findings-schedule): an agency
// account not given by its due day escalates the complaint (compliance and the agency notified, once per due day).
// `now` is the only clock, so tests move it instead of waiting. Idempotent.
import { getPrisma } from "~/db/client.server";
import { dayInZone, isOverdue } from "~/findings/finding-dates";
import { getSetting } from "~/settings/settings.server";
import { systemComplaintActor, ComplaintError } from "./complaint-types";
import { escalateComplaint } from "./complaint-workflow.server";

export type ComplaintsScheduleResult = { today: string; escalated: number[] };

export async function runComplaintsSchedule(now: Date): Promise<ComplaintsScheduleResult> {
  const today = dayInZone(now, await getSetting("lender.timeZone"));
  const waiting = await getPrisma().complaint.findMany({
    where: { status: "INVESTIGATING", escalatedAt: null, responseDueOn: { not: null } },
    select: { id: true, responseDueOn: true },
    orderBy: { id: "asc" },
  });
  const result: ComplaintsScheduleResult = { today, escalated: [] };
  for (const complaint of waiting) {
    if (!isOverdue(complaint.responseDueOn!.toISOString().slice(0, 10), today)) continue;
    try {
      const { escalated } = await escalateComplaint({ complaintId: complaint.id }, systemComplaintActor, now);
      if (escalated) result.escalated.push(complaint.id);
    } catch (error) {
      // Answered or closed meanwhile: nothing to escalate.
      if (!(error instanceof ComplaintError && (error.code === "CONFLICT" || error.code === "NOT_FOUND"))) throw error;
    }
  }
  return result;
}
