import { beforeAll, describe, expect, test } from "vitest";
import { runExpiryReminders } from "~/agency-register/expiry-reminders.server";
import { RegisterError } from "~/agency-register/register-input";
import { listActionRequired, listApprovedAgencies, listRegisterDocuments } from "~/agency-register/register-lists.server";
import { addAgencyDocument, getAgencyDocumentForDownload, getAgencyRegister, saveAgencyLicence, saveAgencyProfile, saveRequiredDocuments, setAgencyStatus, type RegisterActor } from "~/agency-register/register.server";
import { getPrisma } from "~/db/client.server";
import { createAgency, ensureUser } from "~/demo/factories.server";
import { MAX_ATTACHMENT_BYTES } from "~/files/attachment-type";
import { renderStoredImportText } from "~/ingest/rows/import-message";
import * as downloadRoute from "~/routes/agencies.$code.register.documents.$documentId";
import * as uploadRoute from "~/routes/agencies.$code.register.documents";
import * as registerPage from "~/routes/_app.agencies.$code_.register";
import { csv, importFile } from "../support/import-harness";
import { buildRequest, runRoute, sessionCookieFor } from "../support/route-harness";
import { inEnglish } from "../support/row-errors";

const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`.toUpperCase();
const code = `RG${suffix}`;
let agencyId: number;
let otherAgencyId: number;
let vendorManager: RegisterActor;
let agencyUser: RegisterActor;
let otherAgencyUser: RegisterActor;
let executiveId: number;

const pdf = new Uint8Array([...Buffer.from(`%PDF-1.7\n%register ${suffix}\n`)]);
const pdf2 = new Uint8Array([...Buffer.from(`%PDF-1.7\n%register v2 ${suffix}\n`)]);
// 10:00 in Shanghai (the lender's zone) on the given day.
const at = (day: string) => new Date(`${day}T02:00:00Z`);

async function refusal(promise: Promise<unknown>): Promise<RegisterError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(RegisterError);
  return error as RegisterError;
}

beforeAll(async () => {
  agencyId = await createAgency({ code, name: "Register agency" });
  otherAgencyId = await createAgency({ code: `RO${suffix}`, name: "Register other" });
  const [vmId, agencyUserId, otherUserId, execId] = await Promise.all([
    ensureUser({ email: `rg-vm-${suffix}@register.test`, name: "Register VM", role: "VENDOR_MANAGER" }),
    ensureUser({ email: `rg-agency-${suffix}@register.test`, name: "Register Agency", role: "AGENCY", agencyId }),
    ensureUser({ email: `rg-other-${suffix}@register.test`, name: "Register Other", role: "AGENCY", agencyId: otherAgencyId }),
    ensureUser({ email: `rg-exec-${suffix}@register.test`, name: "Register Exec", role: "EXECUTIVE" }),
  ]);
  vendorManager = { userId: vmId, role: "VENDOR_MANAGER", agencyId: null };
  agencyUser = { userId: agencyUserId, role: "AGENCY", agencyId };
  otherAgencyUser = { userId: otherUserId, role: "AGENCY", agencyId: otherAgencyId };
  executiveId = execId;
});

describe("documents", () => {
  test("bad input is refused with a clear reason and stores nothing", async () => {
    const before = await getPrisma().agencyDocument.count({ where: { agencyId } });
    const exe = await refusal(addAgencyDocument({ agencyId, fileName: "tool.exe", bytes: new Uint8Array([0x4d, 0x5a, 0x90, 0]), type: "DPA" }, vendorManager, at("2026-12-01")));
    expect(exe).toMatchObject({ code: "UNSUPPORTED", reason: "ATTACHMENT_TYPE", field: "file" });
    const disguised = await refusal(addAgencyDocument({ agencyId, fileName: "dpa.pdf", bytes: new Uint8Array([0x4d, 0x5a, 0x90, 0, 0, 0, 0, 0]), type: "DPA" }, vendorManager, at("2026-12-01")));
    expect(disguised.reason).toBe("ATTACHMENT_TYPE");
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    big.set(pdf);
    const tooLarge = await refusal(addAgencyDocument({ agencyId, fileName: "huge.pdf", bytes: big, type: "DPA" }, vendorManager, at("2026-12-01")));
    expect(tooLarge).toMatchObject({ code: "TOO_LARGE", reason: "ATTACHMENT_TOO_LARGE" });
    expect(tooLarge.message).toMatch(/10 MB/);
    const backwards = await refusal(addAgencyDocument({ agencyId, fileName: "dpa.pdf", bytes: pdf, type: "DPA", validFrom: "2027-01-01", expiresOn: "2026-12-31" }, vendorManager, at("2026-12-01")));
    expect(backwards).toMatchObject({ code: "INVALID", field: "expiresOn" });
    expect(backwards.message).toContain("before it starts");
    const unknownType = await refusal(addAgencyDocument({ agencyId, fileName: "x.pdf", bytes: pdf, type: "PASSPORT" }, vendorManager, at("2026-12-01")));
    expect(unknownType.field).toBe("type");
    const licenceBackwards = await refusal(saveAgencyLicence(agencyId, { number: "L-1", issuer: "PBoC", validFrom: "2027-01-01", validTo: "2026-01-01" }, vendorManager));
    expect(licenceBackwards.field).toBe("validTo");
    const contractBackwards = await refusal(saveAgencyProfile(agencyId, { contractStart: "2027-01-01", contractEnd: "2026-01-01" }, vendorManager));
    expect(contractBackwards.field).toBe("contractEnd");
    expect(await getPrisma().agencyDocument.count({ where: { agencyId } })).toBe(before);
    expect(await getPrisma().agencyLicence.count({ where: { agencyId } })).toBe(0);
  });

  test("versions per type, the newest current; downloads scoped and access-logged", async () => {
    const first = await addAgencyDocument({ agencyId, fileName: "C:\\docs\\数据处理协议.pdf", bytes: pdf, type: "DPA", validFrom: "2026-01-01", expiresOn: "2026-12-20" }, vendorManager, at("2026-12-01"));
    const second = await addAgencyDocument({ agencyId, fileName: "dpa-2027.pdf", bytes: pdf2, type: "DPA", validFrom: "2026-12-01", expiresOn: "2027-12-31" }, vendorManager, at("2026-12-02"));
    expect([first.version, second.version]).toEqual([1, 2]);
    expect(first.fileName).toBe("数据处理协议.pdf");
    const register = await getAgencyRegister(agencyId, agencyUser, at("2026-12-02"));
    expect(register.documents.map((document) => [document.type, document.version, document.current])).toEqual([
      ["DPA", 2, true],
      ["DPA", 1, false],
    ]);
    await expect(getAgencyRegister(agencyId, otherAgencyUser, at("2026-12-02"))).rejects.toMatchObject({ code: "NOT_FOUND" });

    const logged = () => getPrisma().accessLog.count({ where: { action: "AGENCY_DOCUMENT_DOWNLOADED", resourceId: String(first.id) } });
    const before = await logged();
    const file = await getAgencyDocumentForDownload({ agencyId, documentId: first.id }, agencyUser);
    expect(Buffer.from(file.bytes).equals(Buffer.from(pdf))).toBe(true);
    expect(await logged()).toBe(before + 1);
    await expect(getAgencyDocumentForDownload({ agencyId, documentId: first.id }, otherAgencyUser)).rejects.toMatchObject({ code: "NOT_FOUND" });

    // Through the routes: the agency's own user downloads, another agency's gets 404; an upload over HTTP.
    const path = `/agencies/${code}/register/documents/${first.id}`;
    const params = { code, documentId: String(first.id) };
    const response = (await downloadRoute.loader({ request: buildRequest(path, { cookie: await sessionCookieFor(agencyUser.userId!) }), params, context: {} })) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toContain(encodeURIComponent("数据处理协议.pdf"));
    expect((await runRoute(downloadRoute.loader, buildRequest(path, { cookie: await sessionCookieFor(otherAgencyUser.userId!) }), params)).status).toBe(404);
    const upload = async (fileName: string, bytes: Uint8Array, userId: number, fields: Record<string, string> = {}) => {
      const form = new FormData();
      form.set("file", new File([new Uint8Array(bytes)], fileName));
      form.set("type", "CONTRACT");
      for (const [name, value] of Object.entries(fields)) form.set(name, value);
      const request = new Request(`http://test.local/agencies/${code}/register/documents`, { method: "POST", headers: { cookie: await sessionCookieFor(userId), "x-oversight-client-address": "127.0.0.1" }, body: form });
      return runRoute(uploadRoute.action, request, { code });
    };
    expect(await upload("contract.pdf", pdf, vendorManager.userId!)).toMatchObject({ status: 201, body: { ok: true, document: { type: "CONTRACT", version: 1 } } });
    expect(await upload("contract.exe", new Uint8Array([0x4d, 0x5a]), vendorManager.userId!)).toMatchObject({ status: 415, body: { reason: "ATTACHMENT_TYPE" } });
    expect(await upload("contract.pdf", pdf, vendorManager.userId!, { validFrom: "2027-02-01", expiresOn: "2027-01-01" })).toMatchObject({ status: 400, body: { field: "expiresOn" } });
    // AGENCY users read their register but do not keep it; executives neither.
    expect((await upload("contract.pdf", pdf, agencyUser.userId!)).status).toBe(403);
    expect((await upload("contract.pdf", pdf, executiveId)).status).toBe(403);
    const page = await runRoute(registerPage.loader, buildRequest(`/agencies/${code}/register`, { cookie: await sessionCookieFor(agencyUser.userId!) }), { code });
    expect(page.status).toBe(200);
    expect((page.body as { canManage: boolean }).canManage).toBe(false);
    expect((await runRoute(registerPage.loader, buildRequest(`/agencies/${code}/register`, { cookie: await sessionCookieFor(otherAgencyUser.userId!) }), { code })).status).toBe(404);
  });
});

describe("status", () => {
  test("every change is recorded with who, when and why; the same status twice is refused", async () => {
    const statusAgency = await createAgency({ code: `RS${suffix}`, name: "Status agency" });
    await setAgencyStatus(statusAgency, { status: "PROBATION", reason: "Complaints doubled in Q3" }, vendorManager, at("2026-12-01"));
    await setAgencyStatus(statusAgency, { status: "SUSPENDED", reason: "Licence lapsed" }, vendorManager, at("2026-12-05"));
    expect((await refusal(setAgencyStatus(statusAgency, { status: "SUSPENDED", reason: "again" }, vendorManager, at("2026-12-06")))).reason).toBe("register.error.sameStatus");
    expect((await refusal(setAgencyStatus(statusAgency, { status: "APPROVED", reason: "" }, vendorManager, at("2026-12-06")))).field).toBe("reason");
    const register = await getAgencyRegister(statusAgency, vendorManager, at("2026-12-06"));
    expect(register.agency.status).toBe("SUSPENDED");
    expect(register.statusHistory.map((change) => [change.fromStatus, change.toStatus, change.reason, change.changedBy])).toEqual([
      ["PROBATION", "SUSPENDED", "Licence lapsed", "Register VM"],
      ["APPROVED", "PROBATION", "Complaints doubled in Q3", "Register VM"],
    ]);
  });
});

describe("placements and the register", () => {
  test("rows for a SUSPENDED or TERMINATED agency are refused row by row; PROBATION is a warning", async () => {
    const codes = { approved: `PA${suffix}`, probation: `PP${suffix}`, suspended: `PS${suffix}`, terminated: `PT${suffix}` };
    const ids = Object.fromEntries(await Promise.all(Object.entries(codes).map(async ([key, agencyCode]) => [key, await createAgency({ code: agencyCode, name: key })] as const)));
    await setAgencyStatus(ids.probation!, { status: "PROBATION", reason: "watch" }, vendorManager, at("2026-12-01"));
    await setAgencyStatus(ids.suspended!, { status: "SUSPENDED", reason: "stop" }, vendorManager, at("2026-12-01"));
    await setAgencyStatus(ids.terminated!, { status: "TERMINATED", reason: "ended" }, vendorManager, at("2026-12-01"));
    const header = ["account_number", "customer_id", "agency_code", "placed_at", "placed_balance"];
    const { batch } = await importFile({
      kind: "PLACEMENTS",
      fileName: "register-placements.csv",
      content: csv([
        header,
        [`RA-${suffix}`, `RC-A-${suffix}`, codes.approved, "2026-12-01", "100.00"],
        [`RP-${suffix}`, `RC-P-${suffix}`, codes.probation, "2026-12-01", "200.00"],
        [`RS-${suffix}`, `RC-S-${suffix}`, codes.suspended, "2026-12-01", "300.00"],
        [`RT-${suffix}`, `RC-T-${suffix}`, codes.terminated, "2026-12-01", "400.00"],
      ]),
    });
    expect(batch).toMatchObject({ status: "COMMITTED", totalRows: 4, acceptedRows: 2, rejectedRows: 2 });
    const errors = await inEnglish(getPrisma().importRowError.findMany({ where: { batchId: batch!.id }, orderBy: { rowNumber: "asc" } }));
    expect(errors.map((error) => [error.rowNumber, error.message])).toEqual([
      [4, `agency ${codes.suspended} is SUSPENDED in the agency register: no accounts may be placed with it`],
      [5, `agency ${codes.terminated} is TERMINATED in the agency register: no accounts may be placed with it`],
    ]);
    expect(batch!.warnings.map((warning) => renderStoredImportText(warning, "en"))).toContain(`agency ${codes.probation} is on PROBATION in the agency register (1 rows place accounts with it)`);
    expect(await getPrisma().placement.count({ where: { agencyId: { in: [ids.suspended!, ids.terminated!] } } })).toBe(0);
    expect(await getPrisma().placement.count({ where: { agencyId: { in: [ids.approved!, ids.probation!] } } })).toBe(2);
  });
});

describe("expiry reminders with an injectable clock", () => {
  test("60, 30 and 7 days before and on the day, each exactly once, to vendor managers and compliance", async () => {
    const reminderAgency = await createAgency({ code: `RR${suffix}`, name: "Reminder agency" });
    const document = await addAgencyDocument({ agencyId: reminderAgency, fileName: "insurance.pdf", bytes: pdf, type: "INSURANCE", expiresOn: "2027-03-01" }, vendorManager, at("2026-11-01"));
    await saveAgencyLicence(reminderAgency, { number: `LIC-${suffix}`, issuer: "Local regulator", validFrom: "2026-01-01", validTo: "2027-02-15" }, vendorManager);
    const mine = async (day: string) => (await runExpiryReminders(at(day))).sent.filter((reminder) => reminder.agencyCode === `RR${suffix}`).map((reminder) => `${reminder.subject}:${reminder.stage}`);

    expect(await mine("2026-12-01")).toEqual([]); // 90 and 76 days ahead
    expect(await mine("2026-12-17")).toEqual(["LICENCE:60"]);
    expect(await mine("2026-12-17")).toEqual([]); // the same day again
    expect(await mine("2026-12-31")).toEqual(["DOCUMENT:60"]);
    expect(await mine("2027-01-10")).toEqual([]); // still in the 60-day window: already sent
    // Two runs at once on the day the 30-day reminders fall due: each reminder is sent by one of them.
    const [left, right] = await Promise.all([runExpiryReminders(at("2027-01-30")), runExpiryReminders(at("2027-01-30"))]);
    const both = [...left.sent, ...right.sent].filter((reminder) => reminder.agencyCode === `RR${suffix}`).map((reminder) => `${reminder.subject}:${reminder.stage}`).sort();
    expect(both).toEqual(["DOCUMENT:30", "LICENCE:30"]);
    expect(await mine("2027-02-08")).toEqual(["LICENCE:7"]);
    expect(await mine("2027-02-15")).toEqual(["LICENCE:0"]);
    expect(await mine("2027-02-16")).toEqual([]); // the licence has expired: nothing more for it
    expect(await mine("2027-02-22")).toEqual(["DOCUMENT:7"]);
    expect(await mine("2027-03-01")).toEqual(["DOCUMENT:0"]);
    expect(await mine("2027-03-02")).toEqual([]);

    const notifications = await getPrisma().notification.findMany({ where: { userId: vendorManager.userId!, link: `/agencies/RR${suffix}/register` }, orderBy: { id: "asc" } });
    expect(notifications.map((row) => [row.kind, (row.params as { days: number }).days])).toEqual([
      ["AGENCY_EXPIRY_REMINDER", 60],
      ["AGENCY_EXPIRY_REMINDER", 60],
      ["AGENCY_EXPIRY_REMINDER", 30],
      ["AGENCY_EXPIRY_REMINDER", 30],
      ["AGENCY_EXPIRY_REMINDER", 7],
      ["AGENCY_EXPIRES_TODAY", 0],
      ["AGENCY_EXPIRY_REMINDER", 7],
      ["AGENCY_EXPIRES_TODAY", 0],
    ]);
    // Executives and agency users are not reminded.
    expect(await getPrisma().notification.count({ where: { userId: { in: [executiveId, agencyUser.userId!] }, link: `/agencies/RR${suffix}/register` } })).toBe(0);

    // A renewal (a new version with a later expiry) starts its own reminders; the old version's are done.
    await addAgencyDocument({ agencyId: reminderAgency, fileName: "insurance-2028.pdf", bytes: pdf2, type: "INSURANCE", expiresOn: "2027-04-20" }, vendorManager, at("2027-03-01"));
    expect(await mine("2027-03-02")).toEqual(["DOCUMENT:60"]);
    expect(document.version).toBe(1);
  });
});

describe("action required and the lists", () => {
  test("a required valid document missing makes the agency action required until it is uploaded", async () => {
    const listAgency = await createAgency({ code: `RL${suffix}`, name: "List agency" });
    await saveRequiredDocuments({ CN: ["BUSINESS_LICENCE", "DPA"], US: ["CONTRACT"] }, null);
    try {
      await saveAgencyProfile(listAgency, { country: "cn", legalName: "List Agency Ltd", subcontractors: [{ name: "Print Co", service: "letters" }] }, vendorManager);
      expect((await listActionRequired(at("2026-12-01"))).get(listAgency)).toEqual(["BUSINESS_LICENCE", "DPA"]);
      await addAgencyDocument({ agencyId: listAgency, fileName: "bl.pdf", bytes: pdf, type: "BUSINESS_LICENCE" }, vendorManager, at("2026-12-01"));
      await addAgencyDocument({ agencyId: listAgency, fileName: "dpa.pdf", bytes: pdf, type: "DPA", expiresOn: "2026-12-10" }, vendorManager, at("2026-12-01"));
      expect((await listActionRequired(at("2026-12-10"))).has(listAgency)).toBe(false);
      expect((await listActionRequired(at("2026-12-11"))).get(listAgency)).toEqual(["DPA"]); // expired
      await saveAgencyLicence(listAgency, { number: "BL-9", issuer: "SAMR", validFrom: "2020-01-01", validTo: "2026-12-30" }, vendorManager);
      const [row] = await listApprovedAgencies(at("2026-12-11"), { agencyId: listAgency });
      expect(row).toMatchObject({ code: `RL${suffix}`, status: "APPROVED", actionRequired: ["DPA"], licences: [{ number: "BL-9", validTo: "2026-12-30", daysLeft: 19 }], lastEvaluatedOn: null, rating: null });
      const expiring = await listRegisterDocuments(at("2026-12-01"), { agencyId: listAgency, expiringWithinDays: 30 });
      expect(expiring.map((document) => [document.type, document.daysLeft])).toEqual([["DPA", 9]]);
      const register = await getAgencyRegister(listAgency, vendorManager, at("2026-12-01"));
      expect(register.profile).toMatchObject({ country: "CN", legalName: "List Agency Ltd", subcontractors: [{ name: "Print Co", service: "letters" }] });
      await expect(saveRequiredDocuments({ CN: ["PASSPORT"] }, null)).rejects.toBeInstanceOf(RegisterError);
    } finally {
      await getPrisma().setting.delete({ where: { key: "agencyRegister.requiredDocuments" } });
    }
  });
});
