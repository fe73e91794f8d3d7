// The rendered-page cache (ADR 048) over real HTTP, in front of a stand-in page that reads what real pages read
// through the app's own functions (the session guard, the user's language, the data generation, the unread count,
// the agency scope). A page is kept only while nothing changed: new data, a language switch, a sign-out, another user,
// the next minute, any other write — each gets a freshly rendered page.
import type { RequestHandler } from "express";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createRemixRequest, sendRemixResponse } from "@remix-run/express/dist/server.js";
import type { AppLoadContext } from "@remix-run/node";
import { requireUser, scopeAgency } from "~/auth/guards.server";
import { destroyUserSession } from "~/auth/session.server";
import { advanceDataGeneration, getDataGeneration } from "~/cache/data-generation.server";
import { getPrisma } from "~/db/client.server";
import { createAgency, ensureUser } from "~/demo/factories.server";
import { saveLocale } from "~/i18n/locale.server";
import { countUnreadNotifications } from "~/notifications/notification-centre.server";
import { createPageCache } from "../../server/page-cache";
import { loadContextOf } from "../../server/web-surface";
import { sessionCookieFor } from "../support/route-harness";
import { startWebSurface, type Listening } from "../support/web-surface-harness";

let renders = 0;
let clock = new Date("2026-12-06T09:00:10Z");

/** A page as the app renders one: guard first, then reads, the response's nonce on its script. */
async function standInPage(request: Request, context: AppLoadContext): Promise<Response> {
  let user;
  try {
    user = await requireUser(request);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
  renders++;
  const url = new URL(request.url);
  const [generation, unread] = await Promise.all([getDataGeneration(), countUnreadNotifications(user.id)]);
  const headers = new Headers({ "content-type": "text/html" });
  // As a flash message would: an answer that sets a cookie belongs to that answer only.
  if (url.searchParams.has("flash")) headers.append("set-cookie", "flash=saved; Path=/");
  const body = `<html lang="${user.locale}"><body data-user="${user.email}" data-name="${user.name}" data-scope="${scopeAgency(user) ?? "all"}" data-generation="${generation}" data-unread="${unread}" data-minute="${clock.toISOString().slice(0, 16)}"><script nonce="${context.cspNonce ?? ""}">hydrate()</script></body></html>`;
  return new Response(body, { status: 200, headers });
}

const cache = createPageCache({ maxMb: 8, handle: standInPage, loadContext: loadContextOf, now: () => clock });
const app: RequestHandler = (request, response, next) => {
  cache(request, response, () => {
    standInPage(createRemixRequest(request, response), loadContextOf(request, response)).then((answer) => sendRemixResponse(response, answer), next);
  });
};

let server: Listening;
const users = { manager: 0, agencyUser: 0 };
const cookies = { manager: "", agencyUser: "" };
let agencyId = 0;

beforeAll(async () => {
  server = await startWebSurface({}, app);
  const suffix = Date.now().toString(36).toUpperCase();
  agencyId = await createAgency({ code: `PC${suffix}` });
  users.manager = await ensureUser({ email: `pc-manager-${suffix}@example.test`, name: "Page Cache Manager", role: "VENDOR_MANAGER" });
  users.agencyUser = await ensureUser({ email: `pc-agency-${suffix}@example.test`, name: "Page Cache Agency", role: "AGENCY", agencyId });
  cookies.manager = await sessionCookieFor(users.manager);
  cookies.agencyUser = await sessionCookieFor(users.agencyUser);
});
afterAll(() => server?.close());

type Fetched = { status: number; body: string; cache: string | null; nonce: string | undefined; location: string | null };

async function get(path: string, cookie: string): Promise<Fetched> {
  const response = await fetch(`${server.url}${path}`, { headers: { cookie }, redirect: "manual" });
  const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];
  return { status: response.status, body: await response.text(), cache: response.headers.get("x-page-cache"), nonce, location: response.headers.get("location") };
}

// A session whose lastSeenAt is due (a minute after the last write) is answered by the app itself (no X-Page-Cache)
// once, which writes it; so right after a change the tests expect "not a hit" and check the page's content.

/**
 * A hit needs the database cluster to stay still between two requests; other test files write to it meanwhile, so a
 * few attempts are allowed. Whether an answer is current never depends on that: see the tests below.
 */
async function getUntilHit(path: string, cookie: string): Promise<Fetched> {
  let last = await get(path, cookie);
  for (let attempt = 0; attempt < 20 && last.cache !== "hit"; attempt++) last = await get(path, cookie);
  return last;
}

const attribute = (body: string, name: string) => new RegExp(`data-${name}="([^"]*)"`).exec(body)?.[1];

describe("a page answered from memory", () => {
  test("the second request for a page is answered without rendering, with its own nonce", async () => {
    let first = await get("/agencies?from=2026-01-01", cookies.manager);
    expect(first.status).toBe(200);
    expect(first.cache).not.toBe("hit");
    // Another file's write between two requests renders the page again (a new generation); the hit is then the page
    // that render kept, so it is compared with that render.
    let rendersBefore = renders;
    let second = await get("/agencies?from=2026-01-01", cookies.manager);
    for (let attempt = 0; attempt < 20 && second.cache !== "hit"; attempt++) {
      first = second;
      rendersBefore = renders;
      second = await get("/agencies?from=2026-01-01", cookies.manager);
    }
    expect(second.cache).toBe("hit");
    expect(renders).toBe(rendersBefore);
    expect(second.nonce).toBeDefined();
    expect(second.nonce).not.toBe(first.nonce);
    expect(second.body).toContain(`<script nonce="${second.nonce}">`);
    expect(second.body).not.toContain(first.nonce);
    expect(second.body.replace(second.nonce!, "N")).toBe(first.body.replace(first.nonce!, "N"));
  });

  test("another URL of the same page is rendered on its own", async () => {
    await getUntilHit("/agencies", cookies.manager);
    const other = await get("/agencies?from=2026-02-01", cookies.manager);
    expect(other.cache).not.toBe("hit");
  });

  test("pages not listed (a case, settings) never go through it", async () => {
    const answer = await get("/cases/ACC-1", cookies.manager);
    expect(answer.status).toBe(200);
    expect(answer.cache).toBeNull();
  });
});

describe("a fresh page after every change", () => {
  test("new data (the generation moves on)", async () => {
    const kept = await getUntilHit("/", cookies.manager);
    const generation = await advanceDataGeneration("settings");
    const after = await get("/", cookies.manager);
    expect(after.cache).not.toBe("hit");
    expect(attribute(after.body, "generation")).toBe(generation);
    expect(attribute(after.body, "generation")).not.toBe(attribute(kept.body, "generation"));
  });

  test("any other write, here the user's name", async () => {
    await getUntilHit("/findings", cookies.manager);
    await getPrisma().user.update({ where: { id: users.manager }, data: { name: "Renamed Manager" } });
    const after = await get("/findings", cookies.manager);
    expect(attribute(after.body, "name")).toBe("Renamed Manager");
  });

  test("a language switch", async () => {
    const kept = await getUntilHit("/violations", cookies.manager);
    expect(kept.body).toContain(`lang="en"`);
    const user = await requireUser(new Request("http://x/", { headers: { cookie: cookies.manager } }));
    await saveLocale("zh-CN", user);
    const after = await get("/violations", cookies.manager);
    expect(after.body).toContain(`lang="zh-CN"`);
    await saveLocale("en", { ...user, locale: "zh-CN" });
    expect((await get("/violations", cookies.manager)).body).toContain(`lang="en"`);
  });

  test("the next minute of the clock", async () => {
    const kept = await getUntilHit("/complaints", cookies.manager);
    clock = new Date(clock.getTime() + 60_000);
    const after = await get("/complaints", cookies.manager);
    expect(after.cache).not.toBe("hit");
    expect(attribute(after.body, "minute")).not.toBe(attribute(kept.body, "minute"));
  });

  test("another user gets their own page, scoped to their agency, never the manager's", async () => {
    const managers = await getUntilHit("/cases", cookies.manager);
    expect(attribute(managers.body, "scope")).toBe("all");
    const agencys = await get("/cases", cookies.agencyUser);
    expect(agencys.cache).not.toBe("hit");
    expect(attribute(agencys.body, "scope")).toBe(String(agencyId));
    expect(attribute(agencys.body, "user")).toMatch(/^pc-agency-/);
    const again = await getUntilHit("/cases", cookies.agencyUser);
    expect(attribute(again.body, "scope")).toBe(String(agencyId));
  });

  test("a sign-out: the old cookie is sent to sign in, not given the kept page", async () => {
    const cookie = await sessionCookieFor(users.manager);
    await getUntilHit("/agencies/ANY", cookie);
    await destroyUserSession(new Request("http://x/logout", { method: "POST", headers: { cookie } }));
    const after = await get("/agencies/ANY", cookie);
    expect(after.status).toBe(302);
    expect(after.location).toMatch(/^\/login\?/);
    expect(after.cache).toBeNull();
  });

  test("a session due for its lastSeenAt write is answered by the app, which writes it", async () => {
    const earlier = (await getPrisma().session.findMany({ where: { userId: users.manager }, select: { id: true } })).map((session) => session.id);
    const cookie = await sessionCookieFor(users.manager);
    const [own] = await getPrisma().session.findMany({ where: { userId: users.manager, id: { notIn: earlier } }, select: { id: true } });
    await getUntilHit("/agencies/ANY/agents/1", cookie);
    const stale = new Date(Date.now() - 5 * 60_000);
    await getPrisma().session.update({ where: { id: own!.id }, data: { lastSeenAt: stale } });
    const after = await get("/agencies/ANY/agents/1", cookie);
    expect(after.status).toBe(200);
    expect(after.cache).toBeNull();
    const touched = await getPrisma().session.findUniqueOrThrow({ where: { id: own!.id }, select: { lastSeenAt: true } });
    expect(touched.lastSeenAt.getTime()).toBeGreaterThan(stale.getTime());
    expect((await getUntilHit("/agencies/ANY/agents/1", cookie)).cache).toBe("hit");
  });

  test("an answer that sets a cookie (a flash message) is never kept", async () => {
    // The session in a state the cache answers (its lastSeenAt written if it was due).
    expect((await getUntilHit("/findings", cookies.manager)).cache).toBe("hit");
    for (let attempt = 0; attempt < 5; attempt++) expect((await get("/findings?flash=1", cookies.manager)).cache).toBe("miss");
  });

  test("the unread count: a new notification is shown at once", async () => {
    const kept = await getUntilHit("/", cookies.agencyUser);
    expect(attribute(kept.body, "unread")).toBe("0");
    await getPrisma().notification.create({ data: { userId: users.agencyUser, kind: "FINDING_ISSUED", params: {}, link: "/findings" } });
    expect(attribute((await get("/", cookies.agencyUser)).body, "unread")).toBe("1");
  });
});
