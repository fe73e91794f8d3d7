import { createHash } from "node:crypto";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { authenticateApiToken, createApiToken, revokeApiToken } from "~/api-tokens/api-tokens.server";
import { getPrisma } from "~/db/client.server";
import { createAgency, createPlacedAccount, ensureUser } from "~/demo/factories.server";
import type { Role } from "~/generated/prisma/enums";
import { runImportBatch } from "~/ingest/pipeline/run-import-batch.server";
import { stopQueue } from "~/jobs/queue.server";
import * as importsApi from "~/routes/api.v1.imports";
import * as batchApi from "~/routes/api.v1.imports.$batchId";
import * as rejectsApi from "~/routes/api.v1.imports.$batchId.rejects";
import * as unknownApi from "~/routes/api.v1.$";
import * as apiDocs from "~/routes/_app.help.api";
import * as metricsApi from "~/routes/api.v1.metrics";
import { getMetricValues } from "~/metrics/metrics.server";
import * as tokenSettings from "~/routes/_app.settings.api-tokens";
import { csv } from "../support/import-harness";
import { buildRequest, runRoute, sessionCookieFor } from "../support/route-harness";

// Agency codes, accounts and event ids are unique to this file: the database is shared by the whole test run.
const suffix = Date.now().toString(36).toUpperCase();
let agencyA: number;
let agencyB: number;
let adminId: number;
let accountNumber: string;
let tokenA: string;
let tokenB: string;

beforeAll(async () => {
  agencyA = await createAgency({ code: `APIA${suffix}`, name: "API agency A" });
  agencyB = await createAgency({ code: `APIB${suffix}`, name: "API agency B" });
  adminId = await ensureUser({ email: `admin-${suffix.toLowerCase()}@api-imports.test`, name: "API admin", role: "ADMIN" });
  accountNumber = (await createPlacedAccount({ agencyId: agencyA })).accountNumber;
  tokenA = (await createApiToken({ agencyId: agencyA, name: "dialler export", createdById: adminId })).token;
  tokenB = (await createApiToken({ agencyId: agencyB, name: "other agency", createdById: adminId })).token;
});

afterAll(async () => {
  await stopQueue();
});

const activityHeader = ["event_id", "account_number", "agent_id", "occurred_at", "type", "outcome"];
const activities = (prefix: string, count: number) =>
  csv([activityHeader, ...Array.from({ length: count }, (_, index) => [`${prefix}-${suffix}-${index}`, accountNumber, "A001", `2026-10-05 1${index}:00`, "CALL", "NO_ANSWER"])]);

/** A body delivered in several chunks, the way a large upload arrives. */
function streamOf(content: string | Buffer, chunkSize = 16): ReadableStream<Uint8Array> {
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(new Uint8Array(bytes.subarray(offset, offset + chunkSize)));
      offset += chunkSize;
    },
  });
}

function apiRequest(path: string, options: { token?: string | null; method?: string; contentType?: string; body?: string | Buffer | FormData; authorization?: string } = {}): Request {
  const headers = new Headers();
  if (options.authorization) headers.set("authorization", options.authorization);
  else if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  if (options.contentType) headers.set("content-type", options.contentType);
  const body = options.body === undefined ? undefined : options.body instanceof FormData ? options.body : streamOf(options.body);
  const init = { method: options.method ?? (body ? "POST" : "GET"), headers, body, duplex: "half" } as RequestInit;
  return new Request(`http://test.local${path}`, init);
}

type ApiAnswer = { status: number; headers: Headers; json: Record<string, unknown> & { error?: { code: string; message: string; reason?: string } } };

async function call(fn: (args: LoaderFunctionArgs) => Promise<Response>, request: Request, params: Record<string, string> = {}): Promise<ApiAnswer> {
  const response = await fn({ request, params, context: {} });
  expect(response.headers.get("content-type")).toContain("application/json");
  return { status: response.status, headers: response.headers, json: (await response.json()) as ApiAnswer["json"] };
}

const post = (path: string, options: Parameters<typeof apiRequest>[1]) => call(importsApi.action, apiRequest(path, options));
const status = (batchId: unknown, token: string) => call(batchApi.loader, apiRequest(`/api/v1/imports/${String(batchId)}`, { token }), { batchId: String(batchId) });

/** Runs the queued job in this process; if a worker of another test process took it first, waits for it. */
async function runJob(batchId: number): Promise<void> {
  if ((await runImportBatch(batchId)) !== "skipped") return;
  for (let attempt = 0; attempt < 100; attempt++) {
    const batch = await getPrisma().importBatch.findUniqueOrThrow({ where: { id: batchId } });
    if (batch.status === "COMMITTED" || batch.status === "FAILED") return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("token lifecycle", () => {
  test("create → authenticate → revoke → 401", async () => {
    const created = await createApiToken({ agencyId: agencyA, name: "  lifecycle  ", createdById: adminId });
    expect(created.token).toMatch(/^ao_[A-Za-z0-9_-]{43}$/);
    const stored = await getPrisma().apiToken.findUniqueOrThrow({ where: { id: created.id } });
    // Only the hash and a short prefix are stored.
    expect(stored).toMatchObject({ agencyId: agencyA, name: "lifecycle", tokenPrefix: created.token.slice(0, 10), createdById: adminId, lastUsedAt: null, revokedAt: null });
    expect(stored.tokenHash).toBe(createHash("sha256").update(created.token).digest("hex"));
    expect(JSON.stringify(stored)).not.toContain(created.token.slice(10));

    const authenticated = await authenticateApiToken(apiRequest("/api/v1/imports", { token: created.token }));
    expect(authenticated).toEqual({ ok: true, tokenId: created.id, agencyId: agencyA, agencyCode: `APIA${suffix}`, scopes: ["UPLOAD", "READ_METRICS"] });
    // A year by default.
    expect(stored.expiresAt?.getTime()).toBeGreaterThan(Date.now() + 364 * 86_400_000);
    const firstUse = (await getPrisma().apiToken.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt;
    expect(firstUse).not.toBeNull();
    // Within the minute lastUsedAt is not written again.
    await authenticateApiToken(apiRequest("/api/v1/imports", { token: created.token }));
    expect((await getPrisma().apiToken.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt).toEqual(firstUse);

    expect(await revokeApiToken(created.id)).toMatchObject({ status: "revoked", agencyId: agencyA, name: "lifecycle" });
    expect(await revokeApiToken(created.id)).toEqual({ status: "already-revoked" });
    expect(await revokeApiToken(999_999_999)).toEqual({ status: "not-found" });
    expect(await authenticateApiToken(apiRequest("/x", { token: created.token }))).toMatchObject({ ok: false, reason: "revoked" });

    const refused = await post("/api/v1/imports?kind=activities", { token: created.token, contentType: "text/csv", body: activities("REV", 1) });
    expect(refused.status).toBe(401);
    expect(refused.json.error).toMatchObject({ code: "UNAUTHORIZED", reason: "revoked" });
    expect(refused.headers.get("www-authenticate")).toBe('Bearer realm="agency-oversight", error="invalid_token"');
  });

  test.each([
    [undefined, "missing"],
    ["Basic dXNlcjpwYXNz", "malformed"],
    ["Bearer ao_short", "malformed"],
    [`Bearer ao_${"A".repeat(43)}`, "unknown"],
  ])("Authorization %s → %s", async (authorization, reason) => {
    expect(await authenticateApiToken(apiRequest("/x", { authorization }))).toMatchObject({ ok: false, reason });
  });

  test("an expired token is refused from its expiry on, with its own reason", async () => {
    const now = Date.now();
    const { token } = await createApiToken({ agencyId: agencyA, name: "short-lived", createdById: null, expiresAt: new Date(now + 60_000) });
    expect((await authenticateApiToken(apiRequest("/x", { token }), { now: new Date(now + 59_000) })).ok).toBe(true);
    expect(await authenticateApiToken(apiRequest("/x", { token }), { now: new Date(now + 60_000) })).toMatchObject({ ok: false, reason: "expired" });
    await expect(createApiToken({ agencyId: agencyA, name: "past", createdById: null, expiresAt: new Date(now - 1) })).rejects.toThrow("in the future");
    await expect(createApiToken({ agencyId: agencyA, name: "too long", createdById: null, expiresAt: new Date(now + 800 * 86_400_000) })).rejects.toThrow("at most 730 days");
    await expect(createApiToken({ agencyId: agencyA, name: "no scope", createdById: null, scopes: [] })).rejects.toThrow("at least one scope");
  });

  test("a token may only do what its scopes allow: 403 INSUFFICIENT_SCOPE otherwise", async () => {
    const uploadOnly = (await createApiToken({ agencyId: agencyA, name: "upload only", createdById: null, scopes: ["UPLOAD"] })).token;
    const metricsOnly = (await createApiToken({ agencyId: agencyA, name: "metrics only", createdById: null, scopes: ["READ_METRICS"] })).token;
    const figures = await call(metricsApi.loader, apiRequest("/api/v1/metrics?month=2026-10", { token: uploadOnly }));
    expect(figures.status).toBe(403);
    expect(figures.json.error).toMatchObject({ code: "INSUFFICIENT_SCOPE", requiredScope: "READ_METRICS", tokenScopes: ["UPLOAD"] });
    expect(figures.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
    expect((await call(metricsApi.loader, apiRequest("/api/v1/metrics?month=2026-10", { token: metricsOnly }))).status).toBe(200);
    const upload = await post("/api/v1/imports?kind=activities", { token: metricsOnly, contentType: "text/csv", body: activities("SCOPE", 1) });
    expect(upload.status).toBe(403);
    expect(upload.json.error?.code).toBe("INSUFFICIENT_SCOPE");
    expect((await call(importsApi.loader, apiRequest("/api/v1/imports", { token: metricsOnly }))).status).toBe(403);
    expect(await getPrisma().importBatch.count({ where: { fileName: { contains: "SCOPE" } } })).toBe(0);
  });

  test("a token of an agency that was deactivated is refused", async () => {
    const inactive = await createAgency({ code: `APIX${suffix}`, name: "Soon inactive" });
    const { token } = await createApiToken({ agencyId: inactive, name: "x", createdById: null });
    await getPrisma().agency.update({ where: { id: inactive }, data: { active: false } });
    expect(await authenticateApiToken(apiRequest("/x", { token }))).toMatchObject({ ok: false, reason: "agency-inactive" });
  });
});

describe("POST /api/v1/imports", () => {
  let batchId: number;
  let dayOne: string;

  beforeAll(() => {
    dayOne = activities("DAY1", 3);
  });

  test("a streamed CSV is accepted at once (202), imported by the job, and its status read back", async () => {
    const accepted = await post("/api/v1/imports?kind=activities&filename=day1.csv", { token: tokenA, contentType: "text/csv; charset=utf-8", body: dayOne });
    expect(accepted.status).toBe(202);
    expect(accepted.json).toMatchObject({ status: "queued", statusUrl: `/api/v1/imports/${String(accepted.json.batchId)}` });
    expect(accepted.headers.get("location")).toBe(accepted.json.statusUrl);
    batchId = accepted.json.batchId as number;
    const tokenId = (await getPrisma().apiToken.findUniqueOrThrow({ where: { tokenHash: createHash("sha256").update(tokenA).digest("hex") } })).id;
    expect(await getPrisma().importBatch.findUniqueOrThrow({ where: { id: batchId } })).toMatchObject({ source: "API", agencyId: agencyA, apiTokenId: tokenId, fileName: "day1.csv", kind: "ACTIVITIES" });

    await runJob(batchId);
    const read = await status(batchId, tokenA);
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ batchId, status: "COMMITTED", kind: "ACTIVITIES", source: "API", fileName: "day1.csv", totalRows: 3, acceptedRows: 3, duplicateRows: 0, rejectedRows: 0, errorMessage: null });
    expect(read.json.finishedAt).toEqual(expect.any(String));
    expect(await getPrisma().activityEvent.count({ where: { agencyId: agencyA, eventId: { startsWith: `DAY1-${suffix}-` } } })).toBe(3);
  });

  test("the same bytes again are recognised: 200 already-imported with the first batch", async () => {
    const again = await post("/api/v1/imports?kind=activities&filename=day1-again.csv", { token: tokenA, contentType: "text/csv", body: dayOne });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ batchId, status: "already-imported" });
  });

  test("another agency's token cannot read the batch (404), nor can a missing one (401)", async () => {
    const other = await status(batchId, tokenB);
    expect(other.status).toBe(404);
    expect(other.json.error?.code).toBe("NOT_FOUND");
    expect((await status("not-a-number", tokenA)).status).toBe(404);
    const anonymous = await call(batchApi.loader, apiRequest(`/api/v1/imports/${batchId}`), { batchId: String(batchId) });
    expect(anonymous.status).toBe(401);
  });

  test("a file being imported right now: 409", async () => {
    const body = activities("BUSY", 1);
    const first = await post("/api/v1/imports?filename=busy.csv", { token: tokenA, contentType: "text/csv", body });
    expect(first.status).toBe(202);
    const second = await post("/api/v1/imports?filename=busy.csv", { token: tokenA, contentType: "text/csv", body });
    expect(second.status).toBe(409);
    expect(second.json).toMatchObject({ error: { code: "IMPORT_IN_PROGRESS" }, batchId: first.json.batchId });
    await runJob(first.json.batchId as number);
  });

  test("a committed batch that imported nothing is a WARNING with its reason; a good one is COMMITTED", async () => {
    const unknownAccount = csv([activityHeader, ...[0, 1].map((index) => [`NONE-${suffix}-${index}`, `NOACCOUNT${suffix}`, "A001", `2026-10-06 1${index}:00`, "CALL", "NO_ANSWER"])]);
    const accepted = await post("/api/v1/imports?kind=activities&filename=nothing.csv", { token: tokenA, contentType: "text/csv", body: unknownAccount });
    await runJob(accepted.json.batchId as number);
    const read = await status(accepted.json.batchId, tokenA);
    expect(read.json).toMatchObject({ status: "COMMITTED", outcome: "WARNING", acceptedRows: 0, rejectedRows: 2 });
    expect(read.json.outcomeWarning).toEqual({ code: "ALL_REJECTED", message: "All 2 rows were rejected: nothing was imported. See the rejected rows for the reasons." });

    const good = await status(batchId, tokenA);
    expect(good.json).toMatchObject({ status: "COMMITTED", outcome: "COMMITTED", outcomeWarning: null });
  });

  test("a file without the required columns: 422 with the failed batch", async () => {
    const rejected = await post("/api/v1/imports?kind=activities", { token: tokenA, contentType: "text/csv", body: `event_id,type\nX-${suffix},CALL\n` });
    expect(rejected.status).toBe(422);
    expect(rejected.json.error?.code).toBe("HEADER_INVALID");
    expect(rejected.json.batchId).toEqual(expect.any(Number));
    expect((await status(rejected.json.batchId, tokenA)).json).toMatchObject({ status: "FAILED" });
  });

  test("multipart/form-data with a file field", async () => {
    const form = new FormData();
    form.append("comment", "ignored");
    form.append("file", new Blob([activities("MULTI", 2)], { type: "text/csv" }), "multi.csv");
    const accepted = await post("/api/v1/imports?kind=activities&strict=true", { token: tokenA, body: form });
    expect(accepted.status).toBe(202);
    const id = accepted.json.batchId as number;
    expect(await getPrisma().importBatch.findUniqueOrThrow({ where: { id } })).toMatchObject({ fileName: "multi.csv", strict: true, source: "API" });
    await runJob(id);
    expect((await status(id, tokenA)).json).toMatchObject({ status: "COMMITTED", acceptedRows: 2 });

    const noFile = new FormData();
    noFile.append("comment", "no file here");
    const missing = await post("/api/v1/imports", { token: tokenA, body: noFile });
    expect(missing.status).toBe(400);
    expect(missing.json.error?.code).toBe("INVALID_REQUEST");
  });

  test("multi-megabyte bodies arrive byte for byte through the stream, raw and multipart", async () => {
    // Without the required columns the file is refused right after it is stored, so no job has to run.
    const big = (tag: string) => Buffer.from(`event_id,type\n${Array.from({ length: 120_000 }, (_, index) => `${tag}-${suffix}-${index},CALL`).join("\n")}\n`, "utf8");
    const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
    const raw = big("RAWBIG");
    const rawRequest = new Request("http://test.local/api/v1/imports?filename=raw-big.csv", {
      method: "POST",
      headers: { authorization: `Bearer ${tokenA}`, "content-type": "text/csv" },
      body: streamOf(raw, 64 * 1024 + 7),
      duplex: "half",
    } as RequestInit);
    const rawAnswer = await call(importsApi.action, rawRequest);
    expect(rawAnswer.status).toBe(422);
    const form = new FormData();
    const multipart = big("FORMBIG");
    form.append("file", new Blob([multipart], { type: "text/csv" }), "form-big.csv");
    const formAnswer = await post("/api/v1/imports", { token: tokenA, body: form });
    expect(formAnswer.status).toBe(422);
    for (const [answer, bytes] of [
      [rawAnswer, raw],
      [formAnswer, multipart],
    ] as const) {
      const batch = await getPrisma().importBatch.findUniqueOrThrow({ where: { id: answer.json.batchId as number } });
      expect(batch.fileSha256).toBe(sha256(bytes));
      expect(Number(batch.fileSize)).toBe(bytes.length);
    }
  });

  test("bodies above the size limit are refused with 413, raw or multipart", async () => {
    process.env.OVERSIGHT_API_MAX_UPLOAD_BYTES = "64";
    try {
      const raw = await post("/api/v1/imports?filename=big.csv", { token: tokenA, contentType: "text/csv", body: activities("BIG", 5) });
      expect(raw.status).toBe(413);
      expect(raw.json.error).toMatchObject({ code: "PAYLOAD_TOO_LARGE", limitBytes: 64 });
      const form = new FormData();
      form.append("file", new Blob([activities("BIGM", 5)]), "big.csv");
      expect((await post("/api/v1/imports", { token: tokenA, body: form })).status).toBe(413);
    } finally {
      delete process.env.OVERSIGHT_API_MAX_UPLOAD_BYTES;
    }
    expect(await getPrisma().importBatch.count({ where: { agencyId: agencyA, fileName: "big.csv" } })).toBe(0);
  });

  test.each([
    ["kind=placements", "text/csv", 403, "KIND_NOT_ALLOWED"],
    ["kind=complaints", "text/csv", 403, "KIND_NOT_ALLOWED"],
    ["kind=loans", "text/csv", 400, "INVALID_REQUEST"],
    ["strict=maybe", "text/csv", 400, "INVALID_REQUEST"],
    ["stirct=true", "text/csv", 400, "INVALID_REQUEST"],
    ["mapping=NoSuchProfile", "text/csv", 422, "UNKNOWN_MAPPING"],
    ["", "application/octet-stream", 400, "INVALID_REQUEST"],
    ["", "application/json", 415, "UNSUPPORTED_MEDIA_TYPE"],
  ])("?%s with %s → %i %s", async (query, contentType, expectedStatus, code) => {
    const answer = await post(`/api/v1/imports?${query}`, { token: tokenA, contentType, body: activities("Q", 1) });
    expect(answer.status).toBe(expectedStatus);
    expect(answer.json.error?.code).toBe(code);
  });

  test("without a token: 401 with a Bearer challenge; GET on the collection: 405", async () => {
    const anonymous = await post("/api/v1/imports?kind=activities", { contentType: "text/csv", body: activities("ANON", 1) });
    expect(anonymous.status).toBe(401);
    expect(anonymous.json.error).toMatchObject({ code: "UNAUTHORIZED", reason: "missing" });
    expect(anonymous.headers.get("www-authenticate")).toBe('Bearer realm="agency-oversight"');
    const deleted = await call(importsApi.action, apiRequest("/api/v1/imports", { token: tokenA, method: "DELETE" }));
    expect(deleted.status).toBe(405);
    expect(deleted.headers.get("allow")).toBe("POST");
    expect(deleted.json.error?.code).toBe("METHOD_NOT_ALLOWED");
  });
});

describe("GET /api/v1/imports, /api/v1/imports/:id/rejects and unknown paths", () => {
  const list = (query: string, token: string) => call(importsApi.loader, apiRequest(`/api/v1/imports${query}`, { token }));
  const rejects = (batchId: number, query: string, token: string) =>
    rejectsApi.loader({ request: apiRequest(`/api/v1/imports/${batchId}/rejects${query}`, { token }), params: { batchId: String(batchId) }, context: {} });
  let withRejects: number;

  beforeAll(async () => {
    // Three rows: one accepted, two rejected (an account never placed with the agency, a date that is not one).
    const body = csv([
      activityHeader,
      [`LIST-${suffix}-0`, accountNumber, "A001", "2026-10-06 10:00", "CALL", "NO_ANSWER"],
      [`LIST-${suffix}-1`, `NOPE-${suffix}`, "A001", "2026-10-06 11:00", "CALL", "NO_ANSWER"],
      [`LIST-${suffix}-2`, accountNumber, "A001", "not a date", "CALL", "NO_ANSWER"],
    ]);
    const answer = await post(`/api/v1/imports?kind=activities&filename=list-${suffix}.csv`, { token: tokenA, contentType: "text/csv", body });
    expect(answer.status).toBe(202);
    withRejects = answer.json.batchId as number;
    await runJob(withRejects);
    for (let index = 0; index < 3; index++) {
      expect((await post(`/api/v1/imports?kind=activities&filename=page-${index}-${suffix}.csv`, { token: tokenA, contentType: "text/csv", body: activities(`PAGE${index}`, 1) })).status).toBe(202);
    }
  });

  test("lists only the token's agency's batches, newest first, in pages", async () => {
    const first = await list("?limit=2", tokenA);
    expect(first.status).toBe(200);
    const items = first.json.items as { batchId: number; agencyCode: string; statusUrl: string }[];
    expect(items).toHaveLength(2);
    expect(items[0]!.batchId).toBeGreaterThan(items[1]!.batchId);
    expect(items.every((item) => item.agencyCode === `APIA${suffix}` && item.statusUrl === `/api/v1/imports/${item.batchId}`)).toBe(true);
    expect(first.json.nextUrl).toBe(`/api/v1/imports?limit=2&before=${items[1]!.batchId}`);
    const everything: number[] = [];
    let query: string | null = "?limit=2";
    while (query !== null) {
      const page = await list(query, tokenA);
      everything.push(...(page.json.items as { batchId: number }[]).map((item) => item.batchId));
      query = (page.json.nextUrl as string | null)?.replace("/api/v1/imports", "") ?? null;
    }
    const stored = await getPrisma().importBatch.findMany({ where: { agencyId: agencyA }, orderBy: { id: "desc" }, select: { id: true } });
    expect(everything).toEqual(stored.map((batch) => batch.id));
    const other = await list("", tokenB);
    expect((other.json.items as { agencyCode: string }[]).every((item) => item.agencyCode === `APIB${suffix}`)).toBe(true);
    expect((other.json.items as { batchId: number }[]).map((item) => item.batchId)).not.toContain(withRejects);
    const bad = await list("?limit=0&page=2", tokenA);
    expect(bad.status).toBe(400);
    expect(bad.json.error?.code).toBe("INVALID_REQUEST");
  });

  test("rejected rows: JSON pages with row, field, reason and the values as sent, or the CSV; another agency's batch is 404", async () => {
    const response = await rejects(withRejects, "?limit=1", tokenA);
    expect(response.status).toBe(200);
    const first = (await response.json()) as { headers: string[]; items: { rowNumber: number; field: string | null; message: string; values: Record<string, string> }[]; nextUrl: string | null };
    expect(first.headers).toEqual(activityHeader);
    expect(first.items).toHaveLength(1);
    expect(first.items[0]).toMatchObject({ rowNumber: 3, values: { account_number: `NOPE-${suffix}` } });
    expect(first.items[0]!.message).not.toBe("");
    expect(first.nextUrl).toMatch(new RegExp(`^/api/v1/imports/${withRejects}/rejects\\?limit=1&after=\\d+$`));
    const after = new URL(first.nextUrl!, "http://x").searchParams.get("after");
    const second = (await (await rejects(withRejects, `?limit=1&after=${after}`, tokenA)).json()) as typeof first;
    expect(second.items).toEqual([expect.objectContaining({ rowNumber: 4, field: "occurred_at", values: expect.objectContaining({ occurred_at: "not a date" }) })]);
    expect(second.nextUrl).toBeNull();

    const file = await rejects(withRejects, "?format=csv", tokenA);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toContain("text/csv");
    const text = await file.text();
    expect(text).toContain(`NOPE-${suffix}`);
    expect(text).toContain("not a date");
    expect(await getPrisma().accessLog.count({ where: { action: "EXPORT", resourceType: "import-rejects", resourceId: String(withRejects) } })).toBe(2);

    for (const query of ["", "?format=csv"]) {
      const foreign = await rejects(withRejects, query, tokenB);
      expect(foreign.status).toBe(404);
      expect(((await foreign.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
    }
    expect((await rejects(withRejects, "?format=xml", tokenA)).status).toBe(400);
    expect((await rejectsApi.action()).status).toBe(405);
  });

  test.each(["GET", "POST", "PUT", "DELETE"])("%s on a path no endpoint answers is a JSON 404", async (method) => {
    const request = apiRequest("/api/v1/imprts/7", { token: tokenA, method });
    const answer = await call(method === "GET" ? unknownApi.loader : unknownApi.action, request);
    expect(answer.status).toBe(404);
    expect(answer.json.error).toMatchObject({ code: "NOT_FOUND" });
    expect(answer.json.error?.message).toContain(`${method} /api/v1/imprts/7`);
  });
});

describe("Settings → API tokens", () => {
  const roles: Role[] = ["ADMIN", "VENDOR_MANAGER", "COMPLIANCE", "EXECUTIVE", "AGENCY"];
  const cookies = {} as Record<Role, string>;

  beforeAll(async () => {
    for (const role of roles) {
      const userId = await ensureUser({ email: `${role.toLowerCase()}-${suffix.toLowerCase()}@api-tokens.test`, name: `${role} tester`, role, agencyId: role === "AGENCY" ? agencyA : null });
      cookies[role] = await sessionCookieFor(userId);
    }
  });

  test.each(roles.filter((role) => role !== "ADMIN"))("%s gets 403 on the page and its actions", async (role) => {
    expect((await runRoute(tokenSettings.loader, buildRequest("/settings/api-tokens", { cookie: cookies[role] }))).status).toBe(403);
    const create = await runRoute(tokenSettings.action, buildRequest("/settings/api-tokens", { cookie: cookies[role], form: { intent: "create", agencyId: String(agencyA), name: "intruder" } }));
    expect(create.status).toBe(403);
    const revoke = await runRoute(tokenSettings.action, buildRequest("/settings/api-tokens", { cookie: cookies[role], form: { intent: "revoke", tokenId: "1" } }));
    expect(revoke.status).toBe(403);
    expect(await getPrisma().apiToken.count({ where: { name: "intruder" } })).toBe(0);
  });

  test("without a session: redirect to sign-in", async () => {
    expect((await runRoute(tokenSettings.loader, buildRequest("/settings/api-tokens"))).location).toBe(`/login?redirectTo=${encodeURIComponent("/settings/api-tokens")}`);
  });

  test("an administrator creates a token (shown once, logged), sees it listed, and revokes it (logged)", async () => {
    const cookie = cookies.ADMIN;
    const expiresOn = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const created = await runRoute(
      tokenSettings.action,
      buildRequest("/settings/api-tokens", { cookie, form: { intent: "create", agencyId: String(agencyB), name: "nightly upload", expiresOn, scopes: "UPLOAD" } }),
    );
    expect(created.status).toBe(200);
    const body = created.body as { ok: true; token: string; agencyCode: string };
    expect(body).toMatchObject({ ok: true, intent: "create", agencyCode: `APIB${suffix}`, name: "nightly upload" });
    expect((await authenticateApiToken(apiRequest("/x", { token: body.token }))).ok).toBe(true);

    const page = await runRoute(tokenSettings.loader, buildRequest("/settings/api-tokens", { cookie }));
    const listed = (page.body as { tokens: { id: number; name: string; tokenPrefix: string; agencyCode: string; createdByName: string | null }[] }).tokens.find((token) => token.tokenPrefix === body.token.slice(0, 10));
    expect(listed).toMatchObject({ name: "nightly upload", agencyCode: `APIB${suffix}`, createdByName: "ADMIN tester", scopes: ["UPLOAD"], expiresAt: `${expiresOn}T23:59:59.999Z` });
    expect(JSON.stringify(page.body)).not.toContain(body.token);
    expect(await getPrisma().accessLog.findFirst({ where: { action: "API_TOKEN_CREATED", resourceId: String(listed?.id) } })).not.toBeNull();

    const revoked = await runRoute(tokenSettings.action, buildRequest("/settings/api-tokens", { cookie, form: { intent: "revoke", tokenId: String(listed?.id) } }));
    expect(revoked).toMatchObject({ status: 200, body: { ok: true, intent: "revoke", name: "nightly upload" } });
    expect(await getPrisma().accessLog.findFirst({ where: { action: "API_TOKEN_REVOKED", resourceId: String(listed?.id) } })).not.toBeNull();
    expect((await runRoute(tokenSettings.action, buildRequest("/settings/api-tokens", { cookie, form: { intent: "revoke", tokenId: String(listed?.id) } }))).status).toBe(409);
    expect(await authenticateApiToken(apiRequest("/x", { token: body.token }))).toMatchObject({ ok: false, reason: "revoked" });
  });

  test("an expiry in the past or too far ahead and no scope are form errors", async () => {
    const form = (fields: Record<string, string>) =>
      runRoute(tokenSettings.action, buildRequest("/settings/api-tokens", { cookie: cookies.ADMIN, form: { intent: "create", agencyId: String(agencyA), name: "bad", ...fields } }));
    const past = await form({ expiresOn: "2020-01-01", scopes: "UPLOAD" });
    expect(past).toMatchObject({ status: 400, body: { ok: false, errors: { expiresOn: { key: "apiTokens.expiresInvalid" } } } });
    const far = await form({ expiresOn: new Date(Date.now() + 900 * 86_400_000).toISOString().slice(0, 10), scopes: "UPLOAD" });
    expect(far).toMatchObject({ status: 400, body: { ok: false, errors: { expiresOn: { key: "apiTokens.expiresInvalid" } } } });
    const noScope = await form({ expiresOn: new Date(Date.now() + 9 * 86_400_000).toISOString().slice(0, 10) });
    expect(noScope).toMatchObject({ status: 400, body: { ok: false, errors: { scopes: { key: "apiTokens.scopeRequired" } } } });
    expect(await getPrisma().apiToken.count({ where: { name: "bad" } })).toBe(0);
  });

  test("the API documentation page renders docs/API.md for agency users and administrators", async () => {
    const page = await runRoute(apiDocs.loader, buildRequest("/help/api", { cookie: cookies.AGENCY }));
    expect(page.status).toBe(200);
    const html = (page.body as { html: string }).html;
    expect(html).toContain("<h2>Agency API (v1)</h2>");
    expect(html).not.toContain("<h1");
    expect(html).toContain("/api/v1/imports/{batchId}/rejects");
    expect(html).toContain("<table>");
    expect((await runRoute(apiDocs.loader, buildRequest("/help/api", { cookie: cookies.EXECUTIVE }))).status).toBe(403);
  });

  test("an unknown or missing agency and an empty name are form errors", async () => {
    const empty = await runRoute(tokenSettings.action, buildRequest("/settings/api-tokens", { cookie: cookies.ADMIN, form: { intent: "create", agencyId: "", name: " " } }));
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ ok: false, errors: { agencyId: { key: "apiTokens.agencyRequired" }, name: { key: "validation.required" } } });
    const unknown = await runRoute(tokenSettings.action, buildRequest("/settings/api-tokens", { cookie: cookies.ADMIN, form: { intent: "create", agencyId: "999999999", name: "x" } }));
    expect(unknown).toMatchObject({ status: 400, body: { ok: false, errors: { agencyId: { key: "apiTokens.agencyRequired" } } } });
  });
});

describe("GET /api/v1/metrics", () => {
  const metrics = (query: string, token?: string | null) => call(metricsApi.loader, apiRequest(`/api/v1/metrics${query}`, { token }));

  test("the token's agency's month as its pages show it, per agency or agent; never another agency's", async () => {
    const october = { from: "2026-10-01", to: "2026-10-31", agencyIds: [agencyA] };
    const own = await metrics("?month=2026-10", tokenA);
    expect(own.status).toBe(200);
    expect(own.json).toMatchObject({ agencyCode: `APIA${suffix}`, by: "agency", period: { from: "2026-10-01", to: "2026-10-31" } });
    const rows = own.json.rows as { agencyCode: string; metrics: { outboundContacts: number }; scorecard: unknown }[];
    expect(rows.map((row) => row.agencyCode)).toEqual([`APIA${suffix}`]);
    expect(rows[0]?.metrics).toEqual(await getMetricValues(october));
    expect(rows[0]?.metrics.outboundContacts).toBeGreaterThan(0);
    const agents = await metrics("?month=2026-10&by=agent", tokenA);
    expect((agents.json.rows as { agencyCode: string; agentExternalId: string }[]).map((row) => [row.agencyCode, row.agentExternalId])).toEqual([[`APIA${suffix}`, "A001"]]);
    // Agency B's token sees agency B only (it has no figures that month).
    const other = await metrics("?month=2026-10", tokenB);
    expect(other.json).toMatchObject({ agencyCode: `APIB${suffix}`, rows: [] });
  });

  test("a bad month is a 400 naming the field; no token is a 401; only GET", async () => {
    const bad = await metrics("?month=2026-13", tokenA);
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ code: "INVALID_REQUEST", issues: [{ field: "month", message: "month must be YYYY-MM" }] });
    expect((await metrics("?month=2026-10", null)).status).toBe(401);
    expect((await metricsApi.action()).status).toBe(405);
  });
});
