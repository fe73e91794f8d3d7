import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { clientAddressHeader } from "~/auth/session.server";
import { setAgencyStatus } from "~/agency-register/register.server";
import { getPrisma } from "~/db/client.server";
import { createAgency, createPlacedAccount, ensureUser } from "~/demo/factories.server";
import type { ImportPreview } from "~/ingest/ui/import-wizard.server";
import { storedUploadExists } from "~/ingest/pipeline/uploads.server";
import { stopQueue } from "~/jobs/queue.server";
import * as batchPage from "~/routes/_app.imports.$batchId";
import * as imports from "~/routes/_app.imports._index";
import * as mappings from "~/routes/_app.imports.mappings";
import * as rejects from "~/routes/imports.$batchId.rejects[.csv]";
import { csv, importFile } from "../support/import-harness";
import { buildRequest, runRoute, sessionCookieFor } from "../support/route-harness";
import { previewForm } from "../support/import-wizard-form";

const gbkFile = readFileSync(new URL("../fixtures/ingest/activities-gbk.csv", import.meta.url));

let ownAgencyId: number;
let otherAgencyId: number;
let ownCode: string;
let adminCookie: string;
let agencyCookie: string;
let agencyUserId: number;
let counter = 0;

beforeAll(async () => {
  const suffix = Date.now().toString(36).toUpperCase();
  ownCode = `UIO${suffix}`;
  ownAgencyId = await createAgency({ code: ownCode, name: "Own agency", timeZone: "Asia/Shanghai" });
  otherAgencyId = await createAgency({ code: `UIX${suffix}`, name: "Other agency", timeZone: "Asia/Shanghai" });
  const adminId = await ensureUser({ email: `admin-${suffix}@imports-ui.test`, name: "Admin", role: "ADMIN" });
  agencyUserId = await ensureUser({ email: `agency-${suffix}@imports-ui.test`, name: "Agency user", role: "AGENCY", agencyId: ownAgencyId });
  adminCookie = await sessionCookieFor(adminId);
  agencyCookie = await sessionCookieFor(agencyUserId);
});

afterAll(async () => {
  await stopQueue();
});

/** A multipart upload as the browser sends it from the upload form. */
function uploadRequest(cookie: string, fields: Record<string, string>, file?: { name: string; content: Buffer }): Request {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (file) form.append("file", new File([new Uint8Array(file.content)], file.name));
  return new Request("http://test.local/imports", { method: "POST", body: form, headers: { cookie, [clientAddressHeader]: "127.0.0.1" } });
}

type PreviewBody = { step: "preview"; preview: ImportPreview; errors: Record<string, { key: string }> };

async function previewGbk(cookie: string, agencyId: number): Promise<ImportPreview> {
  const outcome = await runRoute(imports.action, uploadRequest(cookie, { intent: "preview", kind: "ACTIVITIES", agencyId: String(agencyId) }, { name: "催收记录-gbk.csv", content: gbkFile }));
  expect(outcome.status).toBe(200);
  const body = outcome.body as PreviewBody;
  expect(body.step).toBe("preview");
  return body.preview;
}

/** The preview form's fields as the browser would post them back (hidden fields + current mapping). */
describe("upload preview", () => {
  test("a GBK file with Chinese headers is decoded and its headers mapped to canonical fields", async () => {
    const preview = await previewGbk(agencyCookie, ownAgencyId);
    expect(preview.source.format).toBe("csv");
    expect(preview.source.encoding).toMatch(/GB/i);
    expect(Object.fromEntries(preview.columns.map((column) => [column.header, column.field]))).toEqual({
      事件编号: "event_id",
      账号: "account_number",
      催收员工号: "agent_id",
      催收员姓名: "agent_name",
      催收时间: "occurred_at",
      催收方式: "type",
      联系对象: "contact_party",
      通话结果: "outcome",
      联系电话: "phone_number",
      时长: "duration_seconds",
      金额: "amount",
      内容: "message_text",
    });
    expect(preview.header).toMatchObject({ ok: true, missingRequired: [], ignoredColumns: [] });
    expect(preview.target).toMatchObject({ agencyId: ownAgencyId, agencyCode: ownCode });
    // Rows are shown through the mapping, built-in synonyms included (电话 → CALL).
    expect(preview.rows[0]?.record).toMatchObject({ event_id: "E001", type: "CALL", contact_party: "DEBTOR", outcome: "CONNECTED" });
    const typeValues = preview.valueMappings.find((group) => group.field === "type")?.values ?? [];
    expect(typeValues).toContainEqual({ from: "电话", to: "CALL", count: expect.any(Number) as number });
    expect(preview.edited).toBe(false);
  });

  test("remapping a column shows the effect, marks the mapping edited and requires a name to import", async () => {
    const preview = await previewGbk(adminCookie, ownAgencyId);
    const index = preview.columns.findIndex((column) => column.header === "事件编号");
    const remapped = await runRoute(imports.action, buildRequest("/imports", { cookie: adminCookie, form: previewForm(preview, { intent: "remap", [`col.${index}`]: "" }) }));
    const body = remapped.body as PreviewBody;
    expect(body.preview.header.ok).toBe(false);
    expect(body.preview.header.missingRequired).toEqual(["event_id"]);
    expect(body.preview.edited).toBe(true);

    const typeIndex = preview.columns.findIndex((column) => column.header === "催收方式");
    const renamed = previewForm(preview, { intent: "confirm", [`col.${typeIndex}`]: "type", timeZone: "Asia/Shanghai" });
    const unnamed = await runRoute(imports.action, buildRequest("/imports", { cookie: adminCookie, form: renamed }));
    expect(unnamed.status).toBe(400);
    expect((unnamed.body as PreviewBody).errors.profileName?.key).toBe("imports.validation.profileNameRequired");
  });

  test("a file that cannot be read is reported on the upload step", async () => {
    const outcome = await runRoute(imports.action, uploadRequest(adminCookie, { intent: "preview", kind: "PLACEMENTS" }, { name: "empty.csv", content: Buffer.alloc(0) }));
    expect(outcome.status).toBe(422);
    expect(outcome.body).toMatchObject({ step: "upload", errors: { file: { key: "imports.validation.unreadable" } } });
  });

  test("a file over OVERSIGHT_MAX_UPLOAD_BYTES is cut off while streaming and reported on the upload step", async () => {
    process.env.OVERSIGHT_MAX_UPLOAD_BYTES = String(1024 ** 2);
    try {
      const big = Buffer.alloc(1024 ** 2 + 1, "a");
      const outcome = await runRoute(imports.action, uploadRequest(adminCookie, { intent: "preview", kind: "PLACEMENTS" }, { name: "big.csv", content: big }));
      expect(outcome.status).toBe(413);
      expect(outcome.body).toMatchObject({ step: "upload", errors: { file: { key: "imports.validation.fileTooLarge", params: { megabytes: 1 } } } });
      // Nothing was kept: the partial file was discarded.
      expect(await storedUploadExists(createHash("sha256").update(big).digest("hex"))).toBe(false);
    } finally {
      delete process.env.OVERSIGHT_MAX_UPLOAD_BYTES;
    }
  });
});

describe("placements preview and the agency register", () => {
  test("before anything is imported, the preview counts the whole file's rows per agency on PROBATION (warning) or SUSPENDED (refused), in the reader's language", async () => {
    const suffix = Date.now().toString(36).toUpperCase();
    const codes = { approved: `PVA${suffix}`, probation: `PVP${suffix}`, suspended: `PVS${suffix}` };
    const ids = { probation: await createAgency({ code: codes.probation, name: "On probation" }), suspended: await createAgency({ code: codes.suspended, name: "Suspended" }) };
    await createAgency({ code: codes.approved, name: "Approved" });
    const actor = { userId: null, role: "VENDOR_MANAGER" as const, agencyId: null };
    await setAgencyStatus(ids.probation, { status: "PROBATION", reason: "watch" }, actor, new Date());
    await setAgencyStatus(ids.suspended, { status: "SUSPENDED", reason: "stop" }, actor, new Date());
    // 260 rows, more than the preview reads: probation rows also after row 200, so only counting the whole file finds them all.
    const rows: string[][] = [["account_number", "customer_id", "agency_code", "placed_at", "placed_balance"]];
    for (let index = 0; index < 260; index += 1) {
      const agency = index < 3 ? codes.suspended : index % 4 === 0 ? codes.probation.toLowerCase() : codes.approved;
      rows.push([`PV-${suffix}-${index}`, `PVC-${suffix}-${index}`, agency, "2026-12-01", "100.00"]);
    }
    const file = Buffer.from(csv(rows));
    const zhCookie = await sessionCookieFor(await ensureUser({ email: `zh-${suffix}@imports-ui.test`, name: "中文管理员", role: "ADMIN", locale: "zh-CN" }));
    const preview = async (cookie: string) => {
      const outcome = await runRoute(imports.action, uploadRequest(cookie, { intent: "preview", kind: "PLACEMENTS" }, { name: "placements.csv", content: file }));
      expect(outcome.status).toBe(200);
      return (outcome.body as PreviewBody).preview;
    };
    const probationRows = rows.slice(1).filter((row) => row[2] === codes.probation.toLowerCase()).length;
    const english = await preview(adminCookie);
    expect(english.sample.truncated).toBe(true);
    expect(english.agencyNotices).toEqual([
      { agencyCode: codes.suspended, status: "SUSPENDED", rows: 3, message: `agency ${codes.suspended} is SUSPENDED in the agency register: its 3 rows will be refused` },
      { agencyCode: codes.probation, status: "PROBATION", rows: probationRows, message: `agency ${codes.probation} is on PROBATION in the agency register (${probationRows} rows place accounts with it)` },
    ]);
    // The refused rows among the first ones carry the refusal the import will give them.
    expect(english.rows[0]?.problems).toContainEqual({ field: "agency_code", message: `agency ${codes.suspended} is SUSPENDED in the agency register: no accounts may be placed with it` });
    expect(english.rows[4]?.problems).toEqual([]);
    const chinese = await preview(zhCookie);
    expect(chinese.agencyNotices.map((notice) => notice.message)).toEqual([
      `机构 ${codes.suspended} 在机构名录中处于“暂停”状态：向其委案的 3 行将被拒绝`,
      `机构 ${codes.probation} 在机构名录中处于“观察期”（本文件有 ${probationRows} 行向其委案）`,
    ]);
  });
});

describe("agency users", () => {
  test("cannot upload for another agency (403) nor upload the lender's placements (403)", async () => {
    const other = await runRoute(imports.action, uploadRequest(agencyCookie, { intent: "preview", kind: "ACTIVITIES", agencyId: String(otherAgencyId) }, { name: "a.csv", content: gbkFile }));
    expect(other.status).toBe(403);
    const placements = await runRoute(imports.action, uploadRequest(agencyCookie, { intent: "preview", kind: "PLACEMENTS" }, { name: "p.csv", content: gbkFile }));
    expect(placements.status).toBe(403);
  });

  test("cannot see another agency's batch (404) nor download its rejects (404); their own works and is logged", async () => {
    const account = await createPlacedAccount({ agencyId: ownAgencyId });
    const header = ["event_id", "account_number", "agent_id", "occurred_at", "type"];
    const content = csv([header, ["UI-1", account.accountNumber, "A001", "2026-10-03 10:00", "CALL"], ["UI-2", account.accountNumber, "A001", "2026-10-03 11:00", "TELEGRAM"]]);
    const own = await importFile({ kind: "ACTIVITIES", agencyId: ownAgencyId, fileName: "回访记录.csv", content });
    const other = await importFile({ kind: "ACTIVITIES", agencyId: otherAgencyId, fileName: "other.csv", content: csv([header, ["X-1", "NOPE", "A001", "2026-10-03 10:00", "CALL"]]) });
    const ownId = String(own.batch?.id);
    const otherId = String(other.batch?.id);
    expect(own.batch).toMatchObject({ status: "COMMITTED", acceptedRows: 1, rejectedRows: 1 });

    expect((await runRoute(batchPage.loader, buildRequest(`/imports/${otherId}`, { cookie: agencyCookie }), { batchId: otherId })).status).toBe(404);
    expect((await runRoute(rejects.loader, buildRequest(`/imports/${otherId}/rejects.csv`, { cookie: agencyCookie }), { batchId: otherId })).status).toBe(404);
    expect((await runRoute(batchPage.action, buildRequest(`/imports/${otherId}`, { cookie: agencyCookie, form: { intent: "retry" } }), { batchId: otherId })).status).toBe(404);

    const page = await runRoute(batchPage.loader, buildRequest(`/imports/${ownId}`, { cookie: agencyCookie }), { batchId: ownId });
    expect(page.status).toBe(200);
    expect((page.body as { view: { rowErrors: { rowNumber: number; field: string | null }[] } }).view.rowErrors).toEqual([expect.objectContaining({ rowNumber: 3, field: "type" })]);

    const response = await rejects.loader({ request: buildRequest(`/imports/${ownId}/rejects.csv`, { cookie: agencyCookie }), params: { batchId: ownId }, context: {} });
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const disposition = response.headers.get("content-disposition") ?? "";
    expect(disposition).toContain(`attachment; filename="____-rejected-rows-batch-${ownId}.csv"`);
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent(`回访记录-rejected-rows-batch-${ownId}.csv`)}`);
    const text = await response.text();
    expect(text).toContain("UI-2");
    expect(text).not.toContain("UI-1");
    const logged = await getPrisma().accessLog.findFirst({ where: { userId: agencyUserId, action: "EXPORT", resourceType: "import-rejects", resourceId: ownId } });
    expect(logged).not.toBeNull();

    const grid = await runRoute(imports.loader, buildRequest("/imports", { cookie: agencyCookie }));
    const ids = (grid.body as { batches: { id: number }[] }).batches.map((batch) => batch.id);
    expect(ids).toContain(Number(ownId));
    expect(ids).not.toContain(Number(otherId));
  });

  test("rejected rows show debtors' personal data as sent to the uploader, the agency and compliance; another vendor manager sees it masked", async () => {
    const suffix = `${Date.now().toString(36)}-${counter++}`;
    const uploaderId = await ensureUser({ email: `vm-up-${suffix}@imports-ui.test`, name: "Uploader", role: "VENDOR_MANAGER" });
    const colleagueId = await ensureUser({ email: `vm-other-${suffix}@imports-ui.test`, name: "Colleague", role: "VENDOR_MANAGER" });
    const complianceId = await ensureUser({ email: `co-${suffix}@imports-ui.test`, name: "合规", role: "COMPLIANCE" });
    const account = await createPlacedAccount({ agencyId: ownAgencyId });
    const header = ["event_id", "account_number", "agent_id", "occurred_at", "type", "phone_number", "地址", "身份证号"];
    const content = csv([
      header,
      ["PD-1", account.accountNumber, "A001", "2026-10-03 10:00", "CALL", "138-1234-abcd", "北京市朝阳区建国路1号", "110101199001011234"],
      ["PD-2", account.accountNumber, "A001", "2026-10-03 11:00", "VISIT", "", "北京市朝阳区建国路1号", ""],
    ]);
    const { batch } = await importFile({ kind: "ACTIVITIES", agencyId: ownAgencyId, fileName: "外访.csv", content, createdById: uploaderId });
    expect(batch).toMatchObject({ status: "COMMITTED", acceptedRows: 1, rejectedRows: 1 });
    const batchId = String(batch?.id);
    type Page = { view: { personalData: string; rowErrors: { field: string | null; message: string }[] } };
    const seenBy = async (userId: number) => {
      const cookie = await sessionCookieFor(userId);
      const page = (await runRoute(batchPage.loader, buildRequest(`/imports/${batchId}`, { cookie }), { batchId })).body as Page;
      const download = await rejects.loader({ request: buildRequest(`/imports/${batchId}/rejects.csv`, { cookie }), params: { batchId }, context: {} });
      return { personalData: page.view.personalData, messages: page.view.rowErrors.map((error) => error.message).join("\n"), file: await download.text() };
    };

    const masked = await seenBy(colleagueId);
    expect(masked.personalData).toBe("masked");
    expect(masked.messages).toContain("phone_number '138****abcd' is not a valid phone number");
    expect(masked.file).toContain("PD-1");
    for (const personal of ["138-1234", "建国路", "110101199001011234"]) {
      expect(masked.messages).not.toContain(personal);
      expect(masked.file).not.toContain(personal);
    }
    expect(masked.file.split("\r\n")[1]).toBe(`PD-1,${account.accountNumber},A001,2026-10-03 10:00,CALL,138****abcd,****,****,row 2: phone_number '138****abcd' is not a valid phone number: use digits with an optional leading +`);
    const logged = await getPrisma().accessLog.findFirst({ where: { userId: colleagueId, action: "EXPORT", resourceType: "import-rejects", resourceId: batchId } });
    expect(logged?.detail).toMatchObject({ personalData: "masked" });

    for (const userId of [uploaderId, complianceId, agencyUserId]) {
      const asSent = await seenBy(userId);
      expect(asSent.personalData).toBe("unmasked");
      expect(asSent.messages).toContain("'138-1234-abcd'");
      expect(asSent.file).toContain("138-1234-abcd,北京市朝阳区建国路1号,110101199001011234");
    }
  });

  test("manage their own agency's mapping profiles, not another agency's", async () => {
    const own = await runRoute(
      mappings.action,
      buildRequest("/imports/mappings", {
        cookie: agencyCookie,
        form: { intent: "save", formId: "new", kind: "ACTIVITIES", agencyId: String(ownAgencyId), name: "Own layout", "colFrom.0": "单号", "colTo.0": "event_id", "valField.0": "outcome", "valFrom.0": "通了", "valTo.0": "CONNECTED", dateFormat: "", timeZone: "" },
      }),
    );
    expect(own.status).toBe(200);
    const saved = await getPrisma().mappingProfile.findFirstOrThrow({ where: { agencyId: ownAgencyId, name: "Own layout" } });
    expect(saved.columnMap).toEqual({ 单号: "event_id" });
    expect(saved.valueMap).toEqual({ outcome: { 通了: "CONNECTED" } });

    const invalid = await runRoute(
      mappings.action,
      buildRequest("/imports/mappings", { cookie: agencyCookie, form: { intent: "save", formId: String(saved.id), profileId: String(saved.id), "colFrom.0": "单号", "colTo.0": "nonsense", timeZone: "CST" } }),
    );
    expect(invalid.status).toBe(400);
    expect((invalid.body as { errors: Record<string, { key: string }> }).errors).toMatchObject({ "colTo.0": { key: "validation.invalidChoice" }, timeZone: { key: "validation.timeZone" } });

    const other = await runRoute(mappings.action, buildRequest("/imports/mappings", { cookie: agencyCookie, form: { intent: "save", kind: "ACTIVITIES", agencyId: String(otherAgencyId), name: "Theirs" } }));
    expect(other.status).toBe(403);
    const lenderProfile = await getPrisma().mappingProfile.create({ data: { agencyId: otherAgencyId, kind: "ACTIVITIES", name: "Other's", columnMap: {}, valueMap: {} } });
    const foreign = await runRoute(mappings.action, buildRequest("/imports/mappings", { cookie: agencyCookie, form: { intent: "save", profileId: String(lenderProfile.id), "colFrom.0": "a", "colTo.0": "" } }));
    expect(foreign.status).toBe(404);
    const listed = await runRoute(mappings.loader, buildRequest("/imports/mappings", { cookie: agencyCookie }));
    expect((listed.body as { profiles: { name: string }[] }).profiles.map((profile) => profile.name)).toEqual(["Own layout"]);
  });
});

describe("confirm", () => {
  test("someone else's upload cannot be previewed or imported by its hash: it answers as a missing upload", async () => {
    const preview = await previewGbk(agencyCookie, ownAgencyId);
    const otherUploaderId = await ensureUser({ email: `other-${Date.now().toString(36)}@imports-ui.test`, name: "Other uploader", role: "VENDOR_MANAGER" });
    const otherCookie = await sessionCookieFor(otherUploaderId);
    for (const intent of ["remap", "confirm"]) {
      const outcome = await runRoute(imports.action, buildRequest("/imports", { cookie: otherCookie, form: previewForm(preview, { intent }) }));
      expect({ intent, status: outcome.status, body: outcome.body }).toEqual({ intent, status: 410, body: { step: "upload", errors: { file: { key: "imports.validation.uploadMissing" } } } });
    }
    expect(await getPrisma().importBatch.count({ where: { fileSha256: preview.file.sha256, createdById: otherUploaderId } })).toBe(0);
    // A day after the upload, its own uploader is asked to upload it again too.
    await getPrisma().uploadGrant.update({ where: { sha256_userId: { sha256: preview.file.sha256, userId: agencyUserId } }, data: { createdAt: new Date(Date.now() - 25 * 3_600_000) } });
    expect((await runRoute(imports.action, buildRequest("/imports", { cookie: agencyCookie, form: previewForm(preview, { intent: "remap" }) }))).status).toBe(410);
  });

  test("creates a queued batch from the stored upload and redirects to it; confirming again says it is in progress", async () => {
    const preview = await previewGbk(agencyCookie, ownAgencyId);
    const confirmed = await runRoute(imports.action, buildRequest("/imports", { cookie: agencyCookie, form: previewForm(preview, { intent: "confirm", strict: "on" }) }));
    expect(confirmed.status).toBe(302);
    const batchId = Number(/^\/imports\/(\d+)$/.exec(confirmed.location ?? "")?.[1]);
    const batch = await getPrisma().importBatch.findUniqueOrThrow({ where: { id: batchId } });
    expect(batch).toMatchObject({ kind: "ACTIVITIES", agencyId: ownAgencyId, source: "UI", createdById: agencyUserId, fileSha256: preview.file.sha256, fileName: "催收记录-gbk.csv", strict: true });
    expect(["QUEUED", "RUNNING", "COMMITTED"]).toContain(batch.status);

    const again = await runRoute(imports.action, buildRequest("/imports", { cookie: agencyCookie, form: previewForm(preview, { intent: "confirm" }) }));
    expect(again.body).toMatchObject({ step: "outcome", result: { batchId } });
    expect(["in-progress", "already-imported"]).toContain((again.body as { result: { status: string } }).result.status);
  });

  test("an edited mapping with a name is saved as a profile that the batch uses", async () => {
    const preview = await previewGbk(adminCookie, otherAgencyId);
    const phoneIndex = preview.columns.findIndex((column) => column.header === "联系电话");
    const confirmed = await runRoute(
      imports.action,
      buildRequest("/imports", { cookie: adminCookie, form: previewForm(preview, { intent: "confirm", [`col.${phoneIndex}`]: "", profileName: "GBK export" }) }),
    );
    expect(confirmed.status).toBe(302);
    const profile = await getPrisma().mappingProfile.findFirstOrThrow({ where: { agencyId: otherAgencyId, kind: "ACTIVITIES", name: "GBK export" } });
    expect((profile.columnMap as Record<string, string | null>)["联系电话"]).toBeNull();
    const batchId = Number(confirmed.location?.split("/").pop());
    expect((await getPrisma().importBatch.findUniqueOrThrow({ where: { id: batchId } })).mappingProfileId).toBe(profile.id);

    // Another edited mapping may not silently replace the existing profile of that name.
    const amountIndex = preview.columns.findIndex((column) => column.header === "金额");
    const clash = await runRoute(
      imports.action,
      buildRequest("/imports", { cookie: adminCookie, form: previewForm(preview, { intent: "confirm", [`col.${amountIndex}`]: "", profileName: "GBK export" }) }),
    );
    expect(clash.status).toBe(400);
    expect((clash.body as PreviewBody).errors.profileName?.key).toBe("imports.validation.profileNameTaken");
  });
});
