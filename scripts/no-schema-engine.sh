#!/bin/sh
# Prisma's native schema engine cannot be downloaded on this project's machines (no access to its binary host).
# `prisma generate` does not need it; migrations run through the WebAssembly engine in scripts/migrate.ts.
echo "The native Prisma schema engine is not available here: use 'npm run db:migrate' / 'npm run db:migrate:dev' (scripts/migrate.ts) instead of 'prisma migrate' or 'prisma db'." >&2
exit 1
