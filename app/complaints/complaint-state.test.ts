import { describe, expect, test } from "vitest";
import type { ComplaintStatus } from "~/generated/prisma/enums";
import {
  availableComplaintTransitions,
  checkComplaintOperation,
  checkComplaintTransition,
  complaintOperations,
  complaintStatuses,
  complaintTransitions,
  isUpheldOutcome,
  type ComplaintActor,
  type ComplaintOperation,
  type ComplaintTransition,
} from "./complaint-state";

const actors: ComplaintActor[] = ["ADMIN", "COMPLIANCE", "VENDOR_MANAGER", "EXECUTIVE", "AGENCY", "SYSTEM"];

// Every allowed (transition, from, actors) → to, written out by hand; every other combination must be refused.
const allowed: [ComplaintTransition, ComplaintStatus, ComplaintActor[], ComplaintStatus][] = [
  ["investigate", "RECEIVED", ["COMPLIANCE", "ADMIN"], "INVESTIGATING"],
  ["respond", "INVESTIGATING", ["AGENCY"], "RESPONDED"],
  ["respond", "RESPONDED", ["AGENCY"], "RESPONDED"],
  ["close", "RECEIVED", ["COMPLIANCE", "ADMIN"], "CLOSED"],
  ["close", "INVESTIGATING", ["COMPLIANCE", "ADMIN"], "CLOSED"],
  ["close", "RESPONDED", ["COMPLIANCE", "ADMIN"], "CLOSED"],
  ["reopen", "CLOSED", ["COMPLIANCE", "ADMIN"], "INVESTIGATING"],
];

const expectedTo = (transition: ComplaintTransition, from: ComplaintStatus, actor: ComplaintActor) =>
  allowed.find(([t, f, who]) => t === transition && f === from && who.includes(actor))?.[3] ?? null;

const everyTransition = complaintTransitions.flatMap((transition) => complaintStatuses.flatMap((from) => actors.map((actor) => [transition, from, actor] as const)));

describe("checkComplaintTransition: every transition, status and role", () => {
  test.each(everyTransition)("%s from %s by %s", (transition, from, actor) => {
    const result = checkComplaintTransition({ transition, from, actor, note: "a note" });
    const to = expectedTo(transition, from, actor);
    if (to === null) {
      expect(result.allowed).toBe(false);
      if (!result.allowed) expect(result.message).not.toBe("");
    } else {
      expect(result).toEqual({ allowed: true, to });
    }
  });
});

describe("checkComplaintTransition: reasons", () => {
  test.each([
    ["a vendor manager cannot start an investigation", "investigate", "RECEIVED", "VENDOR_MANAGER", "ROLE_NOT_ALLOWED"],
    ["compliance cannot answer for the agency", "respond", "INVESTIGATING", "COMPLIANCE", "ROLE_NOT_ALLOWED"],
    ["the scheduler cannot close", "close", "RESPONDED", "SYSTEM", "ROLE_NOT_ALLOWED"],
    ["an agency cannot close its own complaint", "close", "RESPONDED", "AGENCY", "ROLE_NOT_ALLOWED"],
    ["an agency cannot answer before it is asked", "respond", "RECEIVED", "AGENCY", "STATUS_NOT_ALLOWED"],
    ["an agency cannot answer a closed complaint", "respond", "CLOSED", "AGENCY", "STATUS_NOT_ALLOWED"],
    ["a closed complaint is not closed twice", "close", "CLOSED", "COMPLIANCE", "STATUS_NOT_ALLOWED"],
    ["an open complaint is not reopened", "reopen", "RESPONDED", "ADMIN", "STATUS_NOT_ALLOWED"],
  ] as const)("%s", (_name, transition, from, actor, reason) => {
    expect(checkComplaintTransition({ transition, from, actor, note: "n" })).toMatchObject({ allowed: false, reason });
  });

  test.each([
    ["respond", "INVESTIGATING", "AGENCY"],
    ["reopen", "CLOSED", "COMPLIANCE"],
  ] as const)("%s from %s by %s needs a note", (transition, from, actor) => {
    for (const note of [undefined, null, "", "  "]) expect(checkComplaintTransition({ transition, from, actor, note })).toMatchObject({ allowed: false, reason: "NOTE_REQUIRED" });
    expect(checkComplaintTransition({ transition, from, actor, note: "why" }).allowed).toBe(true);
  });

  test.each([
    ["RECEIVED", "COMPLIANCE", ["investigate", "close"]],
    ["INVESTIGATING", "COMPLIANCE", ["close"]],
    ["INVESTIGATING", "AGENCY", ["respond"]],
    ["RESPONDED", "AGENCY", ["respond"]],
    ["CLOSED", "ADMIN", ["reopen"]],
    ["RESPONDED", "EXECUTIVE", []],
  ] as const)("buttons for %s seen by %s", (from, actor, buttons) => {
    expect(availableComplaintTransitions(from, actor)).toEqual(buttons);
  });
});

// Operations: allowed (operation, statuses, actors); everything else refused.
const allowedOperations: [ComplaintOperation, ComplaintStatus[], ComplaintActor[]][] = [
  ["reassign", ["INVESTIGATING", "RESPONDED"], ["COMPLIANCE", "ADMIN"]],
  ["attach", ["RECEIVED", "INVESTIGATING", "RESPONDED"], ["COMPLIANCE", "ADMIN"]],
  ["attach", ["INVESTIGATING", "RESPONDED"], ["AGENCY"]],
  ["linkViolation", [...complaintStatuses], ["COMPLIANCE", "ADMIN"]],
  ["raiseFinding", [...complaintStatuses], ["COMPLIANCE", "ADMIN"]],
  ["escalate", ["INVESTIGATING"], ["COMPLIANCE", "ADMIN", "SYSTEM"]],
  ["corroborate", [...complaintStatuses], ["COMPLIANCE", "ADMIN", "SYSTEM"]],
];

const everyOperation = complaintOperations.flatMap((operation) => complaintStatuses.flatMap((from) => actors.map((actor) => [operation, from, actor] as const)));

describe("checkComplaintOperation: every operation, status and role", () => {
  test.each(everyOperation)("%s on %s by %s", (operation, from, actor) => {
    const expected = allowedOperations.some(([o, statuses, who]) => o === operation && statuses.includes(from) && who.includes(actor));
    expect(checkComplaintOperation(operation, from, actor).allowed).toBe(expected);
  });
});

test.each([
  ["UPHELD", true],
  ["PARTLY_UPHELD", true],
  ["NOT_UPHELD", false],
  [null, false],
] as const)("outcome %s counts as upheld: %s", (outcome, expected) => {
  expect(isUpheldOutcome(outcome)).toBe(expected);
});
