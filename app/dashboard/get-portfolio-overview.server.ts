import { getPrisma } from "~/db/client.server";

export type PortfolioOverview = {
  agencyCount: number;
  accountsPlaced: number;
  /** One entry per currency: balances in different currencies are never added together. */
  placedBalances: { currency: string; amount: string }[];
  activityEvents: number;
  openViolations: number;
  complaints: number;
  hasData: boolean;
};

/** Counts of what has been imported, limited to one agency when agencyId is given (AGENCY users). */
export async function getPortfolioOverview(options: { agencyId?: number }): Promise<PortfolioOverview> {
  const prisma = getPrisma();
  const byAgency = options.agencyId === undefined ? {} : { agencyId: options.agencyId };
  const [agencyCount, placedAccounts, balances, activityEvents, openViolations, complaints] = await Promise.all([
    prisma.agency.count({ where: options.agencyId === undefined ? { active: true } : { id: options.agencyId } }),
    prisma.placement.findMany({ where: byAgency, distinct: ["accountId"], select: { accountId: true } }).then((rows) => rows.length),
    prisma.placement.groupBy({ by: ["currency"], where: byAgency, _sum: { placedBalance: true }, orderBy: { currency: "asc" } }),
    prisma.activityEvent.count({ where: byAgency }),
    prisma.violation.count({ where: { ...byAgency, status: "OPEN" } }),
    prisma.complaint.count({ where: byAgency }),
  ]);
  return {
    agencyCount,
    accountsPlaced: placedAccounts,
    placedBalances: balances.map((row) => ({ currency: row.currency, amount: row._sum.placedBalance?.toFixed(2) ?? "0.00" })),
    activityEvents,
    openViolations,
    complaints,
    hasData: placedAccounts > 0 || activityEvents > 0,
  };
}
