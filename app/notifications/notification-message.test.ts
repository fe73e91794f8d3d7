import { describe, expect, test } from "vitest";
import { composeDigestEmail, composeInvitationEmail, composeNotificationEmail } from "./compose-email";
import { absoluteLink, missingParams, notificationKinds, notificationMessageSchema, renderNotification } from "./notification-message";

const findingParams = { title: "Calls after 21:00", agency: "BLITZ", dueDate: "2026-12-20" };

describe("rendering a notification in the reader's language", () => {
  test.each([
    ["en", "FINDING_ISSUED", "New finding: Calls after 21:00", "A finding was issued to BLITZ. A response is due by 2026-12-20."],
    ["zh-CN", "FINDING_ISSUED", "新的检查发现：Calls after 21:00", "已向 BLITZ 下发一项检查发现，须在 2026-12-20 前回复。"],
    ["en", "FINDING_PLAN_REJECTED", "Plan rejected: Calls after 21:00", "The corrective-action plan of BLITZ was rejected: read the note and propose a new one."],
    ["zh-CN", "FINDING_OVERDUE", "已逾期：Calls after 21:00", "BLITZ 就该检查发现应完成的事项已于 2026-12-20 到期。"],
    ["en", "CONTEST_DECIDED", "Contest decided", "Compliance decided a violation BLITZ contested."],
    // A kind written by a newer version still shows, generically, rather than as a raw key.
    ["en", "SOMETHING_NEW", "Notification", "Open it to see what changed."],
    ["zh-CN", "SOMETHING_NEW", "通知", "打开查看变更内容。"],
  ] as const)("%s %s", (locale, kind, title, body) => {
    expect(renderNotification(locale, { kind, params: findingParams })).toEqual({ title, body });
  });

  test("params that are not strings or numbers are ignored, and the placeholder stays visible", () => {
    expect(renderNotification("en", { kind: "FINDING_CLOSED", params: { title: { nested: true }, agency: "KINLINK" } }).title).toBe("Finding closed: {title}");
  });
});

describe("validating a message", () => {
  const valid = { audience: { agencyId: 3 }, kind: "FINDING_ISSUED", params: findingParams, link: "/findings/12" } as const;

  test("every kind's English and Chinese texts use the same params", () => {
    // The agency register's expiry reminders carry their own params (app/agency-register/expiry-reminders.server.ts).
    const registerParams = { agency: "BLITZ", item: "DPA v2 (dpa.pdf)", expiresOn: "2027-01-01", days: 30 };
    for (const kind of notificationKinds) expect(missingParams(kind, kind.startsWith("AGENCY_") ? registerParams : findingParams)).toEqual([]);
  });

  test.each([
    ["a valid message", valid, null],
    ["an agency id as a decimal string", { ...valid, audience: { agencyId: "3" } }, null],
    ["roles", { ...valid, audience: { roles: ["COMPLIANCE", "VENDOR_MANAGER"] } }, null],
    ["user ids as strings", { ...valid, audience: { userIds: ["4", 5] } }, null],
    ["the AGENCY role (agencies are reached by agency)", { ...valid, audience: { roles: ["AGENCY"] } }, "audience"],
    ["no role", { ...valid, audience: { roles: [] } }, "audience"],
    ["two audiences at once", { ...valid, audience: { agencyId: 3, roles: ["ADMIN"] } }, "audience"],
    ["an unknown kind", { ...valid, kind: "FINDING_FORGOTTEN" }, "kind"],
    ["a missing param", { ...valid, params: { title: "T", agency: "A" } }, "params"],
    ["another site", { ...valid, link: "https://evil.example/findings/12" }, "link"],
    ["a scheme-relative link", { ...valid, link: "//evil.example/x" }, "link"],
    ["a relative path", { ...valid, link: "findings/12" }, "link"],
    ["a javascript: link", { ...valid, link: "javascript:alert(1)" }, "link"],
    ["a backslash", { ...valid, link: "/\\evil.example" }, "link"],
    ["an encoded newline", { ...valid, link: "/findings/12%0A" }, "link"],
  ])("%s", (_name, message, failingPath) => {
    const parsed = notificationMessageSchema.safeParse(message);
    if (failingPath === null) expect(parsed.success).toBe(true);
    else expect(parsed.error?.issues.map((issue) => issue.path[0])).toContain(failingPath);
  });

  test("the missing params are named", () => {
    expect(missingParams("FINDING_ISSUED", { title: "T" })).toEqual(["agency", "dueDate"]);
  });
});

describe("e-mail", () => {
  const baseUrl = "https://oversight.example.com/";

  test.each([
    ["/findings/12?tab=plan", "https://oversight.example.com/findings/12?tab=plan"],
    ["https://evil.example/", "https://oversight.example.com/"],
  ])("the link %s becomes %s", (link, url) => {
    expect(absoluteLink(link, baseUrl)).toBe(url);
  });

  test("an immediate e-mail: the title as subject, the body, the absolute link and the settings link, in Chinese", () => {
    const email = composeNotificationEmail("zh-CN", { kind: "FINDING_ISSUED", params: findingParams, link: "/findings/12" }, baseUrl);
    expect(email.subject).toBe("新的检查发现：Calls after 21:00");
    expect(email.text).toContain("已向 BLITZ 下发一项检查发现");
    expect(email.text).toContain("打开：https://oversight.example.com/findings/12");
    expect(email.text).toContain("https://oversight.example.com/settings");
    expect(email.html).toContain('<html lang="zh-CN">');
  });

  test("data is escaped in the HTML part", () => {
    const email = composeNotificationEmail("en", { kind: "FINDING_CLOSED", params: { title: "<script>x</script>", agency: "A&B" }, link: "/findings/1" }, baseUrl);
    expect(email.html).not.toContain("<script>");
    expect(email.html).toContain("&#60;script&#62;");
    expect(email.html).toContain("A&#38;B");
    // The plain-text part and the subject are not HTML: they keep the characters as they are.
    expect(email.subject).toBe("Finding closed: <script>x</script>");
    expect(email.text).toContain("A&B");
  });

  test("a digest lists every notification, in order, with its link", () => {
    const email = composeDigestEmail(
      "en",
      [
        { kind: "FINDING_ISSUED", params: findingParams, link: "/findings/1" },
        { kind: "FINDING_OVERDUE", params: findingParams, link: "/findings/2" },
      ],
      baseUrl,
    );
    expect(email.subject).toBe("Your daily summary: 2 notifications");
    expect(email.text.indexOf("New finding")).toBeLessThan(email.text.indexOf("Overdue"));
    expect(email.text).toContain("https://oversight.example.com/findings/2");
  });

  test("an invitation carries the one-time link and its expiry", () => {
    const email = composeInvitationEmail("zh-CN", { email: "li@agency.example", url: "https://oversight.example.com/invite/abc", expiresAt: new Date("2026-12-08T09:30:00Z") });
    expect(email.subject).toBe("您的催收机构监管平台账户");
    expect(email.text).toContain("2026-12-08 09:30");
    expect(email.text).toContain("https://oversight.example.com/invite/abc");
  });
});
