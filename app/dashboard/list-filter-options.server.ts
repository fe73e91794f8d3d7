import { listAgencyChoices, type AgencyChoice } from "~/agencies/agencies.server";
import { getPrisma } from "~/db/client.server";

export type FilterOptions = { agencies: AgencyChoice[]; products: string[] };

/** What the filter bar offers: the agencies the user may see and the products on placed accounts. */
export async function listFilterOptions(options: { agencyId?: number }): Promise<FilterOptions> {
  const [agencies, products] = await Promise.all([
    listAgencyChoices({ agencyId: options.agencyId }),
    // From the placements' roll-up (a few thousand rows) rather than every account: same products, read on every page.
    getPrisma().$queryRaw<{ product: string }[]>`SELECT DISTINCT product FROM "MetricPlacementDaily" WHERE product <> '' ORDER BY product LIMIT 200`,
  ]);
  return { agencies, products: products.map((row) => row.product) };
}
