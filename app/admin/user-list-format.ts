import { escapeCsvCell } from "~/csv/write-csv";
import type { UserListItem } from "./users.server";

// `oversight user list --format csv`: one line per user, cells escaped as in every CSV the app writes (a name
// starting with "=" must not become a formula when the list is opened in Excel).

export const userCsvColumns = ["email", "name", "role", "agency", "locale", "active", "password_set", "must_change_password", "last_sign_in", "created_at"] as const;

export function userCsvLines(users: readonly UserListItem[]): string[] {
  const rows = users.map((user) => [
    user.email,
    user.name,
    user.role,
    user.agencyCode ?? "",
    user.locale,
    String(user.active),
    String(user.passwordSet),
    String(user.mustChangePassword),
    user.lastLoginAt ?? "",
    user.createdAt,
  ]);
  return [userCsvColumns.join(","), ...rows.map((row) => row.map(escapeCsvCell).join(","))];
}
