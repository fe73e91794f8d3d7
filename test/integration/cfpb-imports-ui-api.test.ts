import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApiToken } from "~/api-tokens/api-tokens.server";
import { clientAddressHeader } from "~/auth/session.server";
import { getPrisma } from "~/db/client.server";
import { createAgency, ensureUser } from "~/demo/factories.server";
import { runImportBatch } from "~/ingest/pipeline/run-import-batch.server";
import { stopQueue } from "~/jobs/queue.server";
import * as importsApi from "~/routes/api.v1.imports";
import * as imports from "~/routes/_app.imports._index";
import { csv } from "../support/import-harness";
import { runRoute, sessionCookieFor } from "../support/route-harness";

// The CFPB layout chosen on the Imports page and asked for through the API (ADR 035), with files this test writes.
const suffix = Date.now().toString(36).toUpperCase();
let agencyId = 0;
let adminCookie = "";
let agencyToken = "";

beforeAll(async () => {
  agencyId = await createAgency({ code: `CFUI${suffix}`, name: `Ridge Collections ${suffix}`, aliases: [`RIDGE RECOVERY ${suffix}, INC.`] });
  const adminId = await ensureUser({ email: `admin-${suffix}@cfpb-ui.test`, name: "Admin", role: "ADMIN" });
  adminCookie = await sessionCookieFor(adminId);
  agencyToken = (await createApiToken({ agencyId, name: "dialler", createdById: adminId })).token;
});

afterAll(async () => {
  await stopQueue();
});

const header = ["Date received", "Product", "Sub-product", "Issue", "Sub-issue", "Consumer complaint narrative", "Company", "State", "Company response to consumer", "Timely response?", "Complaint ID"];
const id = (n: number) => `${Number.parseInt(suffix.slice(-5), 36) % 100_000}${n}`;
const cfpbFile = () =>
  csv([
    header,
    ["09/14/2026", "Debt collection", "Credit card debt", "Communication tactics", "Frequent or repeated calls", "They called at work,\nthree times a day", `Ridge Recovery ${suffix} Inc`, "OH", "Closed with explanation", "Yes", id(1)],
    ["09/15/2026", "Credit reporting", null, "Incorrect information on your report", null, null, `Ridge Recovery ${suffix} Inc`, "OH", "Closed with explanation", "Yes", id(2)],
    ["09/16/2026", "Debt collection", null, "Communication tactics", null, null, "Some Other Collector LLC", "OH", "Closed with explanation", "Yes", id(3)],
  ]);

function uploadRequest(fields: Record<string, string>, file: { name: string; content: string }): Request {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append("file", new File([Buffer.from(file.content, "utf8")], file.name));
  return new Request("http://test.local/imports", { method: "POST", body: form, headers: { cookie: adminCookie, [clientAddressHeader]: "127.0.0.1" } });
}

/** Runs the queued job in this process; if a worker of another test process took it first, waits for it. */
async function runJob(batchId: number): Promise<void> {
  if ((await runImportBatch(batchId)) !== "skipped") return;
  for (let attempt = 0; attempt < 100; attempt++) {
    const batch = await getPrisma().importBatch.findUniqueOrThrow({ where: { id: batchId } });
    if (batch.status === "COMMITTED" || batch.status === "FAILED") return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("Imports page", () => {
  test("complaints in the CFPB layout import straight from the upload, without a mapping step", async () => {
    const outcome = await runRoute(imports.action, uploadRequest({ intent: "preview", kind: "COMPLAINTS", layout: "cfpb" }, { name: "complaints.csv", content: cfpbFile() }));
    expect(outcome.status).toBe(302);
    const batchId = Number(/^\/imports\/(\d+)$/.exec(outcome.location ?? "")?.[1]);
    await runJob(batchId);
    const batch = await getPrisma().importBatch.findUniqueOrThrow({ where: { id: batchId } });
    expect(batch).toMatchObject({ kind: "COMPLAINTS", layout: "cfpb", source: "UI", status: "COMMITTED", acceptedRows: 1, skippedRows: 1, otherCompanyRows: 1, rejectedRows: 0 });
    const stored = await getPrisma().complaint.findMany({ where: { agencyId } });
    expect(stored.map((complaint) => [complaint.complaintRef, complaint.source, complaint.description])).toEqual([[`CFPB-${id(1)}`, "REGULATOR_PUBLIC", "They called at work,\nthree times a day"]]);
  });

  test.each([
    [{ kind: "COMPLAINTS", layout: "experian" }, "imports.validation.unknownLayout"],
    [{ kind: "PLACEMENTS", layout: "cfpb" }, "imports.validation.layoutNotForKind"],
  ])("%o is refused on the layout field", async (fields, key) => {
    const before = await getPrisma().importBatch.count();
    const outcome = await runRoute(imports.action, uploadRequest({ intent: "preview", ...fields }, { name: "complaints.csv", content: cfpbFile() }));
    expect(outcome.status).toBe(400);
    expect(outcome.body).toMatchObject({ step: "upload", errors: { layout: { key } } });
    expect(await getPrisma().importBatch.count()).toBe(before);
  });

  test("a file that is not in the CFPB form is refused with the layout's reasons", async () => {
    const outcome = await runRoute(imports.action, uploadRequest({ intent: "preview", kind: "COMPLAINTS", layout: "cfpb" }, { name: "ours.csv", content: csv([["complaint_ref", "account_number"], ["C1", "A1"]]) }));
    expect(outcome.status).toBe(422);
    expect(outcome.body).toMatchObject({ step: "outcome", result: { status: "rejected", code: "HEADER_INVALID" } });
  });
});

describe("API", () => {
  const post = async (query: string) => {
    const request = new Request(`http://test.local/api/v1/imports?${query}`, { method: "POST", headers: { authorization: `Bearer ${agencyToken}`, "content-type": "text/csv" }, body: cfpbFile() });
    const response = await importsApi.action({ request, params: {}, context: {} } as LoaderFunctionArgs);
    return { status: response.status, json: (await response.json()) as { error?: { code: string; message: string } } };
  };

  test("an unknown layout is refused naming the built-in ones", async () => {
    const answer = await post("kind=complaints&layout=experian");
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.json)).toContain("the built-in layouts are: cfpb");
  });

  test("the CFPB layout of another kind is refused", async () => {
    const answer = await post("kind=activities&layout=cfpb");
    expect(answer).toMatchObject({ status: 422, json: { error: { code: "LAYOUT_NOT_FOR_KIND" } } });
  });

  test("an agency's token may not import the regulator's complaints (they are the lender's)", async () => {
    const answer = await post("kind=complaints&layout=cfpb");
    expect(answer).toMatchObject({ status: 403, json: { error: { code: "KIND_NOT_ALLOWED" } } });
  });
});
