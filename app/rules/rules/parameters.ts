// The building blocks every rule's own file declares its parameters with: zod pieces for the schema, the editor's
// field kinds, and the default values several rules share. Nothing here knows any particular rule, so a rule's
// file can import it without a cycle through the registry.
import { z } from "zod";
import { ActivityType, ContactParty, Outcome, Severity } from "~/generated/prisma/enums";

// ---------------------------------------------------------------------------------------------------------------
// Schema pieces

export const severity = z.enum(Severity);
export const activityType = z.enum(ActivityType);
export const contactParty = z.enum(ContactParty);
export const outcome = z.enum(Outcome);

export function uniqueList<T extends z.ZodType<string>>(item: T) {
  return z
    .array(item)
    .min(1)
    .refine((values) => new Set(values).size === values.length, "list contains duplicates");
}

export const timeOfDay = z.string().regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, 'expected a local time "HH:mm"');

/**
 * A lexicon entry: matched case-insensitively after Unicode NFKC normalisation (full-width letters count).
 * Entries made of Latin letters or digits match whole words only ("owe" does not match "power"); a trailing "*"
 * also matches any Latin suffix ("debt*" → debt, debts, debtor). Chinese entries match anywhere in the text.
 */
const lexiconTerm = z
  .string()
  .trim()
  .min(1)
  .refine((term) => {
    const core = term.endsWith("*") ? term.slice(0, -1) : term;
    return core.trim().length > 0 && !core.includes("*");
  }, 'a term may only end with "*", and needs text before it');

export const lexicon = uniqueList(lexiconTerm);

/** A JavaScript regular expression source, evaluated with the flags "iu" against NFKC-normalised text. */
export const regexSource = z
  .string()
  .min(1)
  .refine((source) => {
    try {
      new RegExp(source, "iu");
      return true;
    } catch {
      return false;
    }
  }, "not a valid regular expression");

export const SCOPES = ["ACCOUNT", "ACCOUNT_AGENCY"] as const;

/**
 * ACCOUNT counts every agency's activity on the account together (what the debtor experiences); ACCOUNT_AGENCY
 * judges each agency on its own activity, the reading of Reg F in which each debt collector has its own limits.
 */
export const scope = z.enum(SCOPES);

/** The media a frequency rule can count: calls, and texts where a state counts them with calls. */
export const COUNTED_MEDIA = ["CALL", "SMS"] as const satisfies ActivityType[];
export const countedMedia = z.enum(COUNTED_MEDIA);

/** Where a counted contact reached the person: anywhere, anywhere but a place of employment, or at work only. */
export const PLACE_SCOPES = ["ANY", "NOT_WORK", "WORK"] as const;
export const placeScope = z.enum(PLACE_SCOPES);

/** Every rule's first two parameters: the editor shows them first and the engine skips a rule that is off. */
export const base = { enabled: z.boolean(), severity };

export type BaseParameters = { enabled: boolean; severity: Severity };

// ---------------------------------------------------------------------------------------------------------------
// Editor field kinds

export type FieldKind =
  | { type: "boolean" }
  | { type: "severity" }
  | { type: "time" }
  | { type: "integer" }
  | { type: "choice"; options: readonly string[]; enumPrefix: string }
  /** A list of enum values, each a checkbox. "nullable": a separate "any" box stands for null (no filter). */
  | { type: "checkboxes"; options: readonly string[]; enumPrefix: string; nullable?: boolean }
  /** Free terms, one per line (lexicons, markers). */
  | { type: "lines" }
  | { type: "smsRequirements" };

/** Every parameter but enabled and severity, each with its input, in the order the editor shows them. */
export type FieldKinds<P> = { [K in Exclude<keyof P, keyof BaseParameters>]-?: FieldKind };

export const fields = {
  boolean: { type: "boolean" },
  integer: { type: "integer" },
  time: { type: "time" },
  lines: { type: "lines" },
  activityList: { type: "checkboxes", options: Object.values(ActivityType), enumPrefix: "activityType" },
  outcomeList: { type: "checkboxes", options: Object.values(Outcome), enumPrefix: "outcome" },
  partyList: { type: "checkboxes", options: Object.values(ContactParty), enumPrefix: "contactParty" },
  scope: { type: "choice", options: SCOPES, enumPrefix: "rulePacks.scope" },
  /** `scope` of the Reg F call-frequency rules: labelled as whose calls count (each agency is a debt collector). */
  collectors: { type: "choice", options: SCOPES, enumPrefix: "rulePacks.collectors" },
  countedMedia: { type: "checkboxes", options: COUNTED_MEDIA, enumPrefix: "activityType" },
  placeScope: { type: "choice", options: PLACE_SCOPES, enumPrefix: "rulePacks.places" },
} as const satisfies Record<string, FieldKind>;

// ---------------------------------------------------------------------------------------------------------------
// Defaults

/**
 * The shipped packs: China (GB/T 45251-2025 as summarised by NIFA, and the China Banking Association guideline,
 * 2026 trial) and the US (Regulation F, 12 CFR 1006, with its official commentary). Every rule gives its defaults
 * for each, so a family added here does not compile until every rule has said what it means there.
 */
export const PACK_FAMILIES = ["cn", "us"] as const;
export type PackFamily = (typeof PACK_FAMILIES)[number];

export type RuleDefaults<P> = { readonly [F in PackFamily]: P };

/** Reg F 1006.6(d): the spouse is the consumer. In China the spouse is family, hence a third party. */
export const spouseCountsAsDebtor = { cn: false, us: true } as const satisfies Record<PackFamily, boolean>;

export const communication = ["CALL", "SMS", "EMAIL", "LETTER", "VISIT"] as const satisfies ActivityType[];
export const placedCallOutcomes = ["CONNECTED", "NO_ANSWER", "VOICEMAIL"] as const satisfies Outcome[];
