import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { createAgency, ensureUser } from "~/demo/factories.server";
import { saveMappingProfile } from "~/ingest/pipeline/mapping-profiles.server";
import { getImportBatchView } from "~/ingest/ui/import-batches.server";
import { stopQueue } from "~/jobs/queue.server";
import * as mappings from "~/routes/_app.imports.mappings";
import { csv, importFile } from "../support/import-harness";
import { buildRequest, runRoute, sessionCookieFor } from "../support/route-harness";

let adminCookie: string;
let agencyCookie: string;
let ownAgencyId: number;
let otherAgencyId: number;
let lenderProfileId: number;
let batchId: number;

beforeAll(async () => {
  ownAgencyId = await createAgency({ code: "MPOWN", name: "映射测试", timeZone: "Asia/Shanghai" });
  otherAgencyId = await createAgency({ code: "MPOTH", name: "Other agency", timeZone: "Asia/Shanghai" });
  adminCookie = await sessionCookieFor(await ensureUser({ email: "admin@mapping-profiles.test", name: "Admin", role: "ADMIN" }));
  agencyCookie = await sessionCookieFor(await ensureUser({ email: "agency@mapping-profiles.test", name: "Agency", role: "AGENCY", agencyId: ownAgencyId }));
  const saved = await saveMappingProfile({ agencyId: null, kind: "PLACEMENTS", name: "银行导出", profile: { columnMap: { 账号: "account_number", 客户号: "customer_id" }, valueMap: {} } });
  if (saved.status !== "saved") throw new Error("profile not saved");
  lenderProfileId = saved.id;
  const { batch } = await importFile({
    kind: "PLACEMENTS",
    fileName: "bank-export.csv",
    mappingProfileId: lenderProfileId,
    content: csv([
      ["账号", "客户号", "agency_code", "placed_at", "placed_balance"],
      ["MP-1", "MPC-1", "MPOWN", "2026-01-05", "500.00"],
      ["MP-2", "MPC-2", "MPOWN", "2026-01-05", "700.00"],
    ]),
  });
  expect(batch).toMatchObject({ status: "COMMITTED", acceptedRows: 2 });
  batchId = batch?.id ?? 0;
});

afterAll(async () => {
  await stopQueue();
});

const post = (cookie: string, form: Record<string, string>) => runRoute(mappings.action, buildRequest("/imports/mappings", { cookie, form }));

describe("renaming a mapping profile", () => {
  test("the batches that used it show the new name; a name already taken for that kind is refused", async () => {
    const renamed = await post(adminCookie, { intent: "rename", formId: String(lenderProfileId), profileId: String(lenderProfileId), name: "  银行导出（新版）  " });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ ok: true, intent: "rename", name: "银行导出（新版）" });
    expect((await getImportBatchView(batchId, {}, { errorLimit: 10, viewer: { id: 0, role: "ADMIN", locale: "en" } }))?.mappingProfileName).toBe("银行导出（新版）");

    await saveMappingProfile({ agencyId: null, kind: "PLACEMENTS", name: "Other layout", profile: { columnMap: {}, valueMap: {} } });
    const clash = await post(adminCookie, { intent: "rename", formId: String(lenderProfileId), profileId: String(lenderProfileId), name: "Other layout" });
    expect(clash.status).toBe(400);
    expect(clash.body).toMatchObject({ ok: false, errors: { name: { key: "imports.validation.profileNameTaken" } } });
    const blank = await post(adminCookie, { intent: "rename", formId: String(lenderProfileId), profileId: String(lenderProfileId), name: " " });
    expect(blank.status).toBe(400);
    expect((await getPrisma().mappingProfile.findUniqueOrThrow({ where: { id: lenderProfileId } })).name).toBe("银行导出（新版）");
  });

  test("an agency user renames and deletes only its own agency's profiles", async () => {
    const theirs = await getPrisma().mappingProfile.create({ data: { agencyId: otherAgencyId, kind: "ACTIVITIES", name: "Theirs", columnMap: {}, valueMap: {} } });
    expect((await post(agencyCookie, { intent: "rename", profileId: String(theirs.id), name: "Mine now" })).status).toBe(404);
    expect((await post(agencyCookie, { intent: "delete", profileId: String(theirs.id) })).status).toBe(404);
    expect((await post(agencyCookie, { intent: "delete", profileId: String(lenderProfileId) })).status).toBe(404);
    expect(await getPrisma().mappingProfile.count({ where: { id: { in: [theirs.id, lenderProfileId] } } })).toBe(2);

    const own = await getPrisma().mappingProfile.create({ data: { agencyId: ownAgencyId, kind: "ACTIVITIES", name: "Ours", columnMap: {}, valueMap: {} } });
    expect((await post(agencyCookie, { intent: "rename", profileId: String(own.id), name: "我们的格式" })).status).toBe(200);
    const deleted = await post(agencyCookie, { intent: "delete", profileId: String(own.id) });
    expect(deleted.body).toMatchObject({ ok: true, intent: "delete", name: "我们的格式", batchesKept: 0 });
    expect(await getPrisma().mappingProfile.count({ where: { id: own.id } })).toBe(0);
  });
});

describe("deleting a mapping profile used by past batches", () => {
  test("the list says how many batches used it; deleting keeps them intact and still names the profile", async () => {
    const listed = await runRoute(mappings.loader, buildRequest("/imports/mappings?kind=PLACEMENTS", { cookie: adminCookie }));
    const profiles = (listed.body as { profiles: { id: number; batchCount: number }[] }).profiles;
    expect(profiles.find((profile) => profile.id === lenderProfileId)?.batchCount).toBe(1);

    const before = await getPrisma().importBatch.findUniqueOrThrow({ where: { id: batchId } });
    const deleted = await post(adminCookie, { intent: "delete", formId: String(lenderProfileId), profileId: String(lenderProfileId) });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ ok: true, intent: "delete", name: "银行导出（新版）", batchesKept: 1 });
    expect(await getPrisma().mappingProfile.count({ where: { id: lenderProfileId } })).toBe(0);

    const after = await getPrisma().importBatch.findUniqueOrThrow({ where: { id: batchId } });
    expect(after).toMatchObject({ status: "COMMITTED", acceptedRows: before.acceptedRows, totalRows: before.totalRows, fileSha256: before.fileSha256, mappingProfileId: null });
    expect(await getPrisma().placement.count({ where: { agencyId: ownAgencyId } })).toBe(2);
    const view = await getImportBatchView(batchId, {}, { errorLimit: 10, viewer: { id: 0, role: "ADMIN", locale: "en" } });
    expect(view).toMatchObject({ mappingProfileName: "银行导出（新版）", mappingProfileDeleted: true });
    // What the batch recorded about its file is kept; only the profile's name is added.
    expect(after.sourceDetails).toEqual({ ...(before.sourceDetails as Record<string, unknown>), deletedMappingProfile: "银行导出（新版）" });

    expect((await post(adminCookie, { intent: "delete", profileId: String(lenderProfileId) })).status).toBe(404);
  });
});
