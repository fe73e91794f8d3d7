import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { inflateSync } from "node:zlib";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { listApprovedAgencies } from "~/agency-register/register-lists.server";
import { addAgencyDocument, saveAgencyProfile, type RegisterActor } from "~/agency-register/register.server";
import { onePagePdf } from "~/demo/demo-register.server";
import { getEnv } from "~/env.server";
import { parsePdfFont } from "~/evaluations/pdf-font";
import { getPrisma } from "~/db/client.server";
import { createAgency, ensureUser } from "~/demo/factories.server";
import {
  EvaluationError,
  createEvaluation,
  getEvaluation,
  getEvaluationPdf,
  getEvaluationWorkbook,
  listAgenciesDue,
  listEvaluations,
  signEvaluation,
  updateEvaluation,
  type EvaluationViewer,
} from "~/evaluations/evaluations.server";
import { stopQueue } from "~/jobs/queue.server";
import { csv, importFile } from "../support/import-harness";

// Yearly evaluations (ADR 031): drafts from the period's figures, two signatures by role, frozen when signed.
let agencyId: number;
let vendor: EvaluationViewer;
let compliance: EvaluationViewer;
let agencyUser: EvaluationViewer;
let otherAgencyUser: EvaluationViewer;
let otherAgencyId: number;
let registerActor: RegisterActor;
const now = new Date("2026-12-05T08:00:00Z");

const edit = (overrides: Record<string, unknown> = {}) => ({
  sections: {
    performance: { score: 4, comment: "Recovery above plan." },
    compliance: { score: 2, comment: "=HYPERLINK(\"x\") evening calls" },
    infosec: { score: 3, comment: "", answers: { dataEncryption: "YES", accessControl: "PARTLY" } },
    operations: { score: 3, comment: "", answers: { trainingProgramme: "NO" } },
  },
  overallRating: 3,
  decision: "RENEW_WITH_CONDITIONS",
  conditions: [{ text: "Retrain every collector with a lapsed certificate", ruleCode: "UNTRAINED_AGENT" }],
  lenderNotes: "Consider reducing placements next quarter.",
  notesShared: false,
  ...overrides,
});

beforeAll(async () => {
  agencyId = await createAgency({ code: "EV01", name: "评估机构", timeZone: "Asia/Shanghai" });
  const other = await createAgency({ code: "EV02", name: "Other", timeZone: "Asia/Shanghai" });
  otherAgencyId = other;
  const ids = await Promise.all([
    ensureUser({ email: "ev-vendor@evaluations.test", name: "Vera Vendor", role: "VENDOR_MANAGER" }),
    ensureUser({ email: "ev-compliance@evaluations.test", name: "Cheng Compliance", role: "COMPLIANCE" }),
    ensureUser({ email: "ev-agency@evaluations.test", name: "Agency User", role: "AGENCY", agencyId }),
    ensureUser({ email: "ev-other@evaluations.test", name: "Other Agency User", role: "AGENCY", agencyId: other }),
  ]);
  vendor = { id: ids[0], role: "VENDOR_MANAGER", agencyId: null };
  compliance = { id: ids[1], role: "COMPLIANCE", agencyId: null };
  agencyUser = { id: ids[2], role: "AGENCY", agencyId };
  otherAgencyUser = { id: ids[3], role: "AGENCY", agencyId: other };
  registerActor = { userId: ids[0], role: "VENDOR_MANAGER", agencyId: null };
  // The register: an information-security attestation that expired a few days before the evaluation, a valid contract.
  const pdf = onePagePdf("EV01");
  await addAgencyDocument({ agencyId, fileName: "attestation.pdf", bytes: pdf, type: "INFOSEC_ATTESTATION", validFrom: "2025-12-01", expiresOn: "2026-11-30" }, registerActor, now);
  await addAgencyDocument({ agencyId, fileName: "contract.pdf", bytes: pdf, type: "CONTRACT", validFrom: "2025-01-01", expiresOn: "2027-12-31" }, registerActor, now);
  await importFile({ kind: "PLACEMENTS", fileName: "ev-placements.csv", content: csv([["account_number", "customer_id", "agency_code", "placed_at", "placed_balance"], ["EV-1", "EV-C1", "EV01", "2026-01-05", "5000.00"]]) });
  await importFile({
    kind: "ACTIVITIES",
    agencyId,
    fileName: "ev-activities.csv",
    content: csv([
      ["event_id", "account_number", "agent_id", "occurred_at", "type", "outcome", "amount"],
      ["EV-E1", "EV-1", "A1", "2026-03-02 10:00", "CALL", "CONNECTED", null],
      ["EV-E2", "EV-1", null, "2026-03-20 10:00", "PAYMENT", null, "1000.00"],
    ]),
  });
  // A1's certificate had lapsed before the call: one UNTRAINED_AGENT violation, which the condition's finding rests on.
  await importFile({
    kind: "AGENTS",
    agencyId,
    fileName: "ev-roster.csv",
    content: csv([["agent_id", "agent_name", "start_date", "training_course", "training_date", "certificate_expiry"], ["A1", "Ann", "2025-01-01", "Basics", "2025-01-05", "2026-01-04"]]),
  });
});

afterAll(async () => {
  await stopQueue();
});

const expectError = async (promise: Promise<unknown>, code: string) => {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(EvaluationError);
  expect((error as EvaluationError).code).toBe(code);
};

describe("an agency's evaluation", () => {
  let id: number;

  test("an agency never evaluated is due; a draft is filled from the period's figures", async () => {
    expect((await listAgenciesDue(vendor, now)).find((row) => row.agencyId === agencyId)?.reasons).toEqual(["NEVER_EVALUATED"]);
    await expectError(listAgenciesDue(agencyUser, now), "FORBIDDEN");
    id = await createEvaluation({ agencyId, from: "2026-01-01", to: "2026-11-30" }, vendor, now);
    const draft = await getEvaluation(vendor, id);
    expect(draft.status).toBe("DRAFT");
    expect(draft.figures.performance.collected).toBe(1000);
    expect(draft.figures.compliance.outboundContacts).toBe(1);
    // The information-security and operations sections rest on the register's documents as they stand on the day.
    expect(draft.figures.documents).toMatchObject({
      asOf: "2026-12-05",
      items: [
        { type: "CONTRACT", version: 1, expiresOn: "2027-12-31", valid: true, section: "operations" },
        { type: "INFOSEC_ATTESTATION", version: 1, expiresOn: "2026-11-30", valid: false, section: "infosec" },
      ],
    });
    expect(draft.figures.documents?.missingRequired).toContain("INFOSEC_ATTESTATION");
    // Drafts are the lender's own.
    await expectError(getEvaluation(agencyUser, id), "NOT_FOUND");
    expect(await listEvaluations(agencyUser)).toEqual([]);
  });

  test("signing needs every section scored, a rating and a decision; one person signs only their role's part", async () => {
    let version = (await getEvaluation(vendor, id)).version;
    const problems = await signEvaluation(id, version, vendor, now).then(() => [], (error: EvaluationError) => error.problems);
    expect(problems).toContain("evaluations.validation.decision");
    await updateEvaluation(id, edit(), version, compliance, now);
    version = (await getEvaluation(vendor, id)).version;
    await expectError(signEvaluation(id, version, { ...vendor, role: "ADMIN" }, now), "FORBIDDEN");
    await expectError(signEvaluation(id, version, agencyUser, now), "FORBIDDEN");
    expect(await signEvaluation(id, version, vendor, now)).toEqual({ status: "signed-once", findingIds: [] });
    // A second vendor signature is not the compliance officer's.
    await expectError(signEvaluation(id, version + 1, vendor, now), "CONFLICT");
  });

  test("the second signature freezes it: workbook and SHA-256 stored, the condition raised as a finding", async () => {
    const version = (await getEvaluation(vendor, id)).version;
    const outcome = await signEvaluation(id, version, compliance, now);
    expect(outcome.status).toBe("frozen");
    expect(outcome.findingIds).toHaveLength(1);
    const finding = await getPrisma().finding.findUniqueOrThrow({ where: { id: outcome.findingIds[0] } });
    expect(finding).toMatchObject({ agencyId, title: "Retrain every collector with a lapsed certificate", ruleCodes: ["UNTRAINED_AGENT"] });
    const signed = await getEvaluation(vendor, id);
    expect(signed).toMatchObject({ status: "SIGNED", vendorSigner: "Vera Vendor", complianceSigner: "Cheng Compliance", conditionFindingIds: outcome.findingIds });
    const file = await getEvaluationWorkbook(vendor, id);
    expect(createHash("sha256").update(file.bytes).digest("hex")).toBe(file.sha256);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(file.bytes) as unknown as ArrayBuffer);
    const cells = workbook.worksheets.flatMap((sheet) => sheet.getSheetValues().flat().map(String));
    expect(cells).toContain("EV01");
    expect(cells).toContain("Retrain every collector with a lapsed certificate");
    // Formula-looking text is neutralised; notes not shared stay out of the file.
    expect(cells.some((cell) => cell.startsWith("=HYPERLINK"))).toBe(false);
    expect(cells.join("\n")).not.toContain("Consider reducing placements");
    // The register documents are in the signed file, with their validity on the evaluation's day.
    const documents = workbook.getWorksheet("Documents");
    expect(documents?.getCell("B1").value).toBe("2026-12-05");
    const documentRows = (documents?.getSheetValues() ?? []).slice(3).map((row) => (row as unknown[]).slice(1, 7).map(String));
    expect(documentRows.slice(0, 2)).toEqual([
      ["Information security / 信息安全", "Information-security attestation / 信息安全证明", "1", "2025-12-01", "2026-11-30", "not valid / 无效"],
      ["Operations / 运营", "Contract / 合同", "1", "2025-01-01", "2027-12-31", "valid / 有效"],
    ]);
    expect(documentRows[2]?.[0]).toBe("Required without a valid document / 缺少有效文件的必备类型");
    expect(documentRows[2]?.[1]).toContain("Information-security attestation / 信息安全证明");
    await expectError(updateEvaluation(id, edit(), signed.version, vendor, now), "CONFLICT");
    // The PDF of the same record, in the CJK font when this machine has it (fonts-noto-cjk); the workbook alone otherwise.
    if (existsSync(parsePdfFont(getEnv().OVERSIGHT_PDF_FONT).path)) {
      const pdf = await getEvaluationPdf(vendor, id);
      expect(Buffer.from(pdf.bytes).subarray(0, 5).toString()).toBe("%PDF-");
      expect(createHash("sha256").update(pdf.bytes).digest("hex")).toBe(pdf.sha256);
      expect(signed.pdfSha256).toBe(pdf.sha256);
      // The agency's Chinese name is set in the embedded font: its glyphs map back to 评估机构 (U+8BC4 U+4F30 U+673A U+6784).
      const streams = [...Buffer.from(pdf.bytes).toString("latin1").matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)].flatMap((match) => {
        try {
          return [inflateSync(Buffer.from(match[1]!, "latin1")).toString("latin1").toLowerCase()];
        } catch {
          return [];
        }
      });
      const toUnicode = streams.filter((stream) => stream.includes("beginbfchar") || stream.includes("beginbfrange")).join("\n");
      for (const codePoint of ["8bc4", "4f30", "673a", "6784"]) expect(toUnicode).toContain(`<${codePoint}>`);
      await expectError(getEvaluationPdf(otherAgencyUser, id), "NOT_FOUND");
    } else {
      expect(signed.pdfSha256).toBeNull();
    }
    // The approved-agency list shows the signing day and the overall rating.
    const [row] = await listApprovedAgencies(now, { agencyId });
    expect(row).toMatchObject({ code: "EV01", lastEvaluatedOn: "2026-12-05", rating: "3/5" });
  });

  test("a signed evaluation's bytes and figures never change after new imports", async () => {
    const before = await getEvaluationWorkbook(vendor, id);
    const pdfBefore = (await getEvaluation(vendor, id)).pdfSha256;
    const figuresBefore = (await getEvaluation(vendor, id)).figures;
    await importFile({
      kind: "ACTIVITIES",
      agencyId,
      fileName: "ev-activities-2.csv",
      content: csv([
        ["event_id", "account_number", "agent_id", "occurred_at", "type", "outcome", "amount"],
        ["EV-E3", "EV-1", null, "2026-04-02 10:00", "PAYMENT", null, "2000.00"],
        ["EV-E4", "EV-1", "A1", "2026-04-03 23:30", "CALL", "CONNECTED", null],
      ]),
    });
    // A renewed attestation uploaded after signing changes nothing of the signed record either.
    await addAgencyDocument({ agencyId, fileName: "attestation-2027.pdf", bytes: onePagePdf("EV01 2027"), type: "INFOSEC_ATTESTATION", validFrom: "2026-12-01", expiresOn: "2027-11-30" }, registerActor, now);
    const after = await getEvaluationWorkbook(vendor, id);
    expect(Buffer.from(after.bytes).equals(Buffer.from(before.bytes))).toBe(true);
    expect((await getEvaluation(vendor, id)).pdfSha256).toBe(pdfBefore);
    expect(after.sha256).toBe(before.sha256);
    expect((await getEvaluation(vendor, id)).figures).toEqual(figuresBefore);
    // A new draft for the same period sees the new payment: the frozen one did not.
    const fresh = await createEvaluation({ agencyId, from: "2026-01-01", to: "2026-11-30" }, compliance, now);
    expect((await getEvaluation(vendor, fresh)).figures.performance.collected).toBe(3000);
    expect((await getEvaluation(vendor, fresh)).figures.documents?.items.find((item) => item.type === "INFOSEC_ATTESTATION")).toMatchObject({ version: 2, valid: true });
    expect(figuresBefore.documents?.items.find((item) => item.type === "INFOSEC_ATTESTATION")).toMatchObject({ version: 1, valid: false });
    expect(figuresBefore.performance.collected).toBe(1000);
  });

  test("the agency sees its signed evaluation without the lender's notes unless they were shared; other agencies see nothing", async () => {
    const seen = await getEvaluation(agencyUser, id);
    expect(seen.status).toBe("SIGNED");
    expect(seen.lenderNotes).toBeNull();
    expect((await getEvaluation(vendor, id)).lenderNotes).toBe("Consider reducing placements next quarter.");
    await expectError(getEvaluation(otherAgencyUser, id), "NOT_FOUND");
    await expectError(getEvaluationWorkbook(otherAgencyUser, id), "NOT_FOUND");
    expect((await listEvaluations(agencyUser)).map((row) => row.id)).toEqual([id]);

    const shared = await createEvaluation({ agencyId, from: "2025-12-01", to: "2026-11-30" }, vendor, now);
    await updateEvaluation(shared, edit({ decision: "RENEW", conditions: [], notesShared: true, lenderNotes: "Well run." }), 0, vendor, now);
    await signEvaluation(shared, 1, vendor, now);
    await signEvaluation(shared, 2, compliance, now);
    expect((await getEvaluation(agencyUser, shared)).lenderNotes).toBe("Well run.");
  });

  test("once signed, the agency is no longer due", async () => {
    expect((await listAgenciesDue(vendor, now)).find((row) => row.agencyId === agencyId)).toBeUndefined();
  });
});

describe("due because the register's contract ends within its notice period", () => {
  test.each([
    ["inside a 30-day notice period", 30, true],
    ["outside a 10-day notice period", 10, false],
  ])("contract ends in 20 days, %s", async (_name, noticeDays, due) => {
    const profile = { legalName: "Other Ltd", contractStart: "2025-01-01", contractEnd: "2026-12-25", renewalNoticeDays: noticeDays };
    await saveAgencyProfile(otherAgencyId, profile, registerActor);
    const row = (await listAgenciesDue(vendor, now)).find((candidate) => candidate.agencyId === otherAgencyId);
    expect(row?.reasons.includes("CONTRACT_ENDING") ?? false).toBe(due);
    expect(row?.contract ?? null).toEqual(due ? { endsOn: "2026-12-25", noticeDays, noticeFrom: "2026-11-25" } : null);
  });
});
