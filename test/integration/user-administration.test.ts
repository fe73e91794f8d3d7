import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { findInvitation, issueInvitation, acceptInvitation } from "~/admin/invitations.server";
import { invitationLifetimeHours } from "~/admin/invitation-state";
import { authenticateApiToken, createApiToken } from "~/api-tokens/api-tokens.server";
import { lookupSession, clientAddressHeader } from "~/auth/session.server";
import { signIn } from "~/auth/sign-in.server";
import { getPrisma } from "~/db/client.server";
import { createAgency, ensureUser } from "~/demo/factories.server";
import { stopQueue } from "~/jobs/queue.server";
import * as appLayout from "~/routes/_app";
import * as imports from "~/routes/_app.imports._index";
import * as usersPage from "~/routes/_app.settings.users";
import * as importsApi from "~/routes/api.v1.imports";
import * as changePassword from "~/routes/change-password";
import * as invitePage from "~/routes/invite.$token";
import * as login from "~/routes/login";
import { buildRequest, runRoute, sessionCookieFor } from "../support/route-harness";

const suffix = Date.now().toString(36);
let counter = 0;
const email = (label: string) => `${label}-${suffix}-${counter++}@users.test`;
const tokenOf = (url: string) => new URL(url).pathname.split("/").pop() ?? "";

let adminId: number;
let adminCookie: string;

beforeAll(async () => {
  adminId = await ensureUser({ email: email("admin"), name: "Admin", role: "ADMIN" });
  adminCookie = await sessionCookieFor(adminId);
});

afterAll(async () => {
  await stopQueue();
});

async function accessLog(action: string, resourceId: number) {
  return getPrisma().accessLog.findMany({ where: { action, resourceId: String(resourceId) }, orderBy: { id: "asc" } });
}

function loginRequest(address: string) {
  return new Request("http://test.local/login", { method: "POST", headers: { [clientAddressHeader]: address } });
}

type UsersAction = { ok: true; invitation?: { url: string; expiresAt: string }; createdId?: number } | { ok: false; errors: Record<string, { key: string }> };

async function createThroughSettings(fields: Record<string, string>) {
  const outcome = await runRoute(usersPage.action, buildRequest("/settings/users", { cookie: adminCookie, form: { intent: "create", ...fields } }));
  return { status: outcome.status, body: outcome.body as UsersAction };
}

describe("Settings → Users: invitations instead of typed passwords", () => {
  test("a new user gets a one-time link, sets a password under the policy, is signed in, and the link is used up", async () => {
    const address = email("invitee");
    const created = await createThroughSettings({ email: address, name: "Invited Analyst", role: "EXECUTIVE", agencyId: "", locale: "zh-CN" });
    expect(created.status).toBe(200);
    if (!created.body.ok || !created.body.invitation || !created.body.createdId) throw new Error("no invitation");
    const userId = created.body.createdId;
    const stored = await getPrisma().user.findUniqueOrThrow({ where: { id: userId } });
    expect(stored).toMatchObject({ passwordHash: null, mustChangePassword: false, locale: "zh-CN", role: "EXECUTIVE" });
    expect(new Date(created.body.invitation.expiresAt).getTime() - Date.now()).toBeGreaterThan((invitationLifetimeHours - 1) * 3_600_000);
    // Only the token's hash is stored.
    const token = tokenOf(created.body.invitation.url);
    expect(await getPrisma().userInvitation.count({ where: { tokenHash: token } })).toBe(0);
    expect((await accessLog("USER_CREATED", userId))[0]?.userId).toBe(adminId);
    expect(await accessLog("USER_INVITED", userId)).toHaveLength(1);

    // Before accepting, no password signs in.
    expect((await signIn({ email: address, password: "", request: loginRequest("10.9.0.1") })).status).toBe("invalid-credentials");

    const page = await runRoute(invitePage.loader, buildRequest(`/invite/${token}`), { token });
    expect(page).toMatchObject({ status: 200, body: { status: "valid", email: address, name: "Invited Analyst" } });

    const tooShort = await runRoute(invitePage.action, buildRequest(`/invite/${token}`, { form: { password: "short", confirmPassword: "short" } }), { token });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body).toMatchObject({ errors: { password: { key: "validation.passwordTooShort" } } });
    const differ = await runRoute(invitePage.action, buildRequest(`/invite/${token}`, { form: { password: "a-long-enough-phrase", confirmPassword: "a-long-enough-phrasE" } }), { token });
    expect(differ.body).toMatchObject({ errors: { confirmPassword: { key: "validation.passwordsDiffer" } } });

    const accepted = await runRoute(invitePage.action, buildRequest(`/invite/${token}`, { form: { password: "a-long-enough-phrase", confirmPassword: "a-long-enough-phrase" } }), { token });
    expect(accepted).toMatchObject({ status: 302, location: "/" });
    expect(await accessLog("INVITATION_ACCEPTED", userId)).toHaveLength(1);

    const again = await runRoute(invitePage.action, buildRequest(`/invite/${token}`, { form: { password: "another-long-phrase", confirmPassword: "another-long-phrase" } }), { token });
    expect(again).toMatchObject({ status: 410, body: { gone: "used" } });
    expect((await runRoute(invitePage.loader, buildRequest(`/invite/${token}`), { token })).status).toBe(410);

    expect((await signIn({ email: address, password: "a-long-enough-phrase", request: loginRequest("10.9.0.1") })).status).toBe("signed-in");
    expect((await signIn({ email: address, password: "another-long-phrase", request: loginRequest("10.9.0.1") })).status).toBe("invalid-credentials");
  });

  test("a link expires after its lifetime (injected clock), and a newer link voids the older one", async () => {
    const userId = await getPrisma().user.create({ data: { email: email("expiry"), name: "Late", role: "VENDOR_MANAGER" } }).then((user) => user.id);
    const issuedAt = new Date(Date.now() - (invitationLifetimeHours + 1) * 3_600_000);
    const old = await issueInvitation({ userId, createdById: adminId, now: issuedAt });
    expect(await findInvitation(old.token, new Date(issuedAt.getTime() + 3_600_000))).toMatchObject({ status: "valid" });
    expect(await findInvitation(old.token)).toEqual({ status: "expired" });
    expect(await acceptInvitation(old.token, "a-long-enough-phrase")).toEqual({ status: "expired" });
    expect((await runRoute(invitePage.loader, buildRequest(`/invite/${old.token}`), { token: old.token })).body).toMatchObject({ status: "expired" });

    const first = await issueInvitation({ userId, createdById: adminId });
    const reissued = await runRoute(usersPage.action, buildRequest("/settings/users", { cookie: adminCookie, form: { intent: "invite", userId: String(userId) } }));
    expect(reissued.status).toBe(200);
    const second = tokenOf((reissued.body as { invitation: { url: string } }).invitation.url);
    expect(await findInvitation(first.token)).toEqual({ status: "revoked" });
    expect(await findInvitation(second)).toMatchObject({ status: "valid", userId });
    expect(await findInvitation("not-a-token")).toEqual({ status: "unknown" });
    expect(await findInvitation("A".repeat(43))).toEqual({ status: "unknown" });
    expect((await getPrisma().user.findUniqueOrThrow({ where: { id: userId } })).passwordHash).toBeNull();
  });

  test("the form's validation is the same as before: email taken, agency binding", async () => {
    const taken = await createThroughSettings({ email: (await getPrisma().user.findUniqueOrThrow({ where: { id: adminId } })).email, name: "Dup", role: "EXECUTIVE", agencyId: "" });
    expect(taken).toMatchObject({ status: 409, body: { ok: false, errors: { email: { key: "validation.emailTaken" } } } });
    const unbound = await createThroughSettings({ email: email("unbound"), name: "Agency", role: "AGENCY", agencyId: "" });
    expect(unbound).toMatchObject({ status: 400, body: { errors: { agencyId: { key: "validation.agencyRequired" } } } });
  });
});

describe("forced password change", () => {
  test("after an administrator types someone's password, every page sends them to change it; API tokens are unaffected", async () => {
    const agencyId = await createAgency({ code: `FPC${suffix}`.toUpperCase().slice(0, 32), name: "Forced change agency" });
    const address = email("forced");
    const userId = await ensureUser({ email: address, name: "Agency Lead", role: "AGENCY", agencyId, password: "the-original-password" });
    const reset = await runRoute(
      usersPage.action,
      buildRequest("/settings/users", { cookie: adminCookie, form: { intent: "update", userId: String(userId), role: "AGENCY", agencyId: String(agencyId), active: "true", password: "temporary-password-1" } }),
    );
    expect(reset.status).toBe(200);
    expect((await getPrisma().user.findUniqueOrThrow({ where: { id: userId } })).mustChangePassword).toBe(true);

    const signedIn = await signIn({ email: address, password: "temporary-password-1", request: loginRequest("10.9.0.2") });
    if (signedIn.status !== "signed-in") throw new Error(signedIn.status);
    const cookie = signedIn.setCookie.split(";")[0] ?? "";
    const page = await runRoute(appLayout.loader, buildRequest("/cases?agency=1", { cookie }));
    expect(page).toMatchObject({ status: 302, location: "/change-password?redirectTo=%2Fcases%3Fagency%3D1" });
    expect((await runRoute(changePassword.loader, buildRequest("/change-password", { cookie }))).body).toEqual({ forced: true, email: address });

    const { token } = await createApiToken({ agencyId, name: "dialler", createdById: adminId });
    expect(await authenticateApiToken(new Request("http://test.local/api/v1/imports", { headers: { authorization: `Bearer ${token}` } }))).toMatchObject({ ok: true, agencyId });

    const post = (form: Record<string, string>) => runRoute(changePassword.action, buildRequest("/change-password", { cookie, form: { redirectTo: "/cases", ...form } }));
    expect((await post({ currentPassword: "wrong-password", password: "my-own-password-9", confirmPassword: "my-own-password-9" })).body).toMatchObject({ errors: { currentPassword: { key: "changePassword.wrongCurrent" } } });
    expect((await post({ currentPassword: "temporary-password-1", password: "temporary-password-1", confirmPassword: "temporary-password-1" })).body).toMatchObject({ errors: { password: { key: "validation.passwordUnchanged" } } });
    expect((await post({ currentPassword: "temporary-password-1", password: "short", confirmPassword: "short" })).status).toBe(400);
    expect(await post({ currentPassword: "temporary-password-1", password: "my-own-password-9", confirmPassword: "my-own-password-9" })).toMatchObject({ status: 302, location: "/cases" });

    expect((await getPrisma().user.findUniqueOrThrow({ where: { id: userId } })).mustChangePassword).toBe(false);
    expect((await runRoute(appLayout.loader, buildRequest("/cases", { cookie }))).status).toBe(200);
    expect(await accessLog("PASSWORD_CHANGED", userId)).toMatchObject([{ userId, detail: { forced: true } }]);
    // A link off-site is never followed after the change.
    expect(await runRoute(changePassword.action, buildRequest("/change-password", { cookie, form: { redirectTo: "//evil.example", currentPassword: "my-own-password-9", password: "my-third-password", confirmPassword: "my-third-password" } }))).toMatchObject({ location: "/" });
  });

  test("an administrator who sets their own password is not asked to change it", async () => {
    const ownId = await ensureUser({ email: email("self"), name: "Self Admin", role: "ADMIN" });
    const cookie = await sessionCookieFor(ownId);
    await runRoute(usersPage.action, buildRequest("/settings/users", { cookie, form: { intent: "update", userId: String(ownId), role: "ADMIN", agencyId: "", active: "true", password: "my-chosen-password" } }));
    expect((await getPrisma().user.findUniqueOrThrow({ where: { id: ownId } })).mustChangePassword).toBe(false);
    expect((await runRoute(appLayout.loader, buildRequest("/", { cookie }))).status).toBe(200);
  });
});

describe("deactivating an agency", () => {
  test("blocks its users' sign-in, ends their sessions and refuses their uploads, UI and API", async () => {
    const code = `OFF${suffix}`.toUpperCase().slice(0, 32);
    const agencyId = await createAgency({ code, name: "Agency being switched off" });
    const address = email("agency-user");
    const userId = await ensureUser({ email: address, name: "Agency Uploader", role: "AGENCY", agencyId, password: "agency-password-1" });
    const cookie = await sessionCookieFor(userId);
    const { token } = await createApiToken({ agencyId, name: "nightly", createdById: adminId });
    expect((await lookupSession(buildRequest("/", { cookie }))).status).toBe("active");

    await getPrisma().agency.update({ where: { id: agencyId }, data: { active: false } });

    expect((await signIn({ email: address, password: "agency-password-1", request: loginRequest("10.9.0.3") })).status).toBe("agency-inactive");
    const refusedSignIn = await runRoute(login.action, buildRequest("/login", { form: { email: address, password: "agency-password-1" } }));
    expect(refusedSignIn).toMatchObject({ status: 403, body: { error: "agency-inactive" } });
    // A wrong password still answers as a wrong password, so the state is not revealed without the password.
    expect((await signIn({ email: address, password: "not-the-password", request: loginRequest("10.9.0.3") })).status).toBe("invalid-credentials");

    const form = new FormData();
    form.append("intent", "preview");
    form.append("kind", "ACTIVITIES");
    form.append("agencyId", String(agencyId));
    form.append("file", new File(["event_id,account_number\n1,A\n"], "late.csv"));
    const upload = await runRoute(imports.action, new Request("http://test.local/imports", { method: "POST", body: form, headers: { cookie, [clientAddressHeader]: "127.0.0.1" } }));
    expect(upload.status).toBe(302);
    expect(upload.location).toMatch(/^\/login\?/);
    expect(await getPrisma().session.count({ where: { userId } })).toBe(0);

    const api = await importsApi.action({
      request: new Request("http://test.local/api/v1/imports", { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" }, body: "event_id\n1\n" }),
      params: {},
      context: {},
    });
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ error: { reason: "agency-inactive" } });
    expect(await getPrisma().importBatch.count({ where: { agencyId } })).toBe(0);

    // Reactivated, the same account signs in again.
    await getPrisma().agency.update({ where: { id: agencyId }, data: { active: true } });
    expect((await signIn({ email: address, password: "agency-password-1", request: loginRequest("10.9.0.3") })).status).toBe("signed-in");
  });
});
