import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { createAgency, ensureUser } from "~/demo/factories.server";
import * as csvExport from "~/routes/approved-agencies.export[.csv]";
import * as xlsxExport from "~/routes/approved-agencies.export[.xlsx]";
import { buildRequest, sessionCookieFor } from "../support/route-harness";
import { oversight } from "../support/oversight-cli";

const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`.toUpperCase();
const code = `RC${suffix}`;
let agencyId: number;
let directory: string;


beforeAll(async () => {
  agencyId = await createAgency({ code, name: "Register CLI agency" });
  directory = await mkdtemp(path.join(os.tmpdir(), "register-cli-"));
  await writeFile(path.join(directory, "licence.pdf"), `%PDF-1.7\n%licence ${suffix}\n`);
  await writeFile(path.join(directory, "tool.exe"), Buffer.from([0x4d, 0x5a, 0x90, 0x00]));
});

describe("npm run oversight -- agency …", () => {
  test("document add, documents, status: stored, listed, refused with exit 2 and a clear message", { timeout: 300_000 }, async () => {
    const expires = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const added = await oversight(["agency", "document", "add", "--agency", code, "--type", "business_licence", "--expires", expires, path.join(directory, "licence.pdf")]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(new RegExp(`^Stored licence\\.pdf as ${code} BUSINESS_LICENCE v1 \\(sha256 [0-9a-f]{64}\\)\\.$`, "m"));

    const refused = await oversight(["agency", "document", "add", "--agency", code, "--type", "DPA", path.join(directory, "tool.exe")]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("tool.exe is not an accepted type");
    const backwards = await oversight(["agency", "document", "add", "--agency", code, "--type", "DPA", "--valid-from", "2027-02-01", "--expires", "2027-01-01", path.join(directory, "licence.pdf")]);
    expect(backwards.code).toBe(2);
    expect(backwards.stderr).toContain("expiresOn: the document expires (2027-01-01) before it starts (2027-02-01)");
    expect(await getPrisma().agencyDocument.count({ where: { agencyId } })).toBe(1);

    const listed = await oversight(["agency", "documents", "--agency", code, "--expiring-within", "30", "--format", "csv"]);
    expect(listed.code, listed.stderr).toBe(0);
    const lines = listed.stdout.replace(/^\uFEFF/, "").trim().split(/\r?\n/);
    expect(lines[0]).toBe("agency,type,version,file_name,sha256,valid_from,expires_on,days_left");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(new RegExp(`^${code},BUSINESS_LICENCE,1,licence\\.pdf,[0-9a-f]{64},,${expires},(19|20)$`));

    const suspended = await oversight(["agency", "status", "--agency", code, "--set", "suspended", "--reason", "Licence under review"]);
    expect(suspended.code, suspended.stderr).toBe(0);
    expect(suspended.stdout).toContain(`${code}: APPROVED → SUSPENDED (Licence under review).`);
    const again = await oversight(["agency", "status", "--agency", code, "--set", "SUSPENDED", "--reason", "again"]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("already SUSPENDED");
    expect((await getPrisma().agency.findUniqueOrThrow({ where: { id: agencyId } })).status).toBe("SUSPENDED");
  });
});

describe("the approved-agency list's exports", () => {
  test("CSV and Excel, scoped for an AGENCY user, logged as exports", async () => {
    const userId = await ensureUser({ email: `rc-agency-${suffix}@register.test`, name: "RC Agency", role: "AGENCY", agencyId });
    const cookie = await sessionCookieFor(userId);
    const before = await getPrisma().accessLog.count({ where: { userId, action: "EXPORT", resourceType: "approved-agencies" } });
    const response = (await csvExport.loader({ request: buildRequest("/approved-agencies/export.csv", { cookie }), params: {}, context: {} })) as Response;
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const lines = (await response.text()).replace(/^\uFEFF/, "").trim().split(/\r?\n/);
    expect(lines[0]).toBe("Code,Name,Status,Licences (valid to),Action required,Last evaluation,Rating");
    expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual([code]);
    expect(lines[1]).toMatch(/,—,—$/);
    const workbook = (await xlsxExport.loader({ request: buildRequest("/approved-agencies/export.xlsx", { cookie }), params: {}, context: {} })) as Response;
    expect(Buffer.from(await workbook.arrayBuffer()).subarray(0, 2).toString()).toBe("PK");
    expect(await getPrisma().accessLog.count({ where: { userId, action: "EXPORT", resourceType: "approved-agencies" } })).toBe(before + 2);
  });
});
