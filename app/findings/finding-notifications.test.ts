import { describe, expect, test } from "vitest";
import { notificationMessageSchema } from "~/notifications/notification-message";
import { findingNotifications, type FindingNotificationEvent, type NotifiedFinding } from "./finding-notifications";

const finding: NotifiedFinding = { id: 7, agencyId: 3, agencyCode: "BLITZ", title: "Calls after 21:00", responseDueOn: "2026-04-16" };
const base = { findingId: 7, title: "Calls after 21:00", agency: "BLITZ" };
const link = "/findings/7";
const transition = (name: Extract<FindingNotificationEvent, { type: "transition" }>["transition"], from: string | null, to: string, detail: Record<string, unknown> = {}): FindingNotificationEvent => ({
  type: "transition",
  transition: name,
  from,
  to,
  finding,
  detail,
});

describe("findingNotifications", () => {
  test.each([
    ["raise: drafts are compliance's own", transition("raise", null, "DRAFT"), []],
    ["issue → the agency, with its due day", transition("issue", "DRAFT", "ISSUED", { responseDueOn: "2026-04-16" }), [{ audience: { agencyId: 3 }, kind: "FINDING_ISSUED", params: { ...base, dueDate: "2026-04-16" }, link }]],
    ["respond → compliance, marked late", transition("respond", "ISSUED", "RESPONDED", { late: true }), [{ audience: { roles: ["COMPLIANCE"] }, kind: "FINDING_RESPONDED", params: { ...base, late: 1 }, link }]],
    ["plan accepted → the agency", transition("acceptPlan", "RESPONDED", "PLAN_ACCEPTED"), [{ audience: { agencyId: 3 }, kind: "FINDING_PLAN_ACCEPTED", params: base, link }]],
    ["plan rejected → the agency, with the new due day", transition("rejectPlan", "RESPONDED", "PLAN_REJECTED", { responseDueOn: "2026-05-01" }), [{ audience: { agencyId: 3 }, kind: "FINDING_PLAN_REJECTED", params: { ...base, dueDate: "2026-05-01" }, link }]],
    ["verification started: nobody", transition("startVerification", "PLAN_ACCEPTED", "VERIFYING"), []],
    ["action done: nobody", transition("markActionDone", "PLAN_ACCEPTED", "PLAN_ACCEPTED"), []],
    [
      "escalated for an overdue answer → overdue to the agency, escalated to compliance and vendor managers",
      transition("escalate", "ISSUED", "ESCALATED", { reason: "RESPONSE_OVERDUE" }),
      [
        { audience: { agencyId: 3 }, kind: "FINDING_OVERDUE", params: { ...base, reason: "RESPONSE_OVERDUE", dueDate: "2026-04-16" }, link },
        { audience: { roles: ["COMPLIANCE", "VENDOR_MANAGER"] }, kind: "FINDING_ESCALATED", params: { ...base, reason: "RESPONSE_OVERDUE" }, link },
      ],
    ],
    [
      "escalated for no improvement → escalated to everyone concerned",
      transition("escalate", "VERIFYING", "ESCALATED", { reason: "NO_IMPROVEMENT" }),
      [
        { audience: { agencyId: 3 }, kind: "FINDING_ESCALATED", params: { ...base, reason: "NO_IMPROVEMENT", dueDate: "2026-04-16" }, link },
        { audience: { roles: ["COMPLIANCE", "VENDOR_MANAGER"] }, kind: "FINDING_ESCALATED", params: { ...base, reason: "NO_IMPROVEMENT" }, link },
      ],
    ],
    ["closed → the agency", transition("close", "VERIFYING", "CLOSED"), [{ audience: { agencyId: 3 }, kind: "FINDING_CLOSED", params: base, link }]],
    ["a draft closed unissued: nobody", transition("close", "DRAFT", "CLOSED"), []],
    ["reopened → issued again to the agency", transition("reopen", "CLOSED", "ISSUED", { responseDueOn: "2026-06-24" }), [{ audience: { agencyId: 3 }, kind: "FINDING_ISSUED", params: { ...base, dueDate: "2026-06-24" }, link }]],
    ["a draft reopened: nobody", transition("reopen", "CLOSED", "DRAFT"), []],
    [
      "due soon → the agency",
      { type: "reminder", reminder: "DUE_SOON", subject: "response", dueOn: "2026-04-16", finding },
      [{ audience: { agencyId: 3 }, kind: "FINDING_DUE_SOON", params: { ...base, dueDate: "2026-04-16", subject: "response" }, link }],
    ],
    [
      "an overdue action → the agency and compliance",
      { type: "reminder", reminder: "OVERDUE", subject: "action", dueOn: "2026-04-30", finding },
      [
        { audience: { agencyId: 3 }, kind: "FINDING_OVERDUE", params: { ...base, dueDate: "2026-04-30", subject: "action" }, link },
        { audience: { roles: ["COMPLIANCE"] }, kind: "FINDING_OVERDUE", params: { ...base, dueDate: "2026-04-30", subject: "action" }, link },
      ],
    ],
    [
      "contest decided → the user who contested",
      { type: "contestDecided", contestId: 5, violationId: "901", decision: "UPHELD", agencyId: 3, agencyCode: "BLITZ", findingId: 7, createdById: 42 },
      [{ audience: { userIds: [42] }, concernsAgencyId: 3, kind: "CONTEST_DECIDED", params: { contestId: 5, violationId: "901", decision: "UPHELD", agency: "BLITZ", findingId: 7 }, link }],
    ],
    [
      "contest decided, contested by an API token → the agency",
      { type: "contestDecided", contestId: 6, violationId: "902", decision: "REJECTED", agencyId: 3, agencyCode: "BLITZ", findingId: null, createdById: null },
      [{ audience: { agencyId: 3 }, kind: "CONTEST_DECIDED", params: { contestId: 6, violationId: "902", decision: "REJECTED", agency: "BLITZ" }, link: "/violations?status=DISMISSED" }],
    ],
  ] as [string, FindingNotificationEvent, unknown][])("%s", (_name, event, expected) => {
    const notifications = findingNotifications(event);
    expect(notifications).toEqual(expected);
    // The notification centre accepts every one: its kind is known and its texts' params are all there.
    for (const notification of notifications) expect(notificationMessageSchema.safeParse(notification).error).toBeUndefined();
  });
});
