import { getPrisma } from "~/db/client.server";

export type FilterOptions = { agencies: { id: number; code: string; name: string }[]; products: string[] };

/** What the filter bar offers: the agencies the user may see and the products on placed accounts. */
export async function listFilterOptions(options: { agencyId?: number }): Promise<FilterOptions> {
  const prisma = getPrisma();
  const [agencies, products] = await Promise.all([
    prisma.agency.findMany({ where: options.agencyId === undefined ? {} : { id: options.agencyId }, orderBy: { code: "asc" }, select: { id: true, code: true, name: true } }),
    prisma.$queryRaw<{ product: string }[]>`SELECT DISTINCT product FROM "Account" WHERE product IS NOT NULL ORDER BY product LIMIT 200`,
  ]);
  return { agencies, products: products.map((row) => row.product) };
}
