import { beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { createAgency, ensureUser } from "~/demo/factories.server";
import { createRuleTestCustomer, insertActivityEvents } from "~/demo/rule-factories.server";
import { MAX_ATTACHMENT_BYTES } from "~/files/attachment-type";
import { addFindingAttachment, getAttachmentForDownload } from "~/findings/attachments.server";
import { contestViolation, decideContest, listContests } from "~/findings/contests.server";
import { getFinding, listFindingEvidence } from "~/findings/finding-queries.server";
import { actorFromUser, closeFinding, issueFinding, raiseFindingByRules } from "~/findings/findings.server";
import { FindingError, type FindingActorRef } from "~/findings/finding-types";
import { getViolationsByRule } from "~/metrics/metrics.server";
import { refreshRollupsForAccounts } from "~/metrics/refresh-rollups.server";
import { evaluateRulesForAccounts } from "~/rules/evaluate-rules.server";
import { ensureDefaultRulePacks } from "~/rules/rule-packs.server";
import * as attachmentRoute from "~/routes/findings.$id.attachments.$attachmentId";
import * as uploadRoute from "~/routes/findings.$id.attachments";
import { bodyLimitFor } from "~/http/body-limits";
import { maxUploadBytes } from "~/env.server";
import { buildRequest, runRoute, sessionCookieFor } from "../support/route-harness";

const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`.toUpperCase();
const code = `FCA${suffix}`;
let agencyId: number;
let otherAgencyId: number;
let compliance: FindingActorRef;
let agency: FindingActorRef;
let otherAgency: FindingActorRef;
let findingId: number;
let violationIds: string[];
let otherViolationId: string;

const now = new Date("2026-04-05T02:00:00Z");
const pdf = new Uint8Array([...Buffer.from("%PDF-1.7\n%evidence\n")]);

async function refusal(promise: Promise<unknown>): Promise<FindingError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(FindingError);
  return error as FindingError;
}

beforeAll(async () => {
  await ensureDefaultRulePacks();
  agencyId = await createAgency({ code, name: "Contests agency" });
  otherAgencyId = await createAgency({ code: `FCO${suffix}`, name: "Contests other" });
  const customers = await Promise.all([1, 2, 3].map(() => createRuleTestCustomer({ accounts: [{ agencyId, placedAt: "2026-02-01" }] })));
  const other = await createRuleTestCustomer({ accounts: [{ agencyId: otherAgencyId, placedAt: "2026-02-01" }] });
  const accountIds = [...customers.map((customer) => customer.accounts[0]!.accountId), other.accounts[0]!.accountId];
  await insertActivityEvents([
    ...customers.map((customer, index) => ({ agencyId, accountId: customer.accounts[0]!.accountId, occurredAt: `2026-03-1${index}T22:15:00+08:00` })),
    ...customers.map((customer, index) => ({ agencyId, accountId: customer.accounts[0]!.accountId, occurredAt: `2026-03-2${index}T10:15:00+08:00` })),
    { agencyId: otherAgencyId, accountId: other.accounts[0]!.accountId, occurredAt: "2026-03-12T22:15:00+08:00" },
  ]);
  await evaluateRulesForAccounts({ accountIds });
  await refreshRollupsForAccounts(accountIds);
  const [complianceId, agencyUserId, otherUserId] = await Promise.all([
    ensureUser({ email: `fca-compliance-${suffix}@findings.test`, name: "Contest Compliance", role: "COMPLIANCE" }),
    ensureUser({ email: `fca-agency-${suffix}@findings.test`, name: "Contest Agency", role: "AGENCY", agencyId }),
    ensureUser({ email: `fca-other-${suffix}@findings.test`, name: "Contest Other", role: "AGENCY", agencyId: otherAgencyId }),
  ]);
  compliance = actorFromUser({ id: complianceId, role: "COMPLIANCE", agencyId: null });
  agency = actorFromUser({ id: agencyUserId, role: "AGENCY", agencyId });
  otherAgency = actorFromUser({ id: otherUserId, role: "AGENCY", agencyId: otherAgencyId });
  const raised = await raiseFindingByRules({ agencyId, ruleCodes: ["CONTACT_HOURS"], from: "2026-03-01", to: "2026-03-31" }, compliance, now);
  findingId = raised.findingId;
  await issueFinding({ findingId, responseDueOn: "2026-04-20" }, compliance, now);
  violationIds = (await listFindingEvidence(agency, findingId)).rows.map((row) => row.violationId);
  otherViolationId = (await getPrisma().violation.findFirstOrThrow({ where: { agencyId: otherAgencyId } })).id.toString();
});

describe("contests", () => {
  test("the agency contests a violation; compliance upholds it: dismissed with the reason, and the metrics drop it", async () => {
    expect(violationIds).toHaveLength(3);
    const countMarch = async () => (await getViolationsByRule({ from: "2026-03-01", to: "2026-03-31", agencyIds: [agencyId] })).reduce((sum, row) => sum + row.count, 0);
    expect(await countMarch()).toBe(3);
    const contested = await contestViolation({ violationId: violationIds[0]!, reason: "DEBTOR_REQUESTED_CALL", note: "The debtor asked for an evening call (recording 1182).", findingId }, agency, now);
    expect(contested.contest).toMatchObject({ status: "PENDING", reason: "DEBTOR_REQUESTED_CALL", findingId });
    // One pending contest per violation.
    expect((await refusal(contestViolation({ violationId: violationIds[0]!, reason: "WRONG_DATA", findingId }, agency, now))).reason).toBe("CONTEST_PENDING");
    // Compliance needs a note; an agency cannot decide.
    expect((await refusal(decideContest({ contestId: contested.contest.id, decision: "UPHOLD", note: "" }, compliance, now))).reason).toBe("NOTE_REQUIRED");
    expect((await refusal(decideContest({ contestId: contested.contest.id, decision: "UPHOLD", note: "x" }, agency, now))).code).toBe("FORBIDDEN");
    const decided = await decideContest({ contestId: contested.contest.id, decision: "UPHOLD", note: "Recording confirms the request." }, compliance, now);
    expect(decided).toMatchObject({ dismissed: true, contest: { status: "UPHELD", decisionNote: "Recording confirms the request." } });
    const violation = await getPrisma().violation.findFirstOrThrow({ where: { id: BigInt(violationIds[0]!) } });
    expect(violation.status).toBe("DISMISSED");
    expect(violation.reviewNote).toContain("DEBTOR_REQUESTED_CALL");
    expect(await countMarch()).toBe(2);
    // The finding's evidence keeps the violation as fixed, beside its status now.
    const evidence = (await listFindingEvidence(compliance, findingId)).rows.find((row) => row.violationId === violationIds[0]);
    expect(evidence).toMatchObject({ statusWhenFixed: "OPEN", statusNow: "DISMISSED", contest: { status: "UPHELD" } });
    expect((await refusal(decideContest({ contestId: contested.contest.id, decision: "REJECT", note: "again" }, compliance, now))).reason).toBe("NOT_OPEN");
    const events = (await getFinding(compliance, findingId, now)).events.map((event) => event.action);
    expect(events).toEqual(expect.arrayContaining(["contest", "decideContest"]));
  });

  test("a rejected contest leaves the violation counted; bad contests are refused with the reason", async () => {
    const contested = await contestViolation({ violationId: violationIds[1]!, reason: "CONSENT_ON_FILE" }, agency, now);
    const decided = await decideContest({ contestId: contested.contest.id, decision: "REJECT", note: "No consent form on file." }, compliance, now);
    expect(decided).toMatchObject({ dismissed: false, contest: { status: "REJECTED" } });
    expect((await getPrisma().violation.findFirstOrThrow({ where: { id: BigInt(violationIds[1]!) } })).status).toBe("OPEN");
    expect((await refusal(contestViolation({ violationId: violationIds[2]!, reason: "OTHER", note: "" }, agency, now))).reason).toBe("NOTE_REQUIRED");
    expect((await refusal(contestViolation({ violationId: violationIds[2]!, reason: "NOT_A_REASON" as never }, agency, now))).code).toBe("INVALID");
    // Another agency's violation, or this agency's outside the finding.
    expect((await refusal(contestViolation({ violationId: otherViolationId, reason: "WRONG_DATA" }, agency, now))).code).toBe("NOT_FOUND");
    expect((await refusal(contestViolation({ violationId: violationIds[2]!, reason: "WRONG_DATA" }, otherAgency, now))).code).toBe("NOT_FOUND");
    expect((await refusal(contestViolation({ violationId: violationIds[2]!, reason: "WRONG_DATA" }, compliance, now))).code).toBe("FORBIDDEN");
    expect((await listContests(otherAgency)).filter((contest) => violationIds.includes(contest.violationId))).toEqual([]);
    expect((await listContests(agency, { findingId })).length).toBeGreaterThanOrEqual(1);
  });
});

describe("attachments", () => {
  test("stored once by SHA-256, downloaded by the agency and compliance with an access-log entry, never by another agency", async () => {
    const first = await addFindingAttachment({ findingId, fileName: "C:\\plans\\整改计划.pdf", bytes: pdf }, agency, now);
    const second = await addFindingAttachment({ findingId, fileName: "copy.pdf", bytes: pdf }, compliance, now);
    expect(first).toMatchObject({ fileName: "整改计划.pdf", contentType: "application/pdf", size: pdf.byteLength, uploadedBy: "Contest Agency" });
    expect(second.sha256).toBe(first.sha256);
    expect(await getPrisma().storedFile.count({ where: { sha256: first.sha256 } })).toBe(1);
    const download = await getAttachmentForDownload({ findingId, attachmentId: first.id }, agency);
    expect(Buffer.from(download.bytes).equals(Buffer.from(pdf))).toBe(true);
    const logged = await getPrisma().accessLog.findFirst({ where: { action: "FINDING_ATTACHMENT_DOWNLOADED", resourceId: String(first.id), userId: agency.userId } });
    expect(logged?.detail).toMatchObject({ findingId, fileName: "整改计划.pdf", sha256: first.sha256 });
    expect((await refusal(getAttachmentForDownload({ findingId, attachmentId: first.id }, otherAgency))).code).toBe("NOT_FOUND");
    expect(await getPrisma().accessLog.count({ where: { action: "FINDING_ATTACHMENT_DOWNLOADED", userId: otherAgency.userId } })).toBe(0);
    expect((await getFinding(agency, findingId, now)).attachments.map((file) => file.fileName)).toEqual(["整改计划.pdf", "copy.pdf"]);

    // The download route: the bytes with their type and name for the agency's user, 404 for another agency's.
    const path = `/findings/${findingId}/attachments/${first.id}`;
    const params = { id: String(findingId), attachmentId: String(first.id) };
    const response = (await attachmentRoute.loader({ request: buildRequest(path, { cookie: await sessionCookieFor(agency.userId!) }), params, context: {} })) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Content-Disposition")).toContain(`filename*=UTF-8''${encodeURIComponent("整改计划.pdf")}`);
    expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(pdf))).toBe(true);
    expect((await runRoute(attachmentRoute.loader, buildRequest(path, { cookie: await sessionCookieFor(otherAgency.userId!) }), params)).status).toBe(404);
  });

  test("over the limit, a refused type, an empty file: clear errors, nothing stored", async () => {
    const before = await getPrisma().findingAttachment.count({ where: { findingId } });
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    big.set(pdf);
    const tooLarge = await refusal(addFindingAttachment({ findingId, fileName: "huge.pdf", bytes: big }, agency, now));
    expect(tooLarge).toMatchObject({ reason: "ATTACHMENT_TOO_LARGE", httpStatus: 413 });
    expect(tooLarge.message).toContain("10 MB");
    const exe = await refusal(addFindingAttachment({ findingId, fileName: "tool.exe", bytes: new Uint8Array([0x4d, 0x5a, 0x90]) }, agency, now));
    expect(exe).toMatchObject({ reason: "ATTACHMENT_TYPE", httpStatus: 415 });
    const disguised = await refusal(addFindingAttachment({ findingId, fileName: "plan.pdf", bytes: new Uint8Array([0x4d, 0x5a, 0x90, 0, 0, 0, 0, 0]) }, agency, now));
    expect(disguised.message).toContain("not a .pdf file");
    expect((await refusal(addFindingAttachment({ findingId, fileName: "empty.pdf", bytes: new Uint8Array() }, agency, now))).reason).toBe("ATTACHMENT_EMPTY");
    expect((await refusal(addFindingAttachment({ findingId, fileName: "x.pdf", bytes: pdf }, otherAgency, now))).code).toBe("NOT_FOUND");
    expect(await getPrisma().findingAttachment.count({ where: { findingId } })).toBe(before);
  });

  test("the upload route: multipart in, the attachment or the refusal with its status out", async () => {
    const cookie = await sessionCookieFor(agency.userId!);
    const upload = (fileName: string, bytes: Uint8Array, who = cookie) => {
      const form = new FormData();
      form.set("file", new File([new Uint8Array(bytes)], fileName));
      const request = new Request(`http://test.local/findings/${findingId}/attachments`, { method: "POST", headers: { cookie: who, "x-oversight-client-address": "127.0.0.1" }, body: form });
      return runRoute(uploadRoute.action, request, { id: String(findingId) });
    };
    expect(await upload("evidence.pdf", pdf)).toMatchObject({ status: 201, body: { ok: true, attachment: { fileName: "evidence.pdf", contentType: "application/pdf" } } });
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    big.set(pdf);
    expect(await upload("big.pdf", big)).toMatchObject({ status: 413, body: { ok: false, reason: "ATTACHMENT_TOO_LARGE" } });
    expect(await upload("tool.exe", new Uint8Array([0x4d, 0x5a]))).toMatchObject({ status: 415, body: { reason: "ATTACHMENT_TYPE" } });
    expect((await upload("x.pdf", pdf, await sessionCookieFor(otherAgency.userId!))).status).toBe(404);
    // The Express layer lets the attachment path carry a file of the limit (ordinary forms stop at 64 KB).
    expect(bodyLimitFor(`/findings/${findingId}/attachments`, maxUploadBytes()).maxBytes).toBeGreaterThan(MAX_ATTACHMENT_BYTES);
    expect(bodyLimitFor(`/findings/${findingId}`, maxUploadBytes()).maxBytes).toBe(64 * 1024);
  });

  test("a closed finding takes no more files", async () => {
    const raised = await raiseFindingByRules({ agencyId, ruleCodes: ["CONTACT_HOURS"], from: "2026-03-01", to: "2026-03-31" }, compliance, now);
    await closeFinding({ findingId: raised.findingId, note: "Duplicate of another finding." }, compliance, now);
    expect((await refusal(addFindingAttachment({ findingId: raised.findingId, fileName: "a.pdf", bytes: pdf }, compliance, now))).code).toBe("CONFLICT");
  });
});
