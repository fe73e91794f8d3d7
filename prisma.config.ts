import path from "node:path";
import { defineConfig } from "prisma/config";

// The native schema engine cannot be downloaded here (see docs/decisions/003-prisma-offline.md).
// `??=` keeps an explicitly empty value meaningful: set PRISMA_SCHEMA_ENGINE_BINARY="" on a machine
// with internet access to get Prisma's normal download back.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve(import.meta.dirname, "scripts/no-schema-engine.sh");

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
