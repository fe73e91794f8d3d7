import type { MessageKey } from "~/i18n/messages.en";
import { Alert } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";

export type RegisterFormFailure = { ok: false; reason: string; field: string | null; message: string };

const translatedReasons = new Set(["sameStatus", "NOT_FOUND", "ATTACHMENT_EMPTY", "ATTACHMENT_TOO_LARGE", "ATTACHMENT_TYPE", "noFile"]);

/** A refusal in the reader's language when its reason has a text, else the field and the domain's own words. */
export function useRegisterFailureText(failure: RegisterFormFailure | null): string | null {
  const { t } = useI18n();
  if (!failure) return null;
  const reason = failure.reason.replace(/^register\.error\./, "");
  if (translatedReasons.has(reason)) return t(`register.error.${reason}` as MessageKey);
  const detail = failure.field && failure.message.startsWith(`${failure.field}: `) ? failure.message.slice(failure.field.length + 2) : failure.message;
  return t("register.error.INVALID", { field: failure.field ?? "", message: detail });
}

/** Shows a failure only on the form whose fields it names. */
export function RegisterFailureAlert({ failure, fields }: { failure: RegisterFormFailure | null; fields: readonly string[] }) {
  const text = useRegisterFailureText(failure);
  const field = failure?.field ?? "";
  if (!failure || !text || !fields.some((name) => field === name || field.startsWith(`${name}.`))) return null;
  return <Alert tone="error">{text}</Alert>;
}
