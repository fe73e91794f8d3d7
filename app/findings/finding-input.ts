// What callers send the findings domain (pages' forms, the API's JSON, the CLI's flags), parsed with zod. Messages
// are i18n keys, like every other form schema.
import { z } from "zod";
import { ContestReason, Severity } from "~/generated/prisma/enums";
import { isCalendarDay } from "./finding-dates";

export const MAX_TITLE = 200;
export const MAX_TEXT = 4000;
export const MAX_NOTE = 2000;
export const MAX_ACTIONS = 20;

const day = z.string().trim().refine(isCalendarDay, "validation.date");
const text = (max: number) => z.string().trim().max(max, "validation.tooLong");
const requiredText = (max: number) => text(max).min(1, "validation.required");
const ruleCode = z.string().trim().regex(/^[A-Z0-9_]{1,64}$/, "validation.invalidChoice");

export const raiseByRulesSchema = z
  .object({
    agencyId: z.coerce.number().int().positive(),
    agentId: z.coerce.number().int().positive().nullable().default(null),
    ruleCodes: z.array(ruleCode).max(32).default([]),
    complaintCategories: z.array(z.string().trim().min(1).max(100)).max(32).default([]),
    from: day,
    to: day,
    severity: z.enum(Severity).nullable().default(null),
    title: text(MAX_TITLE).optional(),
    description: text(MAX_TEXT).optional(),
  })
  .refine((input) => input.from <= input.to, { message: "findings.validation.periodOrder", path: ["to"] })
  .refine((input) => input.ruleCodes.length + input.complaintCategories.length > 0, { message: "validation.required", path: ["ruleCodes"] });

export type RaiseByRulesInput = z.input<typeof raiseByRulesSchema>;

export const planActionSchema = z.object({
  description: requiredText(MAX_NOTE),
  owner: requiredText(200),
  dueOn: day,
});

export type PlanActionInput = z.input<typeof planActionSchema>;

export const respondSchema = z
  .object({
    kind: z.enum(["ACCEPTED", "DISPUTED"]),
    explanation: requiredText(MAX_TEXT),
    actions: z.array(planActionSchema).max(MAX_ACTIONS, "findings.validation.tooManyActions").default([]),
  })
  // Accepting a finding means saying what will change: at least one action. A dispute may come without a plan.
  .refine((input) => input.kind === "DISPUTED" || input.actions.length > 0, { message: "findings.validation.planRequired", path: ["actions"] });

export type RespondInput = z.input<typeof respondSchema>;

export const noteSchema = text(MAX_NOTE);

export const contestSchema = z.object({
  violationId: z.string().trim().regex(/^\d{1,19}$/, "validation.invalidFormat"),
  reason: z.enum(ContestReason),
  note: text(MAX_NOTE).default(""),
});

export type ContestInput = z.input<typeof contestSchema>;

export const dueDaySchema = day;

export const severitySchema = z.enum(Severity, "validation.invalidChoice");
