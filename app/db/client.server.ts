import { PrismaPg } from "@prisma/adapter-pg";
import { currentDatabaseUrl } from "~/env.server";
import { PrismaClient } from "~/generated/prisma/client";
import { parseDatabaseUrl } from "./database-url";

// One client per process. It is created on first use, not at import, because boot decides the database URL
// (DATABASE_URL or the embedded server) before the app's modules run. Kept on globalThis so Vite's dev-mode
// module reloads do not open a new pool on every edit.
const globalForPrisma = globalThis as unknown as { __oversightPrisma?: PrismaClient };

export function getPrisma(): PrismaClient {
  if (!globalForPrisma.__oversightPrisma) {
    // Prisma names the schema in its own queries; raw SQL ($queryRaw) finds the tables through the search_path.
    const connection = parseDatabaseUrl(currentDatabaseUrl());
    const adapter = new PrismaPg({ connectionString: connection.connectionString, options: connection.options || undefined }, { schema: connection.schema });
    globalForPrisma.__oversightPrisma = new PrismaClient({ adapter });
  }
  return globalForPrisma.__oversightPrisma;
}

export async function disconnectPrisma(): Promise<void> {
  await globalForPrisma.__oversightPrisma?.$disconnect();
  globalForPrisma.__oversightPrisma = undefined;
}
