// The rule-pack editor's half that needs no browser and no database: which input edits which parameter, how the
// submitted form becomes parameters, how the schema's issues become translated messages on the right field, and
// the difference between two versions. Validation itself stays with the schemas, which like the inputs are
// declared in each rule's own file under ./rules.
import type { z } from "zod";
import { Severity } from "~/generated/prisma/enums";
import type { MessageKey } from "~/i18n/messages.en";
import type { MessageParams } from "~/i18n/translate";
import { RULE_CODES, rulePackParametersSchema, type RuleCode } from "./rule-pack";
import { ruleDefinitions } from "./rules";
import type { FieldKind } from "./rules/parameters";

export type { FieldKind };

export const severities = Object.values(Severity);

/**
 * Every parameter of a rule but enabled and severity (which come first for all), with its input, in the order the
 * editor shows them: the rule's own `fields`, which its type holds to exactly the keys of its schema.
 */
export function fieldsOf(code: RuleCode): [key: string, kind: FieldKind][] {
  return Object.entries(ruleDefinitions[code].fields) as [string, FieldKind][];
}

/** How many empty requirement slots the editor offers below the existing ones. */
export const EXTRA_SMS_REQUIREMENTS = 1;

type FormEntries = Iterable<[string, FormDataEntryValue]>;

function splitLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/**
 * Builds the parameters object from the editor's fields ("RULE.key", lists repeated, booleans present when on).
 * Every rule is written, so a missing checkbox reads as false and an empty list as empty: nothing is inferred,
 * and whatever is wrong is reported by the schema with its path.
 */
export function formToParameters(entries: FormEntries): Record<string, Record<string, unknown>> {
  const values = new Map<string, string[]>();
  for (const [name, value] of entries) {
    if (typeof value !== "string") continue;
    const list = values.get(name);
    if (list) list.push(value);
    else values.set(name, [value]);
  }
  const first = (name: string) => values.get(name)?.[0];
  const parameters: Record<string, Record<string, unknown>> = {};
  for (const code of RULE_CODES) {
    // A rule the form does not carry at all is left out (off), like a rule absent from a stored pack.
    if (!values.has(`${code}.severity`)) continue;
    const rule: Record<string, unknown> = { enabled: values.has(`${code}.enabled`), severity: first(`${code}.severity`) };
    for (const [key, kind] of fieldsOf(code)) {
      const name = `${code}.${key}`;
      switch (kind.type) {
        case "boolean":
          rule[key] = values.has(name);
          break;
        case "integer": {
          const text = (first(name) ?? "").trim();
          // "" stays undefined (required); anything else becomes a number, NaN included, for the schema to judge.
          rule[key] = text === "" ? undefined : /^[+-]?\d+$/.test(text) ? Number.parseInt(text, 10) : Number.NaN;
          break;
        }
        case "time":
        case "severity":
        case "choice":
          rule[key] = (first(name) ?? "").trim();
          break;
        case "checkboxes":
          rule[key] = kind.nullable && values.has(`${name}.any`) ? null : (values.get(name) ?? []);
          break;
        case "lines":
          rule[key] = splitLines(first(name) ?? "");
          break;
        case "smsRequirements": {
          const requirements: { label: string; patterns: string[] }[] = [];
          for (let index = 0; values.has(`${name}.${index}.label`) || values.has(`${name}.${index}.patterns`); index++) {
            const label = (first(`${name}.${index}.label`) ?? "").trim();
            const patterns = splitLines(first(`${name}.${index}.patterns`) ?? "");
            // An emptied slot removes the requirement; a half-filled one is kept for the schema to report.
            if (label !== "" || patterns.length > 0) requirements.push({ label, patterns });
          }
          rule[key] = requirements;
          break;
        }
      }
    }
    parameters[code] = rule;
  }
  return parameters;
}

export type RulePackFieldError = { key: MessageKey; params?: MessageParams; /** 1-based line of a one-per-line field. */ line?: number };

function describeRulePackIssue(issue: z.core.$ZodIssue): RulePackFieldError {
  switch (issue.code) {
    case "custom":
      if (issue.message === "list contains duplicates") return { key: "rulePacks.validation.duplicates" };
      if (issue.message === "start and end must differ") return { key: "rulePacks.validation.sameStartEnd" };
      if (issue.message === "start cannot be 24:00") return { key: "rulePacks.validation.startAtMidnight" };
      if (issue.message === "not a valid regular expression") return { key: "rulePacks.validation.regex" };
      if (issue.message.startsWith("a term may only end with")) return { key: "rulePacks.validation.lexiconTerm" };
      return { key: "validation.invalidFormat" };
    case "invalid_format":
      return { key: "rulePacks.validation.time" };
    case "too_small":
      if (issue.origin === "array") return { key: "rulePacks.validation.listEmpty" };
      if (issue.origin === "string") return { key: "validation.required" };
      return { key: "rulePacks.validation.atLeast", params: { minimum: Number(issue.minimum) } };
    case "too_big":
      if (issue.origin === "string" || issue.origin === "array") return { key: "validation.tooLong", params: { maximum: Number(issue.maximum) } };
      return { key: "rulePacks.validation.atMost", params: { maximum: Number(issue.maximum) } };
    case "invalid_type":
      // Zod leaves the input out of issues unless asked; its message names what it received.
      if (issue.input === undefined && /received undefined/.test(issue.message)) return { key: "validation.required" };
      if (issue.expected === "number" || issue.expected === "int") return { key: "rulePacks.validation.wholeNumber" };
      return { key: "validation.invalidFormat" };
    case "invalid_value":
      return { key: "validation.invalidChoice" };
    default:
      return { key: "validation.invalidFormat" };
  }
}

export type RulePackValidation = { success: true; data: z.infer<typeof rulePackParametersSchema> } | { success: false; errors: Record<string, RulePackFieldError> };

/**
 * Validates with the pack's schema and files each problem under the editor field it belongs to ("RULE.key", or
 * "SMS_REQUIRED_CONTENT.requirements.0.patterns"); a problem with one entry of a list names its line. The first
 * problem per field is kept.
 */
export function validateRulePackForm(parameters: unknown): RulePackValidation {
  const result = rulePackParametersSchema.safeParse(parameters);
  if (result.success) return { success: true, data: result.data };
  const errors: Record<string, RulePackFieldError> = {};
  for (const issue of result.error.issues) {
    const path = issue.path.map((segment) => (typeof segment === "symbol" ? String(segment) : segment));
    const last = path[path.length - 1];
    const lineIndex = typeof last === "number" && path.length > 2 ? last : undefined;
    const field = (lineIndex === undefined ? path : path.slice(0, -1)).join(".") || "form";
    const message = describeRulePackIssue(issue);
    errors[field] ??= lineIndex === undefined ? message : { ...message, line: lineIndex + 1 };
  }
  return { success: false, errors };
}

// ---------------------------------------------------------------------------------------------------------------
// Differences between versions

export type RulePackChange = {
  ruleCode: string;
  /** The parameter; null when the whole rule was added or removed. */
  parameter: string | null;
  before: unknown;
  after: unknown;
  /** For lists of text: what the newer version added and removed (order changes alone are no change). */
  added?: string[];
  removed?: string[];
};

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Parameter by parameter, what changed from `before` to `after`, in rule order. */
export function diffRulePackParameters(before: unknown, after: unknown): RulePackChange[] {
  const older = asRecord(before);
  const newer = asRecord(after);
  const known = new Set<string>(RULE_CODES);
  const codes = [...RULE_CODES, ...[...new Set([...Object.keys(older), ...Object.keys(newer)])].filter((code) => !known.has(code)).sort()];
  const changes: RulePackChange[] = [];
  for (const ruleCode of codes) {
    if (!(ruleCode in older) && !(ruleCode in newer)) continue;
    if (!(ruleCode in older) || !(ruleCode in newer)) {
      changes.push({ ruleCode, parameter: null, before: older[ruleCode] ?? null, after: newer[ruleCode] ?? null });
      continue;
    }
    const a = asRecord(older[ruleCode]);
    const b = asRecord(newer[ruleCode]);
    for (const parameter of [...new Set([...Object.keys(a), ...Object.keys(b)])]) {
      const x = a[parameter];
      const y = b[parameter];
      if (isStringList(x) && isStringList(y)) {
        const added = y.filter((item) => !x.includes(item));
        const removed = x.filter((item) => !y.includes(item));
        if (added.length > 0 || removed.length > 0) changes.push({ ruleCode, parameter, before: x, after: y, added, removed });
        continue;
      }
      if (JSON.stringify(x) !== JSON.stringify(y)) changes.push({ ruleCode, parameter, before: x ?? null, after: y ?? null });
    }
  }
  return changes;
}
