import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { runExpiryReminders } from "../app/agency-register/expiry-reminders.server";
import { seedDemoDataHealth } from "../app/demo/demo-data-health.server";
import { seedDemoPublicComplaints } from "../app/demo/demo-public-complaints.server";
import { seedDemoEvaluations } from "../app/demo/demo-evaluations.server";
import { seedDemoFindings } from "../app/demo/demo-findings.server";
import { seedDemoPlacementLifeCycle } from "../app/demo/demo-placement-life-cycle.server";
import { seedDemoRegister } from "../app/demo/demo-register.server";
import { seedDemoOrganisation } from "../app/demo/factories.server";
import { seedDemoFeeSchedules, seedDemoStatements } from "../app/demo/demo-money.server";
import { demoAgencies, demoPassword, demoUsers } from "../app/demo/demo-users";
import { DEFAULT_DEMO_SEED, generateDemoPortfolio } from "../app/demo/portfolio/generate-portfolio";
import { hasDemoPortfolio, loadDemoPortfolio } from "../app/demo/portfolio/load-portfolio.server";
import { prepareDatabase } from "../server/prepare-database";
import { startServer } from "../server/start-server";

// `npm run demo`: builds (in package.json), prepares the database, creates the demo organisation through the same
// domain code as Settings, generates a year of portfolio files and imports them through the import pipeline (rule
// evaluation included), then serves the production build. `--scale 0.01` loads a small portfolio in seconds.
const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env.PORT ?? "3000" },
    host: { type: "string", default: process.env.HOST ?? "127.0.0.1" },
    scale: { type: "string", default: "1" },
    seed: { type: "string", default: String(DEFAULT_DEMO_SEED) },
    anchor: { type: "string" },
  },
});
const port = Number(values.port);
const scale = Number(values.scale);
const seed = Number(values.seed);
const anchorDate = values.anchor ? new Date(`${values.anchor}T00:00:00Z`) : new Date();
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`--port must be a port number, got '${values.port}'`);
  process.exit(2);
}
if (!(scale > 0) || !Number.isInteger(seed) || Number.isNaN(anchorDate.getTime())) {
  console.error("--scale must be a positive number, --seed an integer and --anchor a date YYYY-MM-DD");
  process.exit(2);
}
if (!existsSync(path.resolve(import.meta.dirname, "../build/server/index.js"))) {
  console.error("No production build found: run `npm run build` first (npm run demo does it for you).");
  process.exit(2);
}
process.env.NODE_ENV = "production";
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;

const database = await prepareDatabase();
console.log(`Database ready (${database.embedded ? "embedded PostgreSQL" : "DATABASE_URL"}).`);
await seedDemoOrganisation();
console.log(`Demo organisation loaded: ${demoAgencies.length} agencies, ${demoUsers.length} users.`);

if (await hasDemoPortfolio()) {
  console.log("The demo portfolio is already loaded in this database (delete .data/postgres to start over).");
} else {
  const directory = await mkdtemp(path.join(os.tmpdir(), "oversight-demo-files-"));
  try {
    console.log(`Generating the demo portfolio (scale ${scale}, seed ${seed}, 12 months before ${anchorDate.toISOString().slice(0, 7)})…`);
    const files = await generateDemoPortfolio({ seed, scale, outDir: directory, anchorDate, log: (line) => console.log(`  ${line}`) });
    // Fee schedules before the import, so every payment's commission is computed as it arrives.
    const contractSwitch = await seedDemoFeeSchedules({ window: files.window });
    if (contractSwitch) console.log(`  Fee schedules: tiered per agency; CROSSLINE's new contract from ${contractSwitch}.`);
    console.log(`Files written (${elapsed()}); importing them through the import pipeline…`);
    await loadDemoPortfolio({ files, log: (line) => console.log(`  ${line}`) });
    const peakRssMb = Number(/VmHWM:\s+(\d+)/.exec(await import("node:fs").then((fs) => fs.readFileSync("/proc/self/status", "utf8")))?.[1] ?? 0) / 1024;
    console.log(`Demo portfolio ready in ${elapsed()} (peak RSS ${peakRssMb.toFixed(0)} MB): ${files.counts.placements.toLocaleString("en")} placements, ${files.counts.events.toLocaleString("en")} events, ${files.counts.complaints} complaints.`);
    // After the rules and roll-ups: the findings' evidence and figures come from them, with a clock moved through the window.
    const findings = await seedDemoFindings({ window: files.window, now: anchorDate, log: (line) => console.log(`  ${line}`) });
    console.log(`Demo findings ready (${elapsed()}): ${findings.findings.length} worked through the life cycle, ${findings.drafts} automatic drafts.`);
    // The agency register: documents and licences with expiries around the anchor day, then that day's reminders.
    const register = await seedDemoRegister({ now: anchorDate });
    const reminders = await runExpiryReminders(anchorDate);
    console.log(`Demo agency register ready: ${register.documents} documents for ${register.agencies} agencies, ${reminders.sent.length} expiry reminders sent.`);
    await seedDemoEvaluations({ window: files.window, now: anchorDate, log: (line) => console.log(`  ${line}`) });
    await seedDemoDataHealth({ now: anchorDate });
    // The regulator's public complaints against the US agencies, imported as a lender would (ADR 035).
    const publicComplaints = await seedDemoPublicComplaints({ seed, now: anchorDate, directory });
    console.log(`Demo CFPB public complaints: ${publicComplaints.acceptedRows} imported, ${publicComplaints.skippedRows} other products skipped, ${publicComplaints.otherCompanyRows} not one of the agencies.`);
    // Placement terms, agencies' acknowledgments, recall reasons and the paid-in-full recalls (ADR 039).
    await seedDemoPlacementLifeCycle({ now: anchorDate, log: (line) => console.log(`  Placement life cycle: ${line}`) });
    const statements = await seedDemoStatements({ window: files.window });
    if (statements) console.log(`Demo commission statements: #${statements.finalId} final, #${statements.draftId} with an invoice that differs.`);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

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
