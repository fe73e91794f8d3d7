import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { missingAdministratorNotice } from "~/admin/first-admin.server";
import { createAdministratorCommand } from "~/admin/first-admin";
import { clientAddressHeader } from "~/auth/session.server";
import { signIn } from "~/auth/sign-in.server";
import { getPrisma } from "~/db/client.server";
import { createAgency } from "~/demo/factories.server";
import * as appLayout from "~/routes/_app";
import * as login from "~/routes/login";
import { CliUsageError } from "../../scripts/cli/errors";
import { userCommand } from "../../scripts/cli/user";
import { buildRequest, runRoute } from "../support/route-harness";
import { useOwnDatabase } from "../support/own-database";
import { oversight, type CliResult } from "../support/oversight-cli";

// `npm run oversight -- user …` against a database of this file's own (the first-administrator notice depends on
// there being no administrator at all). The real CLI runs in a child process for the first administrator and a
// refused command; the other cases call the command function in this process, because every start of the CLI
// applies migrations and takes many seconds on a busy machine.

let dropDatabase: () => Promise<void>;

beforeAll(async () => {
  dropDatabase = await useOwnDatabase("users_cli");
});

afterAll(async () => {
  await dropDatabase();
});

/** The command in this process, with standard input given and the output and exit code the CLI would produce. */
async function command(args: string[], stdin = ""): Promise<CliResult> {
  let stdout = "";
  try {
    await userCommand(args.slice(1), { readStdin: () => Promise.resolve(stdin), print: (text) => (stdout += text) });
    return { code: 0, stdout, stderr: "" };
  } catch (error) {
    if (error instanceof CliUsageError) return { code: 2, stdout, stderr: error.message };
    throw error;
  }
}

const request = () => new Request("http://test.local/login", { method: "POST", headers: { [clientAddressHeader]: "10.8.0.1" } });
const cliLog = (action: string) => getPrisma().accessLog.findMany({ where: { action, userId: null }, orderBy: { id: "asc" } });

describe("oversight user", () => {
  test("a new installation names the command that creates the first administrator, which generates a password to change at first sign-in", { timeout: 120_000 }, async () => {
    expect(await missingAdministratorNotice()).toContain(createAdministratorCommand);
    expect((await runRoute(login.loader, buildRequest("/login"))).body).toEqual({ noAdministrator: true });

    const created = await oversight(["user", "create", "--email", "First.Admin@Lender.example", "--name", "First Admin", "--role", "ADMIN"]);
    expect(created.code).toBe(0);
    const password = /must be changed at the first sign-in\):\n(\S+)\n/.exec(created.stdout)?.[1] ?? "";
    expect(password.length).toBeGreaterThanOrEqual(20);

    expect(await missingAdministratorNotice()).toBeNull();
    expect((await runRoute(login.loader, buildRequest("/login"))).body).toEqual({ noAdministrator: false });
    const user = await getPrisma().user.findUniqueOrThrow({ where: { email: "first.admin@lender.example" } });
    expect(user).toMatchObject({ role: "ADMIN", active: true, mustChangePassword: true });
    expect(await cliLog("USER_CREATED")).toMatchObject([{ resourceId: String(user.id), detail: { via: "cli", email: "first.admin@lender.example", role: "ADMIN", passwordGenerated: true } }]);

    const signedIn = await signIn({ email: "first.admin@lender.example", password, request: request() });
    if (signedIn.status !== "signed-in") throw new Error(signedIn.status);
    expect(await runRoute(appLayout.loader, buildRequest("/", { cookie: signedIn.setCookie.split(";")[0] }))).toMatchObject({ status: 302, location: "/change-password?redirectTo=%2F" });
  });

  test("the same validation and policy as Settings: bad flags, a short password, a taken email, an unknown agency", { timeout: 120_000 }, async () => {
    const badRole = await oversight(["user", "create", "--email", "x@lender.example", "--name", "X", "--role", "OWNER"]);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain("--role: Choose one of the listed options.");
    const badEmail = await command(["user", "create", "--email", "not-an-email", "--name", "X", "--role", "EXECUTIVE"]);
    expect(badEmail.stderr).toContain("--email: Enter a valid email address.");
    const unbound = await command(["user", "create", "--email", "x@lender.example", "--name", "X", "--role", "AGENCY"]);
    expect(unbound.stderr).toContain("--agency: An agency user must be bound to one agency.");
    const short = await command(["user", "create", "--email", "x@lender.example", "--name", "X", "--role", "EXECUTIVE", "--password-stdin"], "too-short\n");
    expect(short.code).toBe(2);
    expect(short.stderr).toContain("The password must be at least 12 characters.");
    const taken = await command(["user", "create", "--email", "first.admin@lender.example", "--name", "Again", "--role", "EXECUTIVE"]);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain("--email: A user with this email already exists.");
    const unknownAgency = await command(["user", "create", "--email", "x@lender.example", "--name", "X", "--role", "AGENCY", "--agency", "NOPE"]);
    expect(unknownAgency.code).toBe(2);
    expect(unknownAgency.stderr).toContain("there is no agency with code 'NOPE'");
    expect(await getPrisma().user.count({ where: { email: "x@lender.example" } })).toBe(0);
  });

  test("a password from standard input is kept as chosen; reset-password, deactivate and list", { timeout: 240_000 }, async () => {
    await createAgency({ code: "CLIAG", name: "CLI agency" });
    const created = await command(["user", "create", "--email", "lead@cliag.example", "--name", "=Lead, CLI", "--role", "AGENCY", "--agency", "CLIAG", "--locale", "zh-CN", "--password-stdin"], "chosen-by-the-lead\n");
    expect(created.code).toBe(0);
    expect(created.stdout).not.toContain("chosen-by-the-lead");
    const lead = await getPrisma().user.findUniqueOrThrow({ where: { email: "lead@cliag.example" }, include: { agency: true } });
    expect(lead).toMatchObject({ role: "AGENCY", locale: "zh-CN", mustChangePassword: false, agency: { code: "CLIAG" } });
    expect((await signIn({ email: "lead@cliag.example", password: "chosen-by-the-lead", request: request() })).status).toBe("signed-in");
    expect(await getPrisma().session.count({ where: { userId: lead.id } })).toBe(1);

    const reset = await command(["user", "reset-password", "--email", "lead@cliag.example"]);
    expect(reset.code).toBe(0);
    const generated = /must be changed at the next sign-in\):\n(\S+)\n/.exec(reset.stdout)?.[1] ?? "";
    expect(await getPrisma().session.count({ where: { userId: lead.id } })).toBe(0);
    expect((await getPrisma().user.findUniqueOrThrow({ where: { id: lead.id } })).mustChangePassword).toBe(true);
    expect((await signIn({ email: "lead@cliag.example", password: "chosen-by-the-lead", request: request() })).status).toBe("invalid-credentials");
    expect((await signIn({ email: "lead@cliag.example", password: generated, request: request() })).status).toBe("signed-in");

    const chosen = await command(["user", "reset-password", "--email", "lead@cliag.example", "--password-stdin"], "another-chosen-one");
    expect(chosen.code).toBe(0);
    expect((await getPrisma().user.findUniqueOrThrow({ where: { id: lead.id } })).mustChangePassword).toBe(false);
    expect(await cliLog("PASSWORD_RESET")).toMatchObject([{ detail: { passwordGenerated: true } }, { detail: { passwordGenerated: false } }]);

    const missing = await command(["user", "reset-password", "--email", "nobody@cliag.example"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("there is no user nobody@cliag.example");

    const deactivated = await command(["user", "deactivate", "--email", "lead@cliag.example"]);
    expect(deactivated.code).toBe(0);
    expect((await signIn({ email: "lead@cliag.example", password: "another-chosen-one", request: request() })).status).toBe("inactive");
    expect(await cliLog("USER_DEACTIVATED")).toMatchObject([{ resourceId: String(lead.id), detail: { via: "cli", email: "lead@cliag.example" } }]);
    const lastAdmin = await command(["user", "deactivate", "--email", "first.admin@lender.example"]);
    expect(lastAdmin.code).toBe(2);
    expect(lastAdmin.stderr).toContain("last active administrator");

    const json = await command(["user", "list", "--format", "json"]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject([
      { email: "first.admin@lender.example", role: "ADMIN", agencyCode: null, active: true, passwordSet: true, mustChangePassword: true },
      { email: "lead@cliag.example", name: "=Lead, CLI", role: "AGENCY", agencyCode: "CLIAG", locale: "zh-CN", active: false },
    ]);
    const csv = await command(["user", "list", "--format", "csv"]);
    expect(csv.stdout.split("\r\n")).toEqual([
      "email,name,role,agency,locale,active,password_set,must_change_password,last_sign_in,created_at",
      expect.stringMatching(/^first\.admin@lender\.example,First Admin,ADMIN,,en,true,true,true,\S+,\S+$/),
      expect.stringMatching(/^lead@cliag\.example,"'=Lead, CLI",AGENCY,CLIAG,zh-CN,false,true,false,\S+,\S+$/),
      "",
    ]);
    expect((await command(["user", "list", "--format", "xml"])).code).toBe(2);
  });
});
