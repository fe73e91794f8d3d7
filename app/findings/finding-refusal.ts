// A refused finding action in the reader's language: the reason, the field at fault and the detail, each from the
// dictionaries (the domain's `message` is English, for the API and the CLI). Pure, for the page and its tests.
import { interpolate, translateDynamic, type Messages } from "~/i18n/translate";

export type FindingRefusalData = { reason: string; field: string | null; messageKey: string | null; messageParams: Record<string, string | number> | null };

/** `actions.2.dueOn` → the key `findings.field.actions.dueOn` and the row's number (3). */
export function fieldKeyOf(field: string): { key: string; row: number | null } {
  const match = /^(\w+)\.(\d+)\.(\w+)$/.exec(field);
  if (match) return { key: `findings.field.${match[1]}.${match[3]}`, row: Number(match[2]) + 1 };
  return { key: `findings.field.${field}`, row: null };
}

export function findingRefusalText(failure: FindingRefusalData, messages: Messages): string {
  const lookup = (key: string): string | null => translateDynamic(messages, key, "") || null;
  const reasonKey = `findings.refusal.${failure.reason}`;
  const parts = [lookup(reasonKey) ?? lookup("findings.refusal.INVALID_INPUT")!];
  const detail = failure.messageKey && failure.messageKey !== reasonKey ? lookup(failure.messageKey) : null;
  let field: string | null = null;
  if (failure.field) {
    const { key, row } = fieldKeyOf(failure.field);
    const label = lookup(key);
    field = label ? interpolate(label, row === null ? undefined : { n: row }) : null;
  }
  const detailText = detail ? interpolate(detail, failure.messageParams ?? undefined) : null;
  const reason = parts[0]!;
  if (field && detailText) return `${reason} ${interpolate(lookup("findings.refusal.format.fieldDetail")!, { field, detail: detailText })}`;
  if (field) return `${reason} ${interpolate(lookup("findings.refusal.format.field")!, { field })}`;
  return detailText ? `${reason} ${detailText}` : reason;
}
