import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { loginThrottle } from "~/auth/login-throttle.server";
import { hashPassword, verifyPassword } from "~/auth/password.server";
import { destroyUserSession, lookupSession } from "~/auth/session.server";
import { signIn } from "~/auth/sign-in.server";
import { getPrisma } from "~/db/client.server";
import { ensureUser } from "~/demo/factories.server";
import { buildRequest, sessionCookieFor } from "../support/route-harness";

const password = "correct-horse-battery";
let counter = 0;
async function newUser(options: { active?: boolean } = {}) {
  const email = `auth-${Date.now()}-${counter++}@auth.test`;
  const id = await ensureUser({ email, name: "Auth Tester", role: "VENDOR_MANAGER", password });
  if (options.active === false) await getPrisma().user.update({ where: { id }, data: { active: false } });
  return { id, email };
}

function requestFrom(address: string) {
  return new Request("http://test.local/login", { method: "POST", headers: { "x-oversight-client-address": address } });
}

describe("passwords", () => {
  test("argon2id hashes verify only the right password", async () => {
    const hash = await hashPassword("s3cret-passphrase");
    expect(hash.startsWith("$argon2id$")).toBe(true);
    expect(await verifyPassword(hash, "s3cret-passphrase")).toBe(true);
    expect(await verifyPassword(hash, "s3cret-passphrasE")).toBe(false);
    expect(await verifyPassword("not-a-hash", "anything")).toBe(false);
  });
});

describe("sign-in", () => {
  test("the right password signs in with an httpOnly, SameSite=Lax cookie", async () => {
    const user = await newUser();
    const result = await signIn({ email: user.email.toUpperCase(), password, request: requestFrom("10.0.0.1") });
    expect(result.status).toBe("signed-in");
    if (result.status !== "signed-in") return;
    expect(result.setCookie).toMatch(/HttpOnly/i);
    expect(result.setCookie).toMatch(/SameSite=Lax/i);
    const lookup = await lookupSession(buildRequest("/", { cookie: result.setCookie.split(";")[0] }));
    expect(lookup.status === "active" && lookup.user.id).toBe(user.id);
  });

  test("a wrong password and an unknown email get the same answer", async () => {
    const user = await newUser();
    expect((await signIn({ email: user.email, password: "wrong-password!", request: requestFrom("10.0.0.2") })).status).toBe("invalid-credentials");
    expect((await signIn({ email: "nobody@auth.test", password, request: requestFrom("10.0.0.2") })).status).toBe("invalid-credentials");
  });

  test(`after ${loginThrottle.maxFailuresPerAccountAndAddress} failures from one address even the right password is refused, elsewhere it works`, async () => {
    const user = await newUser();
    for (let attempt = 0; attempt < loginThrottle.maxFailuresPerAccountAndAddress; attempt++) {
      expect((await signIn({ email: user.email, password: "wrong-password!", request: requestFrom("10.0.0.3") })).status).toBe("invalid-credentials");
    }
    const throttled = await signIn({ email: user.email, password, request: requestFrom("10.0.0.3") });
    expect(throttled).toMatchObject({ status: "throttled" });
    if (throttled.status === "throttled") expect(throttled.retryAfterMinutes).toBeGreaterThan(0);
    expect((await signIn({ email: user.email, password, request: requestFrom("10.0.0.4") })).status).toBe("signed-in");
  });

  test("a deactivated account cannot sign in", async () => {
    const user = await newUser({ active: false });
    expect((await signIn({ email: user.email, password, request: requestFrom("10.0.0.5") })).status).toBe("inactive");
  });
});

describe("sessions", () => {
  test("a session idle longer than the limit ends", async () => {
    const user = await newUser();
    const cookie = await sessionCookieFor(user.id);
    await getPrisma().session.updateMany({ where: { userId: user.id }, data: { lastSeenAt: new Date(Date.now() - 31 * 60_000) } });
    expect((await lookupSession(buildRequest("/", { cookie }))).status).toBe("expired");
    expect(await getPrisma().session.count({ where: { userId: user.id } })).toBe(0);
  });

  test("deactivating a user ends their sessions at the next request", async () => {
    const user = await newUser();
    const cookie = await sessionCookieFor(user.id);
    await getPrisma().user.update({ where: { id: user.id }, data: { active: false } });
    expect((await lookupSession(buildRequest("/", { cookie }))).status).toBe("expired");
  });

  test("signing out deletes the session and clears the cookie", async () => {
    const user = await newUser();
    const cookie = await sessionCookieFor(user.id);
    const clearing = await destroyUserSession(buildRequest("/logout", { cookie, method: "POST" }));
    expect(clearing).toMatch(/Max-Age=0/i);
    expect((await lookupSession(buildRequest("/", { cookie }))).status).toBe("none");
  });

  test("the database holds only a hash of the session token", async () => {
    const user = await newUser();
    const cookie = await sessionCookieFor(user.id);
    // Remix cookies carry base64-encoded JSON.
    const token = JSON.parse(Buffer.from(decodeURIComponent(cookie.split("=")[1] ?? ""), "base64").toString("utf8")) as string;
    expect(token.length).toBeGreaterThanOrEqual(40);
    const stored = await getPrisma().session.findMany({ where: { userId: user.id } });
    expect(stored.map((session) => session.id)).toEqual([createHash("sha256").update(token).digest("hex")]);
    expect(JSON.stringify(stored)).not.toContain(token);
  });
});
