// The evaluation's editable parts (ADR 031): four sections with a score and a comment, the questionnaires of the
// information-security and operations sections, the overall rating, the decision and its conditions, and the lender's
// notes. Messages are i18n keys, like every form schema.
import { z } from "zod";
import type { RegisterDocumentVersion } from "~/agency-register/register-input";
import { EvaluationDecision } from "~/generated/prisma/enums";

export const sectionKeys = ["performance", "compliance", "infosec", "operations"] as const;
export type SectionKey = (typeof sectionKeys)[number];

/** Questions of the questionnaire sections; their texts are i18n keys evaluations.question.<key>. */
export const questionnaire = {
  infosec: ["dataEncryption", "accessControl", "incidentResponse", "personalInformationAgreement", "staffBackgroundChecks"],
  operations: ["complaintHandlingPolicy", "trainingProgramme", "callQualityMonitoring", "subcontractorsApproved", "businessContinuity"],
} as const;

export const answers = ["YES", "PARTLY", "NO"] as const;
export type Answer = (typeof answers)[number];

export const MAX_COMMENT = 2000;
export const MAX_CONDITIONS = 10;

const comment = z.string().trim().max(MAX_COMMENT, "validation.tooLong");
const score = z.int().min(1, "evaluations.validation.score").max(5, "evaluations.validation.score").nullable();

const section = z.object({ score, comment });
const questionnaireSection = <K extends readonly string[]>(keys: K) =>
  section.extend({ answers: z.partialRecord(z.enum(keys), z.enum(answers)) });

export const sectionsSchema = z.object({
  performance: section,
  compliance: section,
  infosec: questionnaireSection(questionnaire.infosec),
  operations: questionnaireSection(questionnaire.operations),
});
export type EvaluationSections = z.output<typeof sectionsSchema>;

export const conditionSchema = z.object({
  text: z.string().trim().min(1, "validation.required").max(200, "validation.tooLong"),
  /** The rule the finding watches (its evidence and verification). */
  ruleCode: z.string().trim().regex(/^[A-Z0-9_]{1,64}$/, "validation.invalidChoice"),
});
export type EvaluationCondition = z.output<typeof conditionSchema>;

export const evaluationEditSchema = z.object({
  sections: sectionsSchema,
  overallRating: score,
  decision: z.enum(EvaluationDecision).nullable(),
  conditions: z.array(conditionSchema).max(MAX_CONDITIONS, "evaluations.validation.tooManyConditions"),
  lenderNotes: comment,
  notesShared: z.boolean(),
});
export type EvaluationEdit = z.output<typeof evaluationEditSchema>;

export function emptySections(): EvaluationSections {
  return {
    performance: { score: null, comment: "" },
    compliance: { score: null, comment: "" },
    infosec: { score: null, comment: "", answers: {} },
    operations: { score: null, comment: "", answers: {} },
  };
}

/** What signing needs: every section scored, a rating and a decision, and conditions exactly when renewing with them. */
export function signingProblems(edit: EvaluationEdit): string[] {
  const problems: string[] = [];
  for (const key of sectionKeys) if (edit.sections[key].score === null) problems.push(`evaluations.validation.sectionScore.${key}`);
  if (edit.overallRating === null) problems.push("evaluations.validation.overallRating");
  if (edit.decision === null) problems.push("evaluations.validation.decision");
  if (edit.decision === "RENEW_WITH_CONDITIONS" && edit.conditions.length === 0) problems.push("evaluations.validation.conditionsRequired");
  if (edit.decision !== "RENEW_WITH_CONDITIONS" && edit.conditions.length > 0) problems.push("evaluations.validation.conditionsOnlyWithConditions");
  return problems;
}

/** The register's document types each questionnaire section lists; every other type belongs to operations. */
const infosecDocumentTypes: readonly string[] = ["DPA", "INFOSEC_ATTESTATION"];

export function documentSectionOf(type: string): "infosec" | "operations" {
  return infosecDocumentTypes.includes(type) ? "infosec" : "operations";
}

/** The current version of one document type in the agency register, as it stood on the evaluation's day. */
export type EvaluationDocument = RegisterDocumentVersion & {
  /** Valid on `asOf` (started and not expired). */
  valid: boolean;
  section: "infosec" | "operations";
};

/** The figures an evaluation rests on (evaluation-figures.server.ts), stored with it. */
export type EvaluationFigures = {
  period: { from: string; to: string };
  computedAt: string;
  performance: {
    placedBalance: number;
    collected: number;
    recoveryRate: number | null;
    netBack: number;
    recoveryIndex: { value: number; low: number; high: number } | null;
    grade: string | null;
    trend: { month: string; recoveryRate: number | null; collected: number; violationsPer1000Contacts: number | null }[];
  };
  compliance: {
    outboundContacts: number;
    violations: number;
    violationsPer1000Contacts: number | null;
    byRule: { ruleCode: string; count: number; per1000Contacts: number | null }[];
    findingsOpened: number;
    findingsOverdue: number;
    findingsEscalated: number;
    complaints: number;
    complaintsPer1000Accounts: number | null;
    untrainedAgentContacts: number;
    /** Figures added with ADR 035: absent on evaluations drawn up before. */
    upheldComplaintsPer1000Accounts?: number | null;
    noMatchingLogShare?: number | null;
    /** The regulator's public complaints against the agency received in the period (the CFPB's database). */
    publicComplaints?: { total: number; reliefShare: number | null; untimelyShare: number | null; topIssues: { issue: string; count: number }[] };
  };
  /**
   * The register's documents on the lender day the figures were collected (`asOf`), and the required types without a
   * valid one. Absent from figures stored before the register was part of the evaluation.
   */
  documents?: { asOf: string; items: EvaluationDocument[]; missingRequired: string[] };
};
