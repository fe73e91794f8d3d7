import { describe, expect, test } from "vitest";
import { getMessages } from "~/i18n/translate";
import { fieldKeyOf, findingRefusalText, type FindingRefusalData } from "./finding-refusal";

const refusal = (reason: string, field: string | null = null, messageKey: string | null = null, messageParams: FindingRefusalData["messageParams"] = null): FindingRefusalData => ({ reason, field, messageKey, messageParams });

describe("fieldKeyOf", () => {
  test.each([
    ["note", "findings.field.note", null],
    ["actions.0.dueOn", "findings.field.actions.dueOn", 1],
    ["actions.11.owner", "findings.field.actions.owner", 12],
  ])("%s", (field, key, row) => expect(fieldKeyOf(field)).toEqual({ key, row }));
});

describe("findingRefusalText", () => {
  test.each([
    ["en", refusal("NOTE_REQUIRED", "note"), "A note is required. (Note)"],
    ["en", refusal("INVALID_INPUT", "responseDueOn", "findings.refusal.dueAfterToday", { today: "2026-04-01" }), "Check what you entered. Response due: The due date must lie after today (2026-04-01)."],
    ["en", refusal("INVALID_INPUT", "actions.1.dueOn", "findings.refusal.actionDueBeforeToday", { today: "2026-04-01" }), "Check what you entered. Action 2 due date: An action's due date cannot lie before today (2026-04-01)."],
    ["en", refusal("INVALID_INPUT", "explanation", "validation.required"), "Check what you entered. Explanation: This field is required."],
    ["en", refusal("INVALID_INPUT", "note", "validation.tooLong", { maximum: 2000 }), "Check what you entered. Note: Must be at most 2000 characters."],
    ["en", refusal("STATUS_NOT_ALLOWED"), "Not possible in the finding's current status."],
    ["en", refusal("INVALID_INPUT", "somethingNew", "not.a.key"), "Check what you entered."],
    ["zh-CN", refusal("INVALID_INPUT", "responseDueOn", "findings.refusal.dueAfterToday", { today: "2026-04-01" }), "请检查填写的内容。 答复期限：期限须晚于今天（2026-04-01）。"],
    ["zh-CN", refusal("ATTACHMENT_TYPE", "file"), "请上传 PDF、图片（PNG、JPEG、GIF、WebP）或 Office 文件。 （文件）"],
  ] as const)("%s %j", (locale, failure, expected) => {
    expect(findingRefusalText(failure, getMessages(locale))).toBe(expected);
  });

  test("every reason the domain gives has a message in both languages", () => {
    const reasons = ["ROLE_NOT_ALLOWED", "STATUS_NOT_ALLOWED", "PLAN_ALREADY_ACCEPTED", "NO_ACCEPTED_PLAN", "NOTE_REQUIRED", "STALE", "NO_EVIDENCE", "INVALID_INPUT", "NOT_FOUND", "ATTACHMENT_TOO_LARGE", "ATTACHMENT_TYPE", "ATTACHMENT_EMPTY", "CONTEST_PENDING", "NOT_IN_FINDING", "NOT_OPEN"];
    for (const locale of ["en", "zh-CN"] as const) {
      const messages = getMessages(locale) as Record<string, string>;
      expect(reasons.filter((reason) => !messages[`findings.refusal.${reason}`])).toEqual([]);
    }
  });
});
