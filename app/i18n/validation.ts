import type { z } from "zod";
import type { MessageKey } from "./messages.en";
import type { MessageParams } from "./translate";

export type FieldMessage = { key: MessageKey; params?: MessageParams };

const ownKeyPrefix = "validation.";

/**
 * Turns a zod issue into a message key with parameters, so that form errors are shown in the reader's language.
 * Our own schemas put a "validation.*" key in `message`; zod's built-in checks are mapped by issue code.
 */
export function describeIssue(issue: z.core.$ZodIssue): FieldMessage {
  if (issue.message.startsWith(ownKeyPrefix)) return { key: issue.message as MessageKey };
  switch (issue.code) {
    case "too_small":
      return issue.minimum === 1 && issue.origin === "string" ? { key: "validation.required" } : { key: "validation.tooShort", params: { minimum: Number(issue.minimum) } };
    case "too_big":
      return { key: "validation.tooLong", params: { maximum: Number(issue.maximum) } };
    case "invalid_format":
      return issue.format === "email" ? { key: "validation.invalidEmail" } : { key: "validation.invalidFormat" };
    case "invalid_value":
      return { key: "validation.invalidChoice" };
    case "invalid_type":
      return issue.input === undefined ? { key: "validation.required" } : { key: "validation.invalidFormat" };
    default:
      return { key: "validation.invalidFormat" };
  }
}

/** One message per form field (the first issue found for it). */
export function fieldMessages(error: z.ZodError): Record<string, FieldMessage> {
  const messages: Record<string, FieldMessage> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    messages[field] ??= describeIssue(issue);
  }
  return messages;
}
