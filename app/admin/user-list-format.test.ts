import { describe, expect, test } from "vitest";
import { userCsvColumns, userCsvLines } from "./user-list-format";
import type { UserListItem } from "./users.server";

const base: UserListItem = {
  id: 1,
  email: "ops@lender.example",
  name: "Ops Lead",
  role: "ADMIN",
  agencyCode: null,
  agencyId: null,
  locale: "en",
  active: true,
  passwordSet: true,
  mustChangePassword: false,
  lastLoginAt: null,
  createdAt: "2026-03-02T09:00:00.000Z",
};

describe("userCsvLines", () => {
  test("starts with the header line", () => {
    expect(userCsvLines([])).toEqual([userCsvColumns.join(",")]);
  });

  test.each<[string, Partial<UserListItem>, string]>([
    ["an administrator", {}, "ops@lender.example,Ops Lead,ADMIN,,en,true,true,false,,2026-03-02T09:00:00.000Z"],
    [
      "an invited agency user",
      { email: "sup@blitz.example", name: "Blitz Supervisor", role: "AGENCY", agencyCode: "BLITZ", passwordSet: false, locale: "zh-CN" },
      "sup@blitz.example,Blitz Supervisor,AGENCY,BLITZ,zh-CN,true,false,false,,2026-03-02T09:00:00.000Z",
    ],
    ["a name with a comma is quoted", { name: "Chen, Wei" }, 'ops@lender.example,"Chen, Wei",ADMIN,,en,true,true,false,,2026-03-02T09:00:00.000Z'],
    ["a name that looks like a formula is defused", { name: "=HYPERLINK(1)" }, "ops@lender.example,'=HYPERLINK(1),ADMIN,,en,true,true,false,,2026-03-02T09:00:00.000Z"],
    ["a signed-in, deactivated user", { active: false, mustChangePassword: true, lastLoginAt: "2026-03-03T01:02:03.000Z" }, "ops@lender.example,Ops Lead,ADMIN,,en,false,true,true,2026-03-03T01:02:03.000Z,2026-03-02T09:00:00.000Z"],
  ])("%s", (_label, overrides, line) => {
    expect(userCsvLines([{ ...base, ...overrides }])[1]).toBe(line);
  });
});
