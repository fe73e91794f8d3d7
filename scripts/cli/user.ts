import { text } from "node:stream/consumers";
import type { z } from "zod";
import { generatePassword } from "../../app/admin/generate-password";
import { minimumPasswordLengthForUsers } from "../../app/admin/password-policy";
import { newPasswordSchema, newUserSchema, userEmailSchema } from "../../app/admin/user-input";
import { userCsvLines } from "../../app/admin/user-list-format";
import { createUser, deactivateUser, findUserByEmail, listUsers, resetUserPassword } from "../../app/admin/users.server";
import { logAccess } from "../../app/audit/log-access.server";
import { getPrisma } from "../../app/db/client.server";
import { translate } from "../../app/i18n/translate";
import { describeIssue } from "../../app/i18n/validation";
import { prepareDatabase } from "../../server/prepare-database";
import { CliUsageError, parseFlags } from "./errors";

// `oversight user …`: user administration without a browser — above all the first administrator of a new
// installation. The record and the password go through the same schemas as Settings → Users, and every change is
// written to the access log (no signed-in user: detail.via = "cli").

export const userUsage = `  user create --email EMAIL --name NAME --role ADMIN|VENDOR_MANAGER|COMPLIANCE|EXECUTIVE|AGENCY [--agency CODE] [--locale en|zh-CN] [--password-stdin]
      Create a user (AGENCY users need --agency). Without --password-stdin a strong password is generated and
      printed once, and the user must choose their own at the first sign-in; with it, the password read from
      standard input (at least ${minimumPasswordLengthForUsers} characters) is kept.
  user reset-password --email EMAIL [--password-stdin]
      Set a new password and end the user's sessions: generated and printed once (to be changed at the next
      sign-in) or read from standard input (kept).
  user deactivate --email EMAIL
      Deactivate a user and end their sessions (the last active administrator cannot be deactivated).
  user list [--format json|csv]
      Every user, as JSON (default) or CSV.
`;

function issuesAsFlags(error: z.ZodError, flagFor: Record<string, string> = {}): string {
  return error.issues
    .map((issue) => {
      const field = String(issue.path[0] ?? "");
      const message = describeIssue(issue);
      return `${flagFor[field] ?? `--${field}`}: ${translate("en", message.key, message.params)}`;
    })
    .join("\n");
}

/** Where the commands read a password and write their output; tests pass their own. */
export type UserCommandIo = { readStdin: () => Promise<string>; print: (text: string) => void };

const processIo: UserCommandIo = { readStdin: () => text(process.stdin), print: (output) => process.stdout.write(output) };

/** The whole of standard input, without the one line break `echo` or a here-string adds. */
async function readPasswordFromStdin(io: UserCommandIo): Promise<string> {
  const password = (await io.readStdin()).replace(/\r?\n$/, "");
  const parsed = newPasswordSchema.safeParse(password);
  if (!parsed.success) throw new CliUsageError(issuesAsFlags(parsed.error, { "": "password (standard input)" }));
  return parsed.data;
}

/** A password from standard input is the caller's own choice and kept; a generated one must be replaced at sign-in. */
async function choosePassword(fromStdin: boolean, io: UserCommandIo): Promise<{ password: string; generated: boolean }> {
  return fromStdin ? { password: await readPasswordFromStdin(io), generated: false } : { password: generatePassword(), generated: true };
}

function requiredEmail(value: string | boolean | undefined): string {
  const parsed = userEmailSchema.safeParse(typeof value === "string" ? value : "");
  if (!parsed.success) throw new CliUsageError(`--email: ${typeof value === "string" ? translate("en", describeIssue(parsed.error.issues[0]!).key) : "required."}\n\n${userUsage}`);
  return parsed.data;
}

async function withDatabase<T>(work: () => Promise<T>): Promise<T> {
  const database = await prepareDatabase();
  try {
    return await work();
  } finally {
    await database.close();
  }
}

async function create(args: string[], io: UserCommandIo): Promise<void> {
  const values = parseFlags(
    args,
    { email: { type: "string" }, name: { type: "string" }, role: { type: "string" }, agency: { type: "string" }, locale: { type: "string" }, "password-stdin": { type: "boolean", default: false } },
    userUsage,
  );
  // Checked before the database starts, so a typo costs nothing; the agency's existence is checked after.
  const draft = { email: values.email ?? "", name: values.name ?? "", role: values.role ?? "", locale: values.locale };
  const shape = newUserSchema.safeParse({ ...draft, agencyId: values.agency ? 1 : "" });
  if (!shape.success) throw new CliUsageError(issuesAsFlags(shape.error, { agencyId: "--agency" }));
  const { password, generated } = await choosePassword(values["password-stdin"], io);
  await withDatabase(async () => {
    let agencyId: number | "" = "";
    if (values.agency) {
      const agency = await getPrisma().agency.findUnique({ where: { code: values.agency.trim() }, select: { id: true } });
      if (!agency) throw new CliUsageError(`--agency: there is no agency with code '${values.agency}'.`);
      agencyId = agency.id;
    }
    const input = newUserSchema.parse({ ...draft, agencyId });
    const result = await createUser(input, { password, mustChangePassword: generated });
    if (result.status === "email-taken") throw new CliUsageError(`--email: ${translate("en", "validation.emailTaken")}`);
    if (result.status === "unknown-agency") throw new CliUsageError(`--agency: there is no agency with code '${values.agency ?? ""}'.`);
    await logAccess({
      userId: null,
      action: "USER_CREATED",
      resourceType: "user",
      resourceId: result.id,
      detail: { via: "cli", email: input.email, role: input.role, agencyId: input.agencyId, passwordGenerated: generated },
    });
    io.print(`Created user ${input.email} (${input.role}${values.agency ? ` of ${values.agency.trim()}` : ""}, id ${result.id}).\n`);
    if (generated) {
      io.print(`Password (shown only now; it must be changed at the first sign-in):\n${password}\n`);
    }
  });
}

async function resetPassword(args: string[], io: UserCommandIo): Promise<void> {
  const values = parseFlags(args, { email: { type: "string" }, "password-stdin": { type: "boolean", default: false } }, userUsage);
  const email = requiredEmail(values.email);
  const { password, generated } = await choosePassword(values["password-stdin"], io);
  await withDatabase(async () => {
    const user = await findUserByEmail(email);
    if (!user) throw new CliUsageError(`--email: there is no user ${email}.`);
    await resetUserPassword(user.id, password, { mustChangePassword: generated });
    await logAccess({ userId: null, action: "PASSWORD_RESET", resourceType: "user", resourceId: user.id, detail: { via: "cli", email, passwordGenerated: generated } });
    io.print(`New password set for ${email}; their sessions have ended.${user.active ? "" : " The account is still deactivated."}\n`);
    if (generated) io.print(`Password (shown only now; it must be changed at the next sign-in):\n${password}\n`);
  });
}

async function deactivate(args: string[], io: UserCommandIo): Promise<void> {
  const values = parseFlags(args, { email: { type: "string" } }, userUsage);
  const email = requiredEmail(values.email);
  await withDatabase(async () => {
    const user = await findUserByEmail(email);
    if (!user) throw new CliUsageError(`--email: there is no user ${email}.`);
    const result = await deactivateUser(user.id);
    if (result.status === "last-administrator") throw new CliUsageError(`${email} is the last active administrator; create another administrator first.`);
    if (result.status === "already-inactive") {
      io.print(`${email} was already deactivated; nothing changed.\n`);
      return;
    }
    await logAccess({ userId: null, action: "USER_DEACTIVATED", resourceType: "user", resourceId: user.id, detail: { via: "cli", email } });
    io.print(`Deactivated ${email}; their sessions have ended.\n`);
  });
}

async function list(args: string[], io: UserCommandIo): Promise<void> {
  const values = parseFlags(args, { format: { type: "string", default: "json" } }, userUsage);
  if (values.format !== "json" && values.format !== "csv") throw new CliUsageError(`--format must be json or csv.\n\n${userUsage}`);
  const format = values.format;
  await withDatabase(async () => {
    const users = await listUsers();
    const rows = users.map(({ id: _id, agencyId: _agencyId, ...user }) => user);
    io.print(format === "csv" ? `${userCsvLines(users).join("\r\n")}\r\n` : `${JSON.stringify(rows, null, 2)}\n`);
  });
}

/** `oversight user <subcommand> …` */
export async function userCommand(args: string[], io: UserCommandIo = processIo): Promise<void> {
  const [subcommand, ...rest] = args;
  if (subcommand === "create") return create(rest, io);
  if (subcommand === "reset-password") return resetPassword(rest, io);
  if (subcommand === "deactivate") return deactivate(rest, io);
  if (subcommand === "list") return list(rest, io);
  throw new CliUsageError(`Unknown user command '${subcommand ?? ""}'.\n\n${userUsage}`);
}
