import { z } from "zod";
import { roles } from "~/auth/permissions";
import { minimumPasswordLengthForUsers } from "./password-policy";

export const userRoleSchema = z.enum(roles);

const agencyIdField = z
  .union([z.literal(""), z.coerce.number().int().positive()])
  .optional()
  .transform((value) => (value === "" || value === undefined ? null : value));

/** The rules every user record obeys, whoever creates it (Settings, the demo seed, tests). */
function agencyBinding<T extends { role: z.infer<typeof userRoleSchema>; agencyId: number | null }>(user: T, context: z.RefinementCtx) {
  if (user.role === "AGENCY" && user.agencyId === null) {
    context.addIssue({ code: "custom", path: ["agencyId"], message: "validation.agencyRequired" });
  }
  if (user.role !== "AGENCY" && user.agencyId !== null) {
    context.addIssue({ code: "custom", path: ["agencyId"], message: "validation.agencyNotAllowed" });
  }
}

/** The password policy, wherever a password is set: Settings, an invitation link, the change-password page, the CLI. */
export const newPasswordSchema = z.string().min(minimumPasswordLengthForUsers, "validation.passwordTooShort").max(1024, "validation.passwordTooLong");

export const userEmailSchema = z.string().trim().toLowerCase().email();

/** A new user's record. The password is not part of it: the user sets it through an invitation link, or the CLI sets one. */
export const newUserSchema = z
  .object({
    email: userEmailSchema,
    name: z.string().trim().min(1).max(200),
    role: userRoleSchema,
    agencyId: agencyIdField,
    locale: z.enum(["en", "zh-CN"]).default("en"),
  })
  .superRefine(agencyBinding);

export type NewUserInput = z.output<typeof newUserSchema>;

export const userChangeSchema = z
  .object({
    userId: z.coerce.number().int().positive(),
    role: userRoleSchema,
    agencyId: agencyIdField,
    active: z.enum(["true", "false"]).transform((value) => value === "true"),
    password: z
      .string()
      .optional()
      .transform((value) => (value ? value : undefined))
      .pipe(newPasswordSchema.optional()),
  })
  .superRefine(agencyBinding);

export type UserChangeInput = z.output<typeof userChangeSchema>;

/** Setting one's own password (an invitation link, the change-password page): typed twice. */
export const passwordChoiceSchema = z
  .object({ password: newPasswordSchema, confirmPassword: z.string().max(1024) })
  .refine((value) => value.password === value.confirmPassword, { path: ["confirmPassword"], message: "validation.passwordsDiffer" });

