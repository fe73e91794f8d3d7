import { useI18n } from "~/i18n/i18n-context";
import { ruleName } from "~/violations/render-explanation";

/** A rule's translated name (its code while a dictionary lacks it). */
export function useRuleName(): (code: string) => string {
  const { t } = useI18n();
  return (code) => ruleName(code, t);
}

/** A parameter value as text: lists comma-separated, null as `none` (the caller passes its translation). */
export function formatParameterValue(value: unknown, none: string): string {
  if (value === null || value === undefined) return none;
  if (Array.isArray(value)) return value.map((item) => (typeof item === "object" ? JSON.stringify(item) : String(item))).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}
