import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { seedDemoOrganisation } from "../app/demo/factories.server";
import { demoAgencies, demoPassword, demoUsers } from "../app/demo/demo-users";
import { prepareDatabase } from "../server/prepare-database";
import { startServer } from "../server/start-server";

// `npm run demo`: builds (in package.json), prepares the database, loads the demo organisation through the
// same domain code as Settings, and serves the production build.
const { values } = parseArgs({
  options: { port: { type: "string", default: process.env.PORT ?? "3000" }, host: { type: "string", default: process.env.HOST ?? "127.0.0.1" } },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`--port must be a port number, got '${values.port}'`);
  process.exit(2);
}
if (!existsSync(path.resolve(import.meta.dirname, "../build/server/index.js"))) {
  console.error("No production build found: run `npm run build` first (npm run demo does it for you).");
  process.exit(2);
}
process.env.NODE_ENV = "production";

const database = await prepareDatabase();
console.log(`Database ready (${database.embedded ? "embedded PostgreSQL" : "DATABASE_URL"}).`);
await seedDemoOrganisation();
console.log(`Demo organisation loaded: ${demoAgencies.length} agencies, ${demoUsers.length} users.`);

const server = await startServer({ mode: "production", port, host: values.host });
const width = Math.max(...demoUsers.map((user) => user.email.length));
console.log(`\nAgency Oversight is running at ${server.url}\n`);
console.log(`Demo sign-ins (demo only; every password is ${demoPassword}):`);
for (const user of demoUsers) console.log(`  ${user.email.padEnd(width)}  ${user.role}${user.agencyCode ? ` (${user.agencyCode})` : ""}`);
console.log("\nPress Ctrl+C to stop.");

let closing = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    server.close().then(() => process.exit(0), () => process.exit(1));
  });
}
