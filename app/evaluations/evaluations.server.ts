// Agency evaluations (ADR 031): drafts filled from the period's figures, edited by vendor managers and compliance,
// signed by one vendor manager and one compliance officer. The second signature freezes the evaluation in one
// transaction: its workbook is rendered from the stored record and kept with its SHA-256, and each condition of a
// "renew with conditions" decision becomes a finding (app/findings). Nothing of a signed evaluation changes afterwards.
import { existsSync } from "node:fs";
import { getPrisma } from "~/db/client.server";
import { getEnv } from "~/env.server";
import { actorFromUser, raiseFindingByRules } from "~/findings/findings.server";
import { dayInZone } from "~/findings/finding-dates";
import type { EvaluationDecision, EvaluationStatus, Role } from "~/generated/prisma/enums";
import { getSetting } from "~/settings/settings.server";
import { evaluationDue, type DueReason } from "./evaluation-due";
import { collectEvaluationFigures, type EvaluationFigures } from "./evaluation-figures.server";
import { emptySections, evaluationEditSchema, signingProblems, type EvaluationCondition, type EvaluationEdit, type EvaluationSections } from "./evaluation-input";
import { renderEvaluationPdf } from "./evaluation-pdf";
import { parsePdfFont } from "./pdf-font";
import { renderEvaluationWorkbook, type SignedEvaluationRecord } from "./evaluation-workbook";

export type EvaluationViewer = { id: number; role: Role; agencyId: number | null };

export class EvaluationError extends Error {
  constructor(
    readonly code: "NOT_FOUND" | "FORBIDDEN" | "INVALID" | "CONFLICT",
    /** i18n keys. */
    readonly problems: string[] = [],
  ) {
    super(`${code}${problems.length > 0 ? `: ${problems.join(", ")}` : ""}`);
  }
}

const lenderEditors: readonly Role[] = ["ADMIN", "VENDOR_MANAGER", "COMPLIANCE"];
/** The role each signature belongs to: sign-off needs one of each, so no single person can sign both. */
const signatureOf: Partial<Record<Role, "vendor" | "compliance">> = { VENDOR_MANAGER: "vendor", COMPLIANCE: "compliance" };

export type EvaluationSummary = {
  id: number;
  agencyId: number;
  agencyCode: string;
  periodFrom: string;
  periodTo: string;
  status: EvaluationStatus;
  overallRating: number | null;
  decision: EvaluationDecision | null;
  vendorSignedAt: string | null;
  complianceSignedAt: string | null;
};

export type EvaluationDetail = EvaluationSummary & {
  agencyName: string;
  figures: EvaluationFigures;
  sections: EvaluationSections;
  conditions: EvaluationCondition[];
  conditionFindingIds: number[];
  /** null for an AGENCY viewer unless the notes were shared. */
  lenderNotes: string | null;
  notesShared: boolean;
  vendorSigner: string | null;
  complianceSigner: string | null;
  workbookSha256: string | null;
  /** null when the PDF font was not installed at signing: the workbook is then the only file. */
  pdfSha256: string | null;
  version: number;
};

export type AgencyDueRow = {
  agencyId: number;
  agencyCode: string;
  agencyName: string;
  reasons: DueReason[];
  dueSince: string | null;
  annualDueOn: string | null;
  /** The register's contract end and renewal notice period (the default when the profile has none). */
  contract: { endsOn: string; noticeDays: number; noticeFrom: string } | null;
  lastSignedOn: string | null;
};

const day = (date: Date | null) => (date === null ? null : date.toISOString().slice(0, 10));
const dateOf = (text: string) => new Date(`${text}T00:00:00Z`);

const include = { agency: { select: { code: true, name: true } }, vendorSigner: { select: { name: true } }, complianceSigner: { select: { name: true } } } as const;

type Row = NonNullable<Awaited<ReturnType<typeof findRow>>>;

function findRow(id: number) {
  return getPrisma().agencyEvaluation.findUnique({ where: { id }, include });
}

function summaryOf(row: Row): EvaluationSummary {
  return {
    id: row.id,
    agencyId: row.agencyId,
    agencyCode: row.agency.code,
    periodFrom: day(row.periodFrom) ?? "",
    periodTo: day(row.periodTo) ?? "",
    status: row.status,
    overallRating: row.overallRating,
    decision: row.decision,
    vendorSignedAt: row.vendorSignedAt?.toISOString() ?? null,
    complianceSignedAt: row.complianceSignedAt?.toISOString() ?? null,
  };
}

function detailOf(row: Row, viewer: EvaluationViewer): EvaluationDetail {
  const lender = viewer.role !== "AGENCY";
  return {
    ...summaryOf(row),
    agencyName: row.agency.name,
    figures: row.figures as EvaluationFigures,
    sections: row.sections as EvaluationSections,
    conditions: row.conditions as EvaluationCondition[],
    conditionFindingIds: row.conditionFindingIds,
    lenderNotes: lender || row.notesShared ? row.lenderNotes : null,
    notesShared: row.notesShared,
    vendorSigner: row.vendorSigner?.name ?? null,
    complianceSigner: row.complianceSigner?.name ?? null,
    workbookSha256: row.workbookSha256,
    pdfSha256: row.pdfSha256,
    version: row.version,
  };
}

/** AGENCY viewers see their own agency's signed evaluations only; anyone else asking for what they cannot see gets NOT_FOUND. */
async function visibleRow(viewer: EvaluationViewer, id: number): Promise<Row> {
  const row = await findRow(id);
  if (!row) throw new EvaluationError("NOT_FOUND");
  if (viewer.role === "AGENCY" && (row.agencyId !== viewer.agencyId || row.status !== "SIGNED")) throw new EvaluationError("NOT_FOUND");
  return row;
}

function requireEditor(viewer: EvaluationViewer): void {
  if (!lenderEditors.includes(viewer.role)) throw new EvaluationError("FORBIDDEN");
}

export async function listEvaluations(viewer: EvaluationViewer, options: { agencyId?: number } = {}): Promise<EvaluationSummary[]> {
  const scoped = viewer.role === "AGENCY";
  const rows = await getPrisma().agencyEvaluation.findMany({
    where: scoped ? { agencyId: viewer.agencyId ?? -1, status: "SIGNED" } : options.agencyId ? { agencyId: options.agencyId } : {},
    include,
    orderBy: [{ periodTo: "desc" }, { id: "desc" }],
  });
  return rows.map(summaryOf);
}

export async function getEvaluation(viewer: EvaluationViewer, id: number): Promise<EvaluationDetail> {
  return detailOf(await visibleRow(viewer, id), viewer);
}

/** Agencies due for an evaluation on `now`'s lender day (lender roles only). */
export async function listAgenciesDue(viewer: EvaluationViewer, now: Date): Promise<AgencyDueRow[]> {
  requireEditor(viewer);
  const prisma = getPrisma();
  const [agencies, signed, timeZone] = await Promise.all([
    prisma.agency.findMany({
      where: { active: true },
      select: { id: true, code: true, name: true, contractEnd: true, profile: { select: { renewalNoticeDays: true } } },
      orderBy: { code: "asc" },
    }),
    prisma.agencyEvaluation.groupBy({ by: ["agencyId"], where: { status: "SIGNED" }, _max: { periodTo: true } }),
    getSetting("lender.timeZone"),
  ]);
  const today = dayInZone(now, timeZone);
  const lastSigned = new Map(signed.map((row) => [row.agencyId, day(row._max.periodTo)]));
  const rows: AgencyDueRow[] = [];
  for (const agency of agencies) {
    const lastSignedOn = lastSigned.get(agency.id) ?? null;
    const due = evaluationDue({ agencyId: agency.id, lastSignedOn, contractEnd: day(agency.contractEnd), noticeDays: agency.profile?.renewalNoticeDays ?? null }, today);
    if (due) rows.push({ agencyId: agency.id, agencyCode: agency.code, agencyName: agency.name, reasons: due.reasons, dueSince: due.dueSince, annualDueOn: due.annualDueOn, contract: due.contract, lastSignedOn });
  }
  return rows;
}

export async function createEvaluation(input: { agencyId: number; from: string; to: string }, viewer: EvaluationViewer, now: Date): Promise<number> {
  requireEditor(viewer);
  if (!(input.from <= input.to)) throw new EvaluationError("INVALID", ["evaluations.validation.periodOrder"]);
  const agency = await getPrisma().agency.findUnique({ where: { id: input.agencyId }, select: { id: true } });
  if (!agency) throw new EvaluationError("INVALID", ["validation.invalidChoice"]);
  const figures = await collectEvaluationFigures({ agencyId: input.agencyId, from: input.from, to: input.to, now });
  const created = await getPrisma().agencyEvaluation.create({
    data: { agencyId: input.agencyId, periodFrom: dateOf(input.from), periodTo: dateOf(input.to), figures, sections: emptySections(), createdById: viewer.id },
  });
  return created.id;
}

/**
 * Saves a draft's sections, rating, decision, conditions and notes, and recomputes its figures. Any signature already
 * given is withdrawn: a signer signs what they read. `version` guards against overwriting someone else's save.
 */
export async function updateEvaluation(id: number, edit: unknown, version: number, viewer: EvaluationViewer, now: Date): Promise<void> {
  requireEditor(viewer);
  const parsed = evaluationEditSchema.safeParse(edit);
  if (!parsed.success) throw new EvaluationError("INVALID", [...new Set(parsed.error.issues.map((issue) => issue.message))]);
  const row = await visibleRow(viewer, id);
  if (row.status !== "DRAFT") throw new EvaluationError("CONFLICT", ["evaluations.error.signed"]);
  const figures = await collectEvaluationFigures({ agencyId: row.agencyId, from: day(row.periodFrom) ?? "", to: day(row.periodTo) ?? "", now });
  const data = parsed.data;
  const updated = await getPrisma().agencyEvaluation.updateMany({
    where: { id, status: "DRAFT", version },
    data: {
      figures,
      sections: data.sections,
      overallRating: data.overallRating,
      decision: data.decision,
      conditions: data.conditions,
      lenderNotes: data.lenderNotes,
      notesShared: data.notesShared,
      vendorSignedById: null,
      vendorSignedAt: null,
      complianceSignedById: null,
      complianceSignedAt: null,
      version: { increment: 1 },
    },
  });
  if (updated.count === 0) throw new EvaluationError("CONFLICT", ["evaluations.error.changed"]);
}

function editOf(row: Row): EvaluationEdit {
  return {
    sections: row.sections as EvaluationSections,
    overallRating: row.overallRating,
    decision: row.decision,
    conditions: row.conditions as EvaluationCondition[],
    lenderNotes: row.lenderNotes,
    notesShared: row.notesShared,
  };
}

export type SignOutcome = { status: "signed-once" | "frozen"; findingIds: number[] };

/**
 * The viewer's signature (a vendor manager's or a compliance officer's, by role). The second one freezes the
 * evaluation: workbook and SHA-256 stored, conditions raised as findings, status SIGNED — all or nothing.
 */
export async function signEvaluation(id: number, version: number, viewer: EvaluationViewer, now: Date): Promise<SignOutcome> {
  const signature = signatureOf[viewer.role];
  if (!signature) throw new EvaluationError("FORBIDDEN");
  const row = await visibleRow(viewer, id);
  if (row.status !== "DRAFT") throw new EvaluationError("CONFLICT", ["evaluations.error.signed"]);
  if (row.version !== version) throw new EvaluationError("CONFLICT", ["evaluations.error.changed"]);
  if ((signature === "vendor" ? row.vendorSignedAt : row.complianceSignedAt) !== null) throw new EvaluationError("CONFLICT", ["evaluations.error.alreadySigned"]);
  const problems = signingProblems(editOf(row));
  // A condition becomes a finding, which rests on the rule's violations in the period: a rule without any cannot carry one.
  const violatedRules = new Set((row.figures as EvaluationFigures).compliance.byRule.filter((rule) => rule.count > 0).map((rule) => rule.ruleCode));
  if ((row.conditions as EvaluationCondition[]).some((condition) => !violatedRules.has(condition.ruleCode))) problems.push("evaluations.validation.conditionRule");
  if (problems.length > 0) throw new EvaluationError("INVALID", problems);
  const prisma = getPrisma();
  const signer = await prisma.user.findUniqueOrThrow({ where: { id: viewer.id }, select: { name: true } });
  const mine = signature === "vendor" ? { vendorSignedById: viewer.id, vendorSignedAt: now } : { complianceSignedById: viewer.id, complianceSignedAt: now };
  const other = signature === "vendor" ? row.complianceSignedAt : row.vendorSignedAt;
  if (other === null) {
    const updated = await prisma.agencyEvaluation.updateMany({ where: { id, status: "DRAFT", version }, data: { ...mine, version: { increment: 1 } } });
    if (updated.count === 0) throw new EvaluationError("CONFLICT", ["evaluations.error.changed"]);
    return { status: "signed-once", findingIds: [] };
  }

  const edit = editOf(row);
  const vendorSigner = signature === "vendor" ? { name: signer.name, at: now.toISOString() } : { name: row.vendorSigner?.name ?? "", at: row.vendorSignedAt?.toISOString() ?? "" };
  const complianceSigner = signature === "compliance" ? { name: signer.name, at: now.toISOString() } : { name: row.complianceSigner?.name ?? "", at: row.complianceSignedAt?.toISOString() ?? "" };
  const record: SignedEvaluationRecord = {
    id: row.id,
    agencyCode: row.agency.code,
    agencyName: row.agency.name,
    periodFrom: day(row.periodFrom) ?? "",
    periodTo: day(row.periodTo) ?? "",
    figures: row.figures as EvaluationFigures,
    sections: edit.sections,
    overallRating: edit.overallRating ?? 0,
    decision: edit.decision ?? "",
    conditions: edit.conditions,
    sharedNotes: edit.notesShared && edit.lenderNotes !== "" ? edit.lenderNotes : null,
    vendorSigner,
    complianceSigner,
  };
  const workbook = await renderEvaluationWorkbook(record);
  const pdf = await renderPdfIfFontInstalled(record);
  // Claimed first, so two simultaneous second signatures cannot both raise the conditions.
  const claimed = await prisma.agencyEvaluation.updateMany({
    where: { id, status: "DRAFT", version },
    data: {
      ...mine,
      status: "SIGNED",
      workbook: new Uint8Array(workbook.bytes),
      workbookSha256: workbook.sha256,
      pdf: pdf ? new Uint8Array(pdf.bytes) : null,
      pdfSha256: pdf?.sha256 ?? null,
      version: { increment: 1 },
    },
  });
  if (claimed.count === 0) throw new EvaluationError("CONFLICT", ["evaluations.error.changed"]);
  const findingIds: number[] = [];
  for (const condition of edit.conditions) {
    const raised = await raiseFindingByRules(
      {
        agencyId: row.agencyId,
        ruleCodes: [condition.ruleCode],
        from: day(row.periodFrom) ?? "",
        to: day(row.periodTo) ?? "",
        title: condition.text,
        description: `Condition of the renewal decided by evaluation #${row.id}.`,
      },
      actorFromUser(viewer),
      now,
    );
    findingIds.push(raised.findingId);
  }
  if (findingIds.length > 0) await prisma.agencyEvaluation.update({ where: { id }, data: { conditionFindingIds: findingIds } });
  return { status: "frozen", findingIds };
}

/** The PDF of the record, set in OVERSIGHT_PDF_FONT; null (workbook only) when that font is not on this machine. */
async function renderPdfIfFontInstalled(record: SignedEvaluationRecord): Promise<{ bytes: Buffer; sha256: string } | null> {
  const font = parsePdfFont(getEnv().OVERSIGHT_PDF_FONT);
  if (!existsSync(font.path)) return null;
  return renderEvaluationPdf(record, font);
}

/** The signed PDF exactly as stored at signing. */
export async function getEvaluationPdf(viewer: EvaluationViewer, id: number): Promise<{ fileName: string; bytes: Uint8Array; sha256: string }> {
  const row = await visibleRow(viewer, id);
  if (row.status !== "SIGNED" || !row.pdf || !row.pdfSha256) throw new EvaluationError("NOT_FOUND");
  return { fileName: `evaluation-${row.agency.code}-${day(row.periodTo) ?? ""}-${row.id}.pdf`, bytes: row.pdf, sha256: row.pdfSha256 };
}

/** The signed workbook exactly as stored at signing. */
export async function getEvaluationWorkbook(viewer: EvaluationViewer, id: number): Promise<{ fileName: string; bytes: Uint8Array; sha256: string }> {
  const row = await visibleRow(viewer, id);
  if (row.status !== "SIGNED" || !row.workbook || !row.workbookSha256) throw new EvaluationError("NOT_FOUND");
  return { fileName: `evaluation-${row.agency.code}-${day(row.periodTo) ?? ""}-${row.id}.xlsx`, bytes: row.workbook, sha256: row.workbookSha256 };
}
