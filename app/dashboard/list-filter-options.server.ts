import { getPrisma } from "~/db/client.server";

export type FilterOptions = { agencies: { id: number; code: string; name: string }[]; products: string[] };

/** What the filter bar offers: the agencies the user may see and the products on placed accounts. */
export async function listFilterOptions(options: { agencyId?: number }): Promise<FilterOptions> {
  const prisma = getPrisma();
  const [agencies, products] = await Promise.all([
    prisma.agency.findMany({ where: options.agencyId === undefined ? {} : { id: options.agencyId }, orderBy: { code: "asc" }, select: { id: true, code: true, name: true } }),
    // From the placements' roll-up (a few thousand rows) rather than every account: same products, read on every page.
    prisma.$queryRaw<{ product: string }[]>`SELECT DISTINCT product FROM "MetricPlacementDaily" WHERE product <> '' ORDER BY product LIMIT 200`,
  ]);
  return { agencies, products: products.map((row) => row.product) };
}
