import { listAgencyChoices, type AgencyChoice } from "~/agencies/agencies.server";
import { cachedFigures } from "~/cache/figure-cache.server";
import { getPrisma } from "~/db/client.server";

export type FilterOptions = { agencies: AgencyChoice[]; products: string[] };

/** What the filter bar offers: the agencies the user may see and the products on placed accounts. */
export async function listFilterOptions(options: { agencyId?: number }): Promise<FilterOptions> {
  const [agencies, products] = await Promise.all([listAgencyChoices({ agencyId: options.agencyId }), listProducts()]);
  return { agencies, products };
}

/**
 * From the placements' roll-up rather than every account: the same products. Read on every dashboard page, and a
 * DISTINCT over the whole roll-up, so kept per data generation (ADR 040): the roll-ups' rebuild moves it on.
 */
function listProducts(): Promise<string[]> {
  return cachedFigures("filter-products", { scope: "lender", filters: {} }, async () => {
    const rows = await getPrisma().$queryRaw<{ product: string }[]>`SELECT DISTINCT product FROM "MetricPlacementDaily" WHERE product <> '' ORDER BY product LIMIT 200`;
    return rows.map((row) => row.product);
  });
}
