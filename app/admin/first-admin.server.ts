import { createAdministratorCommand } from "./first-admin";
import { hasActiveAdministrator } from "./users.server";

/** The start-up line for a database without an active administrator (null when there is one). */
export async function missingAdministratorNotice(): Promise<string | null> {
  if (await hasActiveAdministrator()) return null;
  return `No active administrator exists yet. Create the first one with:\n  ${createAdministratorCommand}\n(a password is generated and printed once; add --password-stdin to type your own)`;
}
