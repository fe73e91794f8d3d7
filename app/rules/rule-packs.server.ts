// Rule packs in the database: versioned parameters per family ("cn", "us", or a family compliance creates), the
// lender's default family, and which family judges each agency. A published version is never edited: a change is
// a new DRAFT version that is published in turn, and the one it replaces is ARCHIVED, not deleted, because stored
// violations point at the version that judged them and auditors ask "which rules were in force, set by whom".
import { logAccess } from "~/audit/log-access.server";
import { getPrisma } from "~/db/client.server";
import { lockForPrismaTransaction, locks } from "~/db/pg.server";
import type { Prisma } from "~/generated/prisma/client";
import type { RulePackStatus } from "~/generated/prisma/enums";
import { chinaPack, parseRulePackParameters, usRegFPack, type RulePackParameters } from "./rule-pack";
import type { EvaluationPack } from "./types";

export const DEFAULT_PACK_SETTING_KEY = "rules.defaultPackCode";
/** The family used when the setting is missing or unreadable: the product's first market. */
export const FALLBACK_PACK_CODE = "cn";

const builtInPacks = [
  { code: "cn", name: "China: GB/T 45251-2025 and CBA collection guideline", parameters: chinaPack },
  { code: "us", name: "US: Regulation F (12 CFR 1006)", parameters: usRegFPack },
] as const;

const packCodePattern = /^[a-z][a-z0-9_-]{0,31}$/;
const MAX_CHANGE_NOTE = 2000;
const MAX_NAME = 200;

export type RulePackAdminErrorReason = "UNKNOWN_AGENCY" | "UNKNOWN_PACK" | "UNKNOWN_VERSION" | "NOT_A_DRAFT" | "INVALID_CODE" | "INVALID_CHANGE_NOTE" | "INVALID_NAME";

/** A request the rule-pack administration refuses; `reason` is stable, for mapping to translated messages. */
export class RulePackAdminError extends Error {
  override readonly name = "RulePackAdminError";
  constructor(
    readonly reason: RulePackAdminErrorReason,
    message: string,
  ) {
    super(message);
  }
}

export type RulePackVersion = {
  id: number;
  code: string;
  version: number;
  name: string;
  status: RulePackStatus;
  /** As stored; valid for the schema of the time it was written (parse with parseRulePackParameters to use it). */
  parameters: unknown;
  changeNote: string | null;
  createdById: number | null;
  createdByName: string | null;
  createdAt: string;
  publishedAt: string | null;
};


/**
 * Creates version 1 of the built-in families and the default-family setting when they are missing; never touches
 * what exists (an administrator may have published later versions or chosen another default). Safe to run at
 * every boot and from several processes at once: both inserts are ON CONFLICT DO NOTHING.
 */
export async function ensureDefaultRulePacks(): Promise<void> {
  const prisma = getPrisma();
  const now = new Date();
  await prisma.rulePack.createMany({
    data: builtInPacks.map((pack) => ({
      code: pack.code,
      version: 1,
      name: pack.name,
      status: "PUBLISHED" as const,
      parameters: pack.parameters as unknown as Prisma.InputJsonValue,
      changeNote: "Built-in pack shipped with the product.",
      publishedAt: now,
    })),
    skipDuplicates: true,
  });
  await prisma.setting.createMany({ data: [{ key: DEFAULT_PACK_SETTING_KEY, value: FALLBACK_PACK_CODE }], skipDuplicates: true });
}

export async function getDefaultPackCode(): Promise<string> {
  const setting = await getPrisma().setting.findUnique({ where: { key: DEFAULT_PACK_SETTING_KEY } });
  return typeof setting?.value === "string" && setting.value !== "" ? setting.value : FALLBACK_PACK_CODE;
}

async function requirePublished(code: string): Promise<void> {
  const published = await getPrisma().rulePack.findFirst({ where: { code, status: "PUBLISHED" }, select: { id: true } });
  if (!published) throw new RulePackAdminError("UNKNOWN_PACK", `No published rule pack with code "${code}".`);
}

/** The family that judges every agency without one of its own. Only a family with a published version is accepted. */
export async function setDefaultPackCode(code: string, userId: number | null): Promise<void> {
  await requirePublished(code);
  await getPrisma().setting.upsert({
    where: { key: DEFAULT_PACK_SETTING_KEY },
    create: { key: DEFAULT_PACK_SETTING_KEY, value: code, updatedById: userId },
    update: { value: code, updatedById: userId },
  });
}

export type RulePackAssignment = { agencyId: number; agencyCode: string; previousPackCode: string | null; packCode: string | null };

/**
 * Sets the family that judges an agency (null: the lender's default). Existing violations are not re-judged here:
 * run the evaluation for the agency's accounts (or a full run) afterwards. Logged as an agency change.
 */
export async function assignRulePack(agencyCode: string, packCode: string | null, options: { userId?: number | null; request?: Request } = {}): Promise<RulePackAssignment> {
  const prisma = getPrisma();
  const agency = await prisma.agency.findUnique({ where: { code: agencyCode }, select: { id: true, code: true, rulePackCode: true } });
  if (!agency) throw new RulePackAdminError("UNKNOWN_AGENCY", `No agency with code "${agencyCode}".`);
  if (packCode !== null) await requirePublished(packCode);
  if (agency.rulePackCode !== packCode) {
    await prisma.agency.update({ where: { id: agency.id }, data: { rulePackCode: packCode } });
    await logAccess({
      userId: options.userId ?? null,
      action: "RULE_PACK_ASSIGNED",
      resourceType: "Agency",
      resourceId: agency.id,
      detail: { agencyCode: agency.code, from: agency.rulePackCode, to: packCode },
      request: options.request,
    });
  }
  return { agencyId: agency.id, agencyCode: agency.code, previousPackCode: agency.rulePackCode, packCode };
}

/**
 * The latest PUBLISHED version of every family, parameters parsed. Each call returns new objects, shared by every
 * agency of a family within that call, so one evaluation compiles each pack's lexicons and patterns once.
 * Throws RulePackError when a stored version no longer matches the parameter schema, rather than judge with a
 * partly understood pack.
 */
export async function loadPublishedPacks(): Promise<Map<string, EvaluationPack>> {
  const rows = await getPrisma().rulePack.findMany({
    where: { status: "PUBLISHED" },
    orderBy: [{ code: "asc" }, { version: "desc" }],
    select: { id: true, code: true, version: true, parameters: true },
  });
  const packs = new Map<string, EvaluationPack>();
  for (const row of rows) {
    if (packs.has(row.code)) continue;
    packs.set(row.code, { id: row.id, code: row.code, version: row.version, parameters: parseRulePackParameters(row.parameters) });
  }
  return packs;
}

const versionSelect = {
  id: true,
  code: true,
  version: true,
  name: true,
  status: true,
  parameters: true,
  changeNote: true,
  createdById: true,
  createdAt: true,
  publishedAt: true,
  createdBy: { select: { name: true } },
} as const satisfies Prisma.RulePackSelect;

function toVersion(row: Prisma.RulePackGetPayload<{ select: typeof versionSelect }>): RulePackVersion {
  return {
    id: row.id,
    code: row.code,
    version: row.version,
    name: row.name,
    status: row.status,
    parameters: row.parameters,
    changeNote: row.changeNote,
    createdById: row.createdById,
    createdByName: row.createdBy?.name ?? null,
    createdAt: row.createdAt.toISOString(),
    publishedAt: row.publishedAt?.toISOString() ?? null,
  };
}

/** Every version of a family, newest first: the change history. */
export async function listRulePackVersions(code: string): Promise<RulePackVersion[]> {
  const rows = await getPrisma().rulePack.findMany({ where: { code }, orderBy: { version: "desc" }, select: versionSelect });
  return rows.map(toVersion);
}

function checkChangeNote(note: string): string {
  const changeNote = note.trim();
  if (changeNote === "" || changeNote.length > MAX_CHANGE_NOTE) {
    throw new RulePackAdminError("INVALID_CHANGE_NOTE", `A change note is required (at most ${MAX_CHANGE_NOTE} characters).`);
  }
  return changeNote;
}

async function lockFamily(tx: Prisma.TransactionClient, code: string): Promise<void> {
  await lockForPrismaTransaction(tx, locks.rulePackFamily(code));
}

/**
 * A new DRAFT version of a family (a new family when the code is new). Parameters are validated and stored in
 * their parsed form; throws RulePackError listing every problem. The version number is the family's highest + 1,
 * taken under a per-family lock so two editors cannot get the same number.
 */
export async function createRulePackDraft(input: {
  code: string;
  parameters: unknown;
  changeNote: string;
  userId: number | null;
  /** Defaults to the name of the family's latest version (the code for a new family). */
  name?: string;
}): Promise<RulePackVersion> {
  if (!packCodePattern.test(input.code)) {
    throw new RulePackAdminError("INVALID_CODE", `Rule pack code "${input.code}" must be 1–32 lower-case letters, digits, "_" or "-", starting with a letter.`);
  }
  const changeNote = checkChangeNote(input.changeNote);
  const name = input.name?.trim();
  if (name !== undefined && (name === "" || name.length > MAX_NAME)) {
    throw new RulePackAdminError("INVALID_NAME", `A rule pack name must be 1–${MAX_NAME} characters.`);
  }
  const parameters: RulePackParameters = parseRulePackParameters(input.parameters);
  const row = await getPrisma().$transaction(async (tx) => {
    await lockFamily(tx, input.code);
    const latest = await tx.rulePack.findFirst({ where: { code: input.code }, orderBy: { version: "desc" }, select: { version: true, name: true } });
    return tx.rulePack.create({
      data: {
        code: input.code,
        version: (latest?.version ?? 0) + 1,
        name: name ?? latest?.name ?? input.code,
        status: "DRAFT",
        parameters: parameters as unknown as Prisma.InputJsonValue,
        changeNote,
        createdById: input.userId,
      },
      select: versionSelect,
    });
  });
  return toVersion(row);
}

/**
 * DRAFT → PUBLISHED; the family's previously published version becomes ARCHIVED in the same transaction, so a family
 * never has two published versions nor none in between. Who published is written to the access log (the RulePack
 * row records only who created the version). Violations are not re-judged here: run a full evaluation afterwards.
 */
export async function publishRulePack(id: number, userId: number | null, options: { changeNote?: string } = {}): Promise<RulePackVersion> {
  const prisma = getPrisma();
  const noteGiven = options.changeNote === undefined ? undefined : checkChangeNote(options.changeNote);
  const row = await prisma.$transaction(async (tx) => {
    const draft = await tx.rulePack.findUnique({ where: { id }, select: { code: true } });
    if (!draft) throw new RulePackAdminError("UNKNOWN_VERSION", `No rule pack version with id ${id}.`);
    await lockFamily(tx, draft.code);
    // Read again under the lock: another publisher may have got there first.
    const current = await tx.rulePack.findUniqueOrThrow({ where: { id }, select: { code: true, version: true, status: true, changeNote: true } });
    if (current.status !== "DRAFT") {
      throw new RulePackAdminError("NOT_A_DRAFT", `Rule pack ${current.code} v${current.version} is ${current.status}; only a DRAFT can be published.`);
    }
    // A draft may be saved without a note while it is being worked on; what is in force must say why it changed.
    const changeNote = noteGiven ?? checkChangeNote(current.changeNote ?? "");
    const previous = await tx.rulePack.findMany({ where: { code: current.code, status: "PUBLISHED" }, select: { id: true } });
    await tx.rulePack.updateMany({ where: { code: current.code, status: "PUBLISHED" }, data: { status: "ARCHIVED" } });
    const published = await tx.rulePack.update({ where: { id }, data: { status: "PUBLISHED", publishedAt: new Date(), changeNote }, select: versionSelect });
    // Written with the transaction's client so the record of who published cannot be lost while the change stays.
    await tx.accessLog.create({
      data: {
        userId,
        action: "RULE_PACK_PUBLISHED",
        resourceType: "RulePack",
        resourceId: String(id),
        detail: { code: current.code, version: current.version, archivedIds: previous.map((pack) => pack.id) },
      },
    });
    return published;
  });
  return toVersion(row);
}

// ---------------------------------------------------------------------------------------------------------------
// The rules pages: a family's working draft, and the overview of families, publishers and assignments

/**
 * Saves the editor's parameters as the family's working draft: the newest version when it is a DRAFT (edited in
 * place, so saving often does not pile up versions), otherwise a new DRAFT version. The note may still be empty;
 * publishing requires one. Whoever saved last is recorded as the draft's author. Throws RulePackError listing every
 * problem, before anything is written.
 */
export async function saveRulePackDraft(input: { code: string; parameters: unknown; changeNote?: string | null; userId: number | null }): Promise<RulePackVersion> {
  const parameters = parseRulePackParameters(input.parameters);
  const note = input.changeNote?.trim() ?? "";
  if (note.length > MAX_CHANGE_NOTE) throw new RulePackAdminError("INVALID_CHANGE_NOTE", `A change note has at most ${MAX_CHANGE_NOTE} characters.`);
  const row = await getPrisma().$transaction(async (tx) => {
    await lockFamily(tx, input.code);
    const latest = await tx.rulePack.findFirst({ where: { code: input.code }, orderBy: { version: "desc" }, select: { id: true, version: true, name: true, status: true } });
    if (!latest) throw new RulePackAdminError("UNKNOWN_PACK", `No rule pack with code "${input.code}".`);
    const data = { parameters: parameters as unknown as Prisma.InputJsonValue, changeNote: note === "" ? null : note, createdById: input.userId };
    if (latest.status === "DRAFT") return tx.rulePack.update({ where: { id: latest.id }, data, select: versionSelect });
    return tx.rulePack.create({ data: { ...data, code: input.code, version: latest.version + 1, name: latest.name, status: "DRAFT" }, select: versionSelect });
  });
  return toVersion(row);
}

export type RulePackEditorState = {
  code: string;
  name: string;
  published: RulePackVersion | null;
  /** The working draft: the newest version when it is a DRAFT. */
  draft: RulePackVersion | null;
};

/** What the draft editor starts from; null for an unknown family. */
export async function getRulePackEditorState(code: string): Promise<RulePackEditorState | null> {
  const rows = await getPrisma().rulePack.findMany({ where: { code, status: { in: ["DRAFT", "PUBLISHED"] } }, orderBy: { version: "desc" }, select: versionSelect });
  const newest = await getPrisma().rulePack.findFirst({ where: { code }, orderBy: { version: "desc" }, select: { id: true, name: true } });
  if (!newest) return null;
  const published = rows.find((row) => row.status === "PUBLISHED");
  const draft = rows[0]?.id === newest.id && rows[0].status === "DRAFT" ? rows[0] : undefined;
  return { code, name: newest.name, published: published ? toVersion(published) : null, draft: draft ? toVersion(draft) : null };
}

export type RulePackFamily = {
  code: string;
  name: string;
  isDefault: boolean;
  publishedVersion: number | null;
  publishedAt: string | null;
  /** From the access log entry written when the version was published. */
  publishedByName: string | null;
  draftVersion: number | null;
  /** Agencies judged by the family: assigned to it, or on the default while it is the default. */
  agencies: { code: string; name: string; explicit: boolean }[];
};

export type RulePackOverview = {
  defaultPackCode: string;
  families: RulePackFamily[];
  agencies: { id: number; code: string; name: string; active: boolean; rulePackCode: string | null }[];
};

export async function getRulePackOverview(): Promise<RulePackOverview> {
  const prisma = getPrisma();
  const [rows, defaultPackCode, agencies] = await Promise.all([
    prisma.rulePack.findMany({ orderBy: [{ code: "asc" }, { version: "desc" }], select: { id: true, code: true, version: true, name: true, status: true, publishedAt: true } }),
    getDefaultPackCode(),
    prisma.agency.findMany({ orderBy: { code: "asc" }, select: { id: true, code: true, name: true, active: true, rulePackCode: true } }),
  ]);
  const publishedIds = rows.filter((row) => row.status === "PUBLISHED").map((row) => String(row.id));
  const publications = await prisma.accessLog.findMany({
    where: { action: "RULE_PACK_PUBLISHED", resourceType: "RulePack", resourceId: { in: publishedIds } },
    orderBy: { id: "desc" },
    select: { resourceId: true, user: { select: { name: true } } },
  });
  const publisherOf = new Map<string, string | null>();
  for (const entry of publications) if (entry.resourceId && !publisherOf.has(entry.resourceId)) publisherOf.set(entry.resourceId, entry.user?.name ?? null);

  const families = new Map<string, RulePackFamily>();
  for (const row of rows) {
    let family = families.get(row.code);
    if (!family) {
      family = { code: row.code, name: row.name, isDefault: row.code === defaultPackCode, publishedVersion: null, publishedAt: null, publishedByName: null, draftVersion: null, agencies: [] };
      families.set(row.code, family);
    }
    if (row.status === "PUBLISHED" && family.publishedVersion === null) {
      family.publishedVersion = row.version;
      family.publishedAt = row.publishedAt?.toISOString() ?? null;
      family.publishedByName = publisherOf.get(String(row.id)) ?? null;
    }
    if (row.status === "DRAFT" && family.draftVersion === null && family.publishedVersion === null) family.draftVersion = row.version;
  }
  for (const agency of agencies) {
    // Mirrors loadEvaluationContext: an assignment to a family without a published version falls back to the default.
    const assigned = agency.rulePackCode !== null && families.get(agency.rulePackCode)?.publishedVersion != null ? agency.rulePackCode : null;
    families.get(assigned ?? defaultPackCode)?.agencies.push({ code: agency.code, name: agency.name, explicit: assigned !== null });
  }
  return { defaultPackCode, families: [...families.values()], agencies };
}
