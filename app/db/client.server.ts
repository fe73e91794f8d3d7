import { PrismaPg } from "@prisma/adapter-pg";
import { currentDatabaseUrl } from "~/env.server";
import { PrismaClient } from "~/generated/prisma/client";

// One client per process. It is created on first use, not at import, because boot decides the database URL
// (DATABASE_URL or the embedded server) before the app's modules run. Kept on globalThis so Vite's dev-mode
// module reloads do not open a new pool on every edit.
const globalForPrisma = globalThis as unknown as { __oversightPrisma?: PrismaClient };

export function getPrisma(): PrismaClient {
  if (!globalForPrisma.__oversightPrisma) {
    globalForPrisma.__oversightPrisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: currentDatabaseUrl() }) });
  }
  return globalForPrisma.__oversightPrisma;
}

export async function disconnectPrisma(): Promise<void> {
  await globalForPrisma.__oversightPrisma?.$disconnect();
  globalForPrisma.__oversightPrisma = undefined;
}
