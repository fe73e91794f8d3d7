import { getPrisma } from "~/db/client.server";
import type { ImportKind } from "~/generated/prisma/enums";
import { mappingProfileSchemaFor, type MappingProfile } from "../rows/mapping";

export type StoredMappingProfile = { id: number; agencyId: number | null; kind: ImportKind; name: string; profile: MappingProfile; updatedAt: string };

export async function getMappingProfile(id: number): Promise<StoredMappingProfile | null> {
  const row = await getPrisma().mappingProfile.findUnique({ where: { id } });
  if (!row) return null;
  return {
    id: row.id,
    agencyId: row.agencyId,
    kind: row.kind,
    name: row.name,
    // Stored profiles were validated when saved; parsing again guards against hand-edited rows.
    profile: mappingProfileSchemaFor(row.kind).parse({ columnMap: row.columnMap, valueMap: row.valueMap, dateFormat: row.dateFormat, timeZone: row.timeZone }),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function findMappingProfileByName(options: { agencyId: number | null; kind: ImportKind; name: string }): Promise<StoredMappingProfile | null> {
  const row = await getPrisma().mappingProfile.findFirst({ where: { agencyId: options.agencyId, kind: options.kind, name: options.name }, select: { id: true } });
  return row ? getMappingProfile(row.id) : null;
}

export async function listMappingProfiles(options: { agencyId?: number | null; kind?: ImportKind }): Promise<StoredMappingProfile[]> {
  const rows = await getPrisma().mappingProfile.findMany({
    where: { ...(options.agencyId === undefined ? {} : { agencyId: options.agencyId }), ...(options.kind ? { kind: options.kind } : {}) },
    orderBy: [{ kind: "asc" }, { name: "asc" }],
    select: { id: true },
  });
  const profiles = await Promise.all(rows.map((row) => getMappingProfile(row.id)));
  return profiles.filter((profile): profile is StoredMappingProfile => profile !== null);
}

export type SaveMappingProfileResult = { status: "saved"; id: number } | { status: "invalid"; issues: string[] };

/** Creates or replaces the agency's profile of that kind and name. */
export async function saveMappingProfile(options: { agencyId: number | null; kind: ImportKind; name: string; profile: unknown }): Promise<SaveMappingProfileResult> {
  const name = options.name.trim();
  if (name === "" || name.length > 100) return { status: "invalid", issues: ["name: must be 1 to 100 characters"] };
  const parsed = mappingProfileSchemaFor(options.kind).safeParse(options.profile);
  if (!parsed.success) return { status: "invalid", issues: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) };
  const prisma = getPrisma();
  const data = { columnMap: parsed.data.columnMap, valueMap: parsed.data.valueMap, dateFormat: parsed.data.dateFormat ?? null, timeZone: parsed.data.timeZone ?? null };
  const existing = await prisma.mappingProfile.findFirst({ where: { agencyId: options.agencyId, kind: options.kind, name }, select: { id: true } });
  if (existing) {
    await prisma.mappingProfile.update({ where: { id: existing.id }, data });
    return { status: "saved", id: existing.id };
  }
  const created = await prisma.mappingProfile.create({ data: { agencyId: options.agencyId, kind: options.kind, name, ...data } });
  return { status: "saved", id: created.id };
}

/** How many import batches were run with each profile (profiles no batch used are absent). */
export async function countBatchesByMappingProfile(profileIds: readonly number[]): Promise<Map<number, number>> {
  if (profileIds.length === 0) return new Map();
  const groups = await getPrisma().importBatch.groupBy({ by: ["mappingProfileId"], where: { mappingProfileId: { in: [...profileIds] } }, _count: { _all: true } });
  return new Map(groups.flatMap((group) => (group.mappingProfileId === null ? [] : [[group.mappingProfileId, group._count._all] as const])));
}

export type RenameMappingProfileResult = { status: "renamed"; name: string } | { status: "invalid" } | { status: "taken" } | { status: "not-found" };

/** Renames a profile; the name stays unique per agency and kind. Batches keep pointing at it, so they show the new name. */
export async function renameMappingProfile(options: { id: number; name: string }): Promise<RenameMappingProfileResult> {
  const name = options.name.trim();
  if (name === "" || name.length > 100) return { status: "invalid" };
  const prisma = getPrisma();
  const profile = await prisma.mappingProfile.findUnique({ where: { id: options.id }, select: { agencyId: true, kind: true, name: true } });
  if (!profile) return { status: "not-found" };
  if (profile.name === name) return { status: "renamed", name };
  const clash = await prisma.mappingProfile.findFirst({ where: { agencyId: profile.agencyId, kind: profile.kind, name, NOT: { id: options.id } }, select: { id: true } });
  if (clash) return { status: "taken" };
  await prisma.mappingProfile.update({ where: { id: options.id }, data: { name } });
  return { status: "renamed", name };
}

export type DeleteMappingProfileResult = { status: "deleted"; name: string; batchesKept: number } | { status: "not-found" };

/**
 * Deletes a profile. Batches that used it are history and stay exactly as they are (rows, rejected rows, summary);
 * their link to the profile is cleared and the profile's name is written into their source details, so the batch page
 * still says which profile read the file, marked as deleted.
 */
export async function deleteMappingProfile(id: number): Promise<DeleteMappingProfileResult> {
  return getPrisma().$transaction(async (tx) => {
    const profile = await tx.mappingProfile.findUnique({ where: { id }, select: { name: true } });
    if (!profile) return { status: "not-found" } as const;
    const batchesKept = await tx.$executeRaw`
      UPDATE "ImportBatch"
         SET "sourceDetails" = COALESCE("sourceDetails", '{}'::jsonb) || jsonb_build_object('deletedMappingProfile', ${profile.name}::text),
             "mappingProfileId" = NULL
       WHERE "mappingProfileId" = ${id}`;
    await tx.mappingProfile.delete({ where: { id } });
    return { status: "deleted", name: profile.name, batchesKept } as const;
  });
}
