import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { seedDemoFindings, type DemoFindingsResult } from "~/demo/demo-findings.server";
import type { DemoPortfolioFiles } from "~/demo/portfolio/generate-portfolio";
import type { FindingVerification } from "~/findings/finding-types";
import { useLoadedDemoDatabase } from "../support/demo-database";

// The demo's findings, made by the domain functions on a small demo portfolio loaded as `npm run demo` loads it:
// fixed agency codes and user emails, so a database of its own.
let restoreDatabase: () => Promise<void>;
let files: DemoPortfolioFiles;
let seeded: DemoFindingsResult;
const anchor = new Date("2026-11-15T00:00:00Z");

beforeAll(async () => {
  // The portfolio loaded once per run and copied for each file that asks for it (test/support/demo-database.ts).
  ({ files, restore: restoreDatabase } = await useLoadedDemoDatabase("demo_findings", { seed: 42, scale: 0.01, anchorDate: anchor }));
  seeded = await seedDemoFindings({ window: files.window, now: anchor });
}, 900_000);

afterAll(async () => {
  await restoreDatabase();
});

const findingOf = (agencyCode: string, status: string) => {
  const made = seeded.findings.find((finding) => finding.agencyCode === agencyCode && finding.status === status);
  return getPrisma().finding.findUniqueOrThrow({ where: { id: made?.findingId ?? -1 }, include: { agency: { select: { code: true } }, responses: { include: { actions: true } } } });
};

describe("the demo findings", () => {
  test("one in every state a visitor should see, nothing skipped", async () => {
    expect(seeded.skipped).toEqual([]);
    const blitz = await findingOf("BLITZ", "ESCALATED");
    expect(blitz).toMatchObject({ status: "ESCALATED", escalationReason: "RESPONSE_OVERDUE", ruleCodes: ["CONTACT_HOURS"], agency: { code: "BLITZ" } });
    const kinlink = await findingOf("KINLINK", "ISSUED");
    expect(kinlink).toMatchObject({ status: "ISSUED", ruleCodes: ["THIRD_PARTY_DISCLOSURE"] });
    expect(kinlink.responseDueOn!.getTime()).toBeGreaterThan(anchor.getTime());
    const crossline = await findingOf("CROSSLINE", "RESPONDED");
    expect(crossline.status).toBe("RESPONDED");
    expect(crossline.responses[0]?.actions.length).toBeGreaterThan(0);
    expect(crossline.responses[0]?.decision).toBeNull();
    const statuses = (await getPrisma().finding.groupBy({ by: ["status", "origin"], _count: { _all: true } })).map((row) => `${row.origin} ${row.status}`);
    expect(statuses).toContain("POLICY DRAFT");
    // Every state of the life cycle is on show.
    expect(new Set(statuses.map((entry) => entry.split(" ")[1]))).toEqual(new Set(["DRAFT", "ISSUED", "RESPONDED", "PLAN_ACCEPTED", "PLAN_REJECTED", "VERIFYING", "CLOSED", "ESCALATED"]));
    const accepted = await findingOf(seeded.findings.find((finding) => finding.status === "PLAN_ACCEPTED")!.agencyCode, "PLAN_ACCEPTED");
    expect(accepted.responses.at(-1)).toMatchObject({ decision: "ACCEPTED" });
    const rejected = await findingOf(seeded.findings.find((finding) => finding.status === "PLAN_REJECTED")!.agencyCode, "PLAN_REJECTED");
    expect(rejected.responses.at(-1)).toMatchObject({ decision: "REJECTED" });
    expect(rejected.responseDueOn!.getTime()).toBeGreaterThan(anchor.getTime());
    const verifying = await findingOf(seeded.findings.find((finding) => finding.status === "VERIFYING")!.agencyCode, "VERIFYING");
    expect(verifying.verification).toMatchObject({ outcome: "PENDING", windowComplete: false });
    expect(seeded.drafts).toBeGreaterThan(0);
  });

  test("the closed finding (ANCHOR's whenever it has a violation) shows the improvement, before and after, with the counts", async () => {
    const closed = seeded.findings.find((finding) => finding.status === "CLOSED");
    const anchorHasViolations = (await getPrisma().violation.count({ where: { agency: { code: "ANCHOR" } } })) > 0;
    if (anchorHasViolations) expect(closed?.agencyCode).toBe("ANCHOR");
    const anchorFinding = await findingOf(closed?.agencyCode ?? "none", "CLOSED");
    expect(anchorFinding.status).toBe("CLOSED");
    const verification = anchorFinding.verification as FindingVerification;
    expect(verification).toMatchObject({ outcome: "IMPROVED", windowComplete: true });
    expect(verification.before.violations).toBeGreaterThan(0);
    expect(verification.after!.outboundContacts).toBeGreaterThan(0);
    expect(verification.after!.per1000Contacts!).toBeLessThan(verification.before.per1000Contacts!);
    const events = await getPrisma().findingEvent.findMany({ where: { findingId: anchorFinding.id }, orderBy: { id: "asc" }, select: { action: true } });
    expect(events.map((event) => event.action)).toEqual(["raise", "issue", "respond", "acceptPlan", "markActionDone", "startVerification", "close"]);
  });

  test("the steps notified the demo's users, and a second run creates nothing", async () => {
    const agencyUser = await getPrisma().user.findUniqueOrThrow({ where: { email: "agency@oversight.demo" } });
    const kinds = (await getPrisma().notification.findMany({ where: { userId: agencyUser.id }, select: { kind: true } })).map((row) => row.kind);
    expect(kinds).toEqual(expect.arrayContaining(["FINDING_ISSUED", "FINDING_OVERDUE"]));
    const count = await getPrisma().finding.count();
    const again = await seedDemoFindings({ window: { from: "2025-11-01", to: "2026-10-31" }, now: anchor });
    expect(again.findings).toEqual([]);
    expect(await getPrisma().finding.count()).toBe(count);
  });
});
