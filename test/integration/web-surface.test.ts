import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { clientAddress, clientAddressHeader } from "~/auth/session.server";
import { signIn } from "~/auth/sign-in.server";
import { getPrisma } from "~/db/client.server";
import { FORM_BODY_LIMIT_BYTES } from "~/http/body-limits";
import { parseTrustProxy } from "~/http/trust-proxy";
import { startForwardingProxy, startWebSurface, type Listening } from "../support/web-surface-harness";

// The Express layer of server/start-server.ts (applyWebSurface) in front of a stand-in handler, over real HTTP.

const echo: Parameters<typeof startWebSurface>[1] = (request, response) => {
  response.json({ clientAddress: request.headers[clientAddressHeader], method: request.method });
};

describe("security headers", () => {
  let server: Listening;
  beforeAll(async () => {
    server = await startWebSurface({}, echo);
  });
  afterAll(() => server.close());

  test("every response carries the CSP with a fresh nonce, frame and sniffing protection and a referrer policy", async () => {
    const first = await fetch(`${server.url}/agencies`);
    const second = await fetch(`${server.url}/agencies`);
    const csp = first.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    const nonce = /script-src 'self' 'unsafe-eval' 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(second.headers.get("content-security-policy")).not.toContain(nonce);
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("x-frame-options")).toBe("DENY");
    expect(first.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(first.headers.get("x-powered-by")).toBeNull();
    // Plain http: no HSTS.
    expect(first.headers.get("strict-transport-security")).toBeNull();
  });

  test("refusals carry the headers too", async () => {
    const refused = await fetch(`${server.url}/login`, { method: "POST", body: "a=1", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("x-content-type-options")).toBe("nosniff");
  });

  test("HSTS when the site is served over TLS (COOKIE_SECURE=true)", async () => {
    const secure = await startWebSurface({ secure: true }, echo);
    try {
      expect((await fetch(`${secure.url}/`)).headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    } finally {
      await secure.close();
    }
  });

  test("development relaxes scripts for Vite and has no nonce", async () => {
    const development = await startWebSurface({ mode: "development" }, echo);
    try {
      const csp = (await fetch(`${development.url}/`)).headers.get("content-security-policy") ?? "";
      expect(csp).toContain("'unsafe-inline'");
      expect(csp).not.toContain("nonce-");
      expect(csp).toContain("frame-ancestors 'none'");
    } finally {
      await development.close();
    }
  });
});

describe("cross-site requests", () => {
  let server: Listening;
  beforeAll(async () => {
    server = await startWebSurface({ publicBaseUrl: "https://oversight.example.com/" }, echo);
  });
  afterAll(() => server.close());

  const post = (path: string, headers: Record<string, string>) =>
    fetch(`${server.url}${path}`, { method: "POST", body: "intent=delete", headers: { "content-type": "application/x-www-form-urlencoded", ...headers } });

  test.each([
    ["no Origin at all", {}, 403],
    ["a foreign Origin", { origin: "https://evil.example" }, 403],
    ["the opaque Origin null", { origin: "null" }, 403],
    ["another port on the same host", { origin: "http://127.0.0.1:1" }, 403],
    ["Sec-Fetch-Site cross-site", { "sec-fetch-site": "cross-site" }, 403],
    ["Sec-Fetch-Site same-site", { "sec-fetch-site": "same-site" }, 403],
    ["a foreign Origin with a session cookie", { origin: "https://evil.example", cookie: "oversight_session=abc" }, 403],
    ["Sec-Fetch-Site same-origin", { "sec-fetch-site": "same-origin" }, 200],
    ["the configured PUBLIC_BASE_URL", { origin: "https://oversight.example.com" }, 200],
  ] as const)("a form post with %s → %i", async (_label, headers, status) => {
    expect((await post("/settings/users", headers)).status).toBe(status);
  });

  test("the request's own origin passes", async () => {
    const response = await post("/settings/users", { origin: server.url, cookie: "oversight_session=abc" });
    expect(response.status).toBe(200);
  });

  test("GET needs no Origin", async () => {
    expect((await fetch(`${server.url}/settings/users`)).status).toBe(200);
  });

  test("API clients with a bearer token and no cookie are not affected; a cookie brings the browser rule back", async () => {
    expect((await post("/api/v1/imports", { authorization: "Bearer oat_abc" })).status).toBe(200);
    // No token either: passed on, and the API itself answers 401 (no session can ride on a cookie-less request).
    expect((await post("/api/v1/imports", {})).status).toBe(200);
    const withCookie = await post("/api/v1/imports", { authorization: "Bearer oat_abc", cookie: "oversight_session=abc" });
    expect(withCookie.status).toBe(403);
    expect(await withCookie.json()).toMatchObject({ error: { code: "CROSS_SITE_REQUEST" } });
  });
});

describe("body limits", () => {
  let server: Listening;
  beforeAll(async () => {
    process.env.OVERSIGHT_MAX_UPLOAD_BYTES = String(256 * 1024);
    server = await startWebSurface({}, (request, response) => {
      // Reads the whole body, as Remix would, and reports its size.
      let size = 0;
      request.on("data", (chunk: Buffer) => (size += chunk.length));
      request.on("end", () => response.json({ size }));
    });
  });
  afterAll(async () => {
    delete process.env.OVERSIGHT_MAX_UPLOAD_BYTES;
    await server.close();
  });

  const body = (bytes: number) => "a=".padEnd(bytes, "x");
  const send = (path: string, init: RequestInit & { duplex?: "half" }) => fetch(`${server.url}${path}`, { method: "POST", ...init, headers: { origin: server.url, "content-type": "application/x-www-form-urlencoded", ...(init.headers as Record<string, string>) } });

  test("a form up to 64 KB passes, a larger one is refused before anything reads it", async () => {
    expect(await (await send("/login", { body: body(FORM_BODY_LIMIT_BYTES) })).json()).toEqual({ size: FORM_BODY_LIMIT_BYTES });
    const refused = await send("/settings/users", { body: body(FORM_BODY_LIMIT_BYTES + 1) });
    expect(refused.status).toBe(413);
    expect(await refused.text()).toMatch(/Payload Too Large/);
  });

  test("a form without a declared length is refused (411)", async () => {
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("a=1"));
        controller.close();
      },
    });
    expect((await send("/login", { body: stream, duplex: "half" })).status).toBe(411);
  });

  test("the upload routes take files up to the configured cap, the page and the API alike", async () => {
    for (const path of ["/imports?index", "/imports.data?index", "/api/v1/imports"]) {
      expect((await send(path, { body: body(200 * 1024) })).status, path).toBe(200);
      const refused = await send(path, { body: body(400 * 1024), headers: { authorization: "Bearer oat_abc" } });
      expect(refused.status, path).toBe(413);
    }
    const api = await send("/api/v1/imports", { body: body(400 * 1024), headers: { authorization: "Bearer oat_abc" } });
    expect(await api.json()).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE" } });
  });
});

describe("behind a proxy (TRUST_PROXY)", () => {
  let servers: Listening[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((server) => server.close()));
    servers = [];
  });

  /** The app behind a real proxy; the handler signs in with a wrong password, as the sign-in action would. */
  async function behindProxy(trustProxy: Parameters<typeof startWebSurface>[0]["trustProxy"]) {
    const app = await startWebSurface({ trustProxy }, (request, response) => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) if (typeof value === "string") headers.set(name, value);
      const fetchRequest = new Request("http://app.local/login", { method: "POST", headers });
      const email = String(request.query.email);
      void signIn({ email, password: "wrong-password", request: fetchRequest }).then(() => response.json({ clientAddress: clientAddress(fetchRequest), secure: request.secure }));
    });
    const proxy = await startForwardingProxy(app.port, { for: "203.0.113.7", host: "oversight.example.com", proto: "https" });
    servers.push(app, proxy);
    return { app, proxy };
  }

  async function attemptThrough(base: string, email: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${base}/login?email=${encodeURIComponent(email)}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body: "a=1" });
    return { status: response.status, body: response.status === 200 ? ((await response.json()) as { clientAddress: string; secure: boolean }) : null };
  }

  async function recordedAddresses(email: string): Promise<string[]> {
    const attempts = await getPrisma().loginAttempt.findMany({ where: { email }, select: { ipAddress: true } });
    return attempts.map((attempt) => attempt.ipAddress);
  }

  test.each(["loopback", "1", "127.0.0.1/8", "::1, 127.0.0.1"])("TRUST_PROXY=%s: the throttle sees the forwarded address; the forwarded origin is the app's own", async (value) => {
    const parsed = parseTrustProxy(value);
    if (!parsed.ok) throw new Error(parsed.message);
    const { proxy } = await behindProxy(parsed.setting);
    const email = `proxy-${Date.now()}-${Math.random().toString(36).slice(2)}@proxy.test`;
    const answer = await attemptThrough(proxy.url, email, { origin: "https://oversight.example.com" });
    expect(answer).toEqual({ status: 200, body: { clientAddress: "203.0.113.7", secure: true } });
    expect(await recordedAddresses(email)).toEqual(["203.0.113.7"]);
  });

  test("not trusted: the throttle sees the proxy's own address, and the forwarded origin does not count", async () => {
    const { proxy } = await behindProxy(undefined);
    const email = `proxy-${Date.now()}-untrusted@proxy.test`;
    expect((await attemptThrough(proxy.url, email, { origin: "https://oversight.example.com" })).status).toBe(403);
    // The proxy passes the browser's Host on, so the origin the browser saw still matches.
    const answer = await attemptThrough(proxy.url, email, { origin: proxy.url });
    expect(answer).toEqual({ status: 200, body: { clientAddress: "127.0.0.1", secure: false } });
    expect(await recordedAddresses(email)).toEqual(["127.0.0.1"]);
  });

  test("a trusted setting that names other proxies ignores a forged X-Forwarded-For from the client", async () => {
    const { app } = await behindProxy(["10.0.0.0/8"]);
    const email = `proxy-${Date.now()}-forged@proxy.test`;
    const answer = await attemptThrough(app.url, email, { origin: app.url, "x-forwarded-for": "198.51.100.1" });
    expect(answer.body?.clientAddress).toBe("127.0.0.1");
  });
});
