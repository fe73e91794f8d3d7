import { describe, expect, test } from "vitest";
import {
  availableTransitions,
  checkOperation,
  checkTransition,
  findingStatuses,
  findingTransitions,
  isVisibleToAgency,
  type FindingActor,
  type FindingStateContext,
  type FindingTransition,
} from "./finding-state";
import type { FindingStatus } from "~/generated/prisma/enums";

const actors: FindingActor[] = ["ADMIN", "COMPLIANCE", "VENDOR_MANAGER", "EXECUTIVE", "AGENCY", "SYSTEM"];
const plain: FindingStateContext = { hasAcceptedPlan: false, wasIssued: true };

// Every allowed (transition, from, actor) → to, written out by hand; every other combination must be refused.
const allowed: [FindingTransition, FindingStatus, FindingActor[], FindingStatus][] = [
  ["issue", "DRAFT", ["COMPLIANCE", "ADMIN"], "ISSUED"],
  ["respond", "ISSUED", ["AGENCY"], "RESPONDED"],
  ["respond", "RESPONDED", ["AGENCY"], "RESPONDED"],
  ["respond", "PLAN_REJECTED", ["AGENCY"], "RESPONDED"],
  ["respond", "ESCALATED", ["AGENCY"], "RESPONDED"],
  ["acceptPlan", "RESPONDED", ["COMPLIANCE", "ADMIN"], "PLAN_ACCEPTED"],
  ["rejectPlan", "RESPONDED", ["COMPLIANCE", "ADMIN"], "PLAN_REJECTED"],
  ["startVerification", "PLAN_ACCEPTED", ["COMPLIANCE", "ADMIN", "SYSTEM"], "VERIFYING"],
  ...(["ISSUED", "RESPONDED", "PLAN_ACCEPTED", "PLAN_REJECTED", "VERIFYING"] as const).map(
    (from): [FindingTransition, FindingStatus, FindingActor[], FindingStatus] => ["escalate", from, ["COMPLIANCE", "ADMIN", "SYSTEM"], "ESCALATED"],
  ),
  ...(["DRAFT", "ISSUED", "RESPONDED", "PLAN_ACCEPTED", "PLAN_REJECTED", "VERIFYING", "ESCALATED"] as const).map(
    (from): [FindingTransition, FindingStatus, FindingActor[], FindingStatus] => ["close", from, ["COMPLIANCE", "ADMIN"], "CLOSED"],
  ),
  ["reopen", "CLOSED", ["COMPLIANCE", "ADMIN"], "ISSUED"],
];

const expectedTo = (transition: FindingTransition, from: FindingStatus, actor: FindingActor): FindingStatus | null =>
  allowed.find(([t, f, who]) => t === transition && f === from && who.includes(actor))?.[3] ?? null;

const everyCombination = findingTransitions.flatMap((transition) => findingStatuses.flatMap((from) => actors.map((actor) => [transition, from, actor] as const)));

describe("checkTransition: every transition, status and role", () => {
  test.each(everyCombination)("%s from %s by %s", (transition, from, actor) => {
    const result = checkTransition({ transition, from, actor, context: plain, note: "a note" });
    const to = expectedTo(transition, from, actor);
    if (to === null) {
      expect(result.allowed).toBe(false);
      if (!result.allowed) expect(result.message).not.toBe("");
    } else {
      expect(result).toEqual({ allowed: true, to });
    }
  });
});

describe("checkTransition: reasons and context", () => {
  test.each([
    ["an executive cannot issue", { transition: "issue", from: "DRAFT", actor: "EXECUTIVE" }, "ROLE_NOT_ALLOWED"],
    ["compliance cannot respond for the agency", { transition: "respond", from: "ISSUED", actor: "COMPLIANCE" }, "ROLE_NOT_ALLOWED"],
    ["the scheduler cannot close", { transition: "close", from: "VERIFYING", actor: "SYSTEM" }, "ROLE_NOT_ALLOWED"],
    ["an agency cannot accept its own plan", { transition: "acceptPlan", from: "RESPONDED", actor: "AGENCY" }, "ROLE_NOT_ALLOWED"],
    ["a draft cannot be answered", { transition: "respond", from: "DRAFT", actor: "AGENCY" }, "STATUS_NOT_ALLOWED"],
    ["a closed finding cannot be escalated", { transition: "escalate", from: "CLOSED", actor: "COMPLIANCE" }, "STATUS_NOT_ALLOWED"],
    ["an issued finding cannot be issued again", { transition: "issue", from: "ISSUED", actor: "COMPLIANCE" }, "STATUS_NOT_ALLOWED"],
    ["an escalated finding is not escalated twice", { transition: "escalate", from: "ESCALATED", actor: "SYSTEM" }, "STATUS_NOT_ALLOWED"],
  ] as const)("%s", (_name, input, reason) => {
    const result = checkTransition({ ...input, context: plain, note: "n" });
    expect(result).toMatchObject({ allowed: false, reason });
  });

  test.each([
    ["rejectPlan", "RESPONDED", "COMPLIANCE"],
    ["close", "VERIFYING", "ADMIN"],
    ["reopen", "CLOSED", "COMPLIANCE"],
    ["escalate", "ISSUED", "COMPLIANCE"],
  ] as const)("%s from %s by %s needs a note", (transition, from, actor) => {
    for (const note of [undefined, "", "   "]) {
      expect(checkTransition({ transition, from, actor, context: plain, note })).toMatchObject({ allowed: false, reason: "NOTE_REQUIRED" });
    }
    expect(checkTransition({ transition, from, actor, context: plain, note: "why" }).allowed).toBe(true);
  });

  test("the scheduler escalates without a note (it records its reason); accepting a plan needs none", () => {
    expect(checkTransition({ transition: "escalate", from: "ISSUED", actor: "SYSTEM", context: plain })).toEqual({ allowed: true, to: "ESCALATED" });
    expect(checkTransition({ transition: "acceptPlan", from: "RESPONDED", actor: "COMPLIANCE", context: plain })).toEqual({ allowed: true, to: "PLAN_ACCEPTED" });
  });

  test("an escalation with an accepted plan is resolved by verification, not by a new answer", () => {
    const withPlan = { hasAcceptedPlan: true, wasIssued: true };
    expect(checkTransition({ transition: "respond", from: "ESCALATED", actor: "AGENCY", context: withPlan })).toMatchObject({ allowed: false, reason: "PLAN_ALREADY_ACCEPTED" });
    expect(checkTransition({ transition: "startVerification", from: "ESCALATED", actor: "SYSTEM", context: withPlan })).toEqual({ allowed: true, to: "VERIFYING" });
    expect(checkTransition({ transition: "startVerification", from: "ESCALATED", actor: "COMPLIANCE", context: plain })).toMatchObject({ allowed: false, reason: "NO_ACCEPTED_PLAN" });
  });

  test("a closed draft reopens as a draft, an issued one as issued", () => {
    expect(checkTransition({ transition: "reopen", from: "CLOSED", actor: "COMPLIANCE", context: { hasAcceptedPlan: false, wasIssued: false }, note: "n" })).toEqual({ allowed: true, to: "DRAFT" });
    expect(checkTransition({ transition: "reopen", from: "CLOSED", actor: "COMPLIANCE", context: { hasAcceptedPlan: true, wasIssued: true }, note: "n" })).toEqual({ allowed: true, to: "ISSUED" });
  });
});

describe("availableTransitions", () => {
  test.each([
    ["DRAFT", "COMPLIANCE", ["issue", "close"]],
    ["ISSUED", "AGENCY", ["respond"]],
    ["ISSUED", "EXECUTIVE", []],
    ["RESPONDED", "ADMIN", ["acceptPlan", "rejectPlan", "escalate", "close"]],
    ["CLOSED", "COMPLIANCE", ["reopen"]],
    ["PLAN_ACCEPTED", "SYSTEM", ["startVerification", "escalate"]],
  ] as const)("%s for %s", (from, actor, expected) => {
    expect(availableTransitions(from, actor, plain)).toEqual(expected);
  });
});

describe("checkOperation", () => {
  test.each([
    ["markActionDone", "PLAN_ACCEPTED", "AGENCY", true],
    ["markActionDone", "ESCALATED", "AGENCY", true],
    ["markActionDone", "PLAN_ACCEPTED", "COMPLIANCE", false],
    ["markActionDone", "RESPONDED", "AGENCY", false],
    ["attach", "RESPONDED", "AGENCY", true],
    ["attach", "DRAFT", "AGENCY", false],
    ["attach", "DRAFT", "COMPLIANCE", true],
    ["attach", "CLOSED", "COMPLIANCE", false],
    ["attach", "ISSUED", "EXECUTIVE", false],
    ["contest", "ISSUED", "AGENCY", true],
    ["contest", "DRAFT", "AGENCY", false],
    ["contest", "CLOSED", "AGENCY", false],
    ["contest", "ISSUED", "COMPLIANCE", false],
    ["decideContest", "CLOSED", "COMPLIANCE", true],
    ["decideContest", "ISSUED", "AGENCY", false],
    ["edit", "DRAFT", "COMPLIANCE", true],
    ["edit", "ISSUED", "COMPLIANCE", false],
    ["edit", "DRAFT", "VENDOR_MANAGER", false],
  ] as const)("%s on %s by %s: %s", (operation, from, actor, expected) => {
    expect(checkOperation(operation, from, actor).allowed).toBe(expected);
  });
});

test.each([
  ["DRAFT", false, false],
  ["ISSUED", true, true],
  ["CLOSED", false, false],
  ["CLOSED", true, true],
  ["ESCALATED", true, true],
] as const)("a %s finding (issued before: %s) is visible to its agency: %s", (status, wasIssued, expected) => {
  expect(isVisibleToAgency(status, wasIssued)).toBe(expected);
});
