import { spawn } from "node:child_process";
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
import { DEFAULT_DEMO_SEED } from "../app/demo/portfolio/generate-portfolio";
import { generateDemoPortfolioInThread } from "../app/demo/portfolio/generate-in-thread.server";
import { environmentForChild } from "../app/env.server";
import { projectRoot } from "../app/project-root.server";
import { hasDemoPortfolio, loadDemoPortfolio } from "../app/demo/portfolio/load-portfolio.server";
import { prepareDatabase } from "../server/prepare-database";
import { startServer } from "../server/start-server";

// `npm run demo`: builds, prepares the database, creates the demo organisation through the same domain code as
// Settings, generates a year of portfolio files and imports them through the import pipeline (rule evaluation
// included), then serves the production build. `--scale 0.01` loads a small portfolio in seconds.
//
// What is independent runs at the same time, so both cores work (ADR 050): the production build in a child process
// for the whole load, the generator on a thread of its own while the database starts and migrates. The scorecards
// of the preset periods and the pages' default figures are computed once, by the server start in the background (a
// page asked for meanwhile computes its own), not also at the end of the load, where the seeders after it would
// have made the pages' figures stale anyway.
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
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const build = buildInChildProcess();
process.env.NODE_ENV = "production";

// Generated while the database starts; thrown away if the database already holds the portfolio.
const directory = await mkdtemp(path.join(os.tmpdir(), "oversight-demo-files-"));
console.log(`Generating the demo portfolio (scale ${scale}, seed ${seed}, 12 months before ${anchorDate.toISOString().slice(0, 7)}) while the database starts…`);
const generation = generateDemoPortfolioInThread({ seed, scale, outDir: directory, anchorDate, log: (line) => console.log(`  ${line}`) });
// Not awaited yet: a failure is reported where it is awaited, not as an unhandled rejection meanwhile.
generation.files.catch(() => undefined);

const database = await prepareDatabase();
console.log(`Database ready (${database.embedded ? "embedded PostgreSQL" : "DATABASE_URL"}, ${elapsed()}).`);
await seedDemoOrganisation();
console.log(`Demo organisation loaded: ${demoAgencies.length} agencies, ${demoUsers.length} users.`);

if (await hasDemoPortfolio()) {
  await generation.cancel();
  await rm(directory, { recursive: true, force: true });
  console.log("The demo portfolio is already loaded in this database (delete .data/postgres to start over).");
} else {
  try {
    const files = await generation.files;
    // Fee schedules before the import, so every payment's commission is computed as it arrives.
    const contractSwitch = await seedDemoFeeSchedules({ window: files.window });
    if (contractSwitch) console.log(`  Fee schedules: tiered per agency; CROSSLINE's new contract from ${contractSwitch}.`);
    console.log(`Files written (${elapsed()}); importing them through the import pipeline…`);
    await loadDemoPortfolio({ files, log: (line) => console.log(`  ${line}`), warmScorecards: false });
    const peakRssMb = Number(/VmHWM:\s+(\d+)/.exec(await import("node:fs").then((fs) => fs.readFileSync("/proc/self/status", "utf8")))?.[1] ?? 0) / 1024;
    console.log(`Demo portfolio ready in ${elapsed()} (peak RSS ${peakRssMb.toFixed(0)} MB): ${files.counts.placements.toLocaleString("en")} placements, ${files.counts.events.toLocaleString("en")} events, ${files.counts.complaints} complaints.`);
    // After the rules and roll-ups: the findings' evidence and figures come from them, with a clock moved through the window.
    const findings = await seedDemoFindings({ window: files.window, now: anchorDate, log: (line) => console.log(`  ${line}`) });
    console.log(`Demo findings ready (${elapsed()}): ${findings.findings.length} worked through the life cycle, ${findings.drafts} automatic drafts.`);
    // The agency register: documents and licences with expiries around the anchor day, then that day's reminders.
    const register = await seedDemoRegister({ now: anchorDate });
    const reminders = await runExpiryReminders(anchorDate);
    console.log(`Demo agency register ready (${elapsed()}): ${register.documents} documents for ${register.agencies} agencies, ${reminders.sent.length} expiry reminders sent.`);
    await seedDemoEvaluations({ window: files.window, now: anchorDate, log: (line) => console.log(`  ${line}`) });
    await seedDemoDataHealth({ now: anchorDate });
    console.log(`Demo evaluation and data health settings ready (${elapsed()}).`);
    // The regulator's public complaints against the US agencies, imported as a lender would (ADR 035).
    const publicComplaints = await seedDemoPublicComplaints({ seed, now: anchorDate, directory });
    console.log(`Demo CFPB public complaints (${elapsed()}): ${publicComplaints.acceptedRows} imported, ${publicComplaints.skippedRows} other products skipped, ${publicComplaints.otherCompanyRows} not one of the agencies.`);
    // Placement terms, agencies' acknowledgments, recall reasons and the paid-in-full recalls (ADR 039).
    await seedDemoPlacementLifeCycle({ now: anchorDate, log: (line) => console.log(`  Placement life cycle: ${line}`) });
    console.log(`Demo placement life cycle ready (${elapsed()}).`);
    const statements = await seedDemoStatements({ window: files.window });
    if (statements) console.log(`Demo commission statements (${elapsed()}): #${statements.finalId} final, #${statements.draftId} with an invoice that differs.`);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

await build.done;
console.log(`Production build ready (${build.seconds().toFixed(1)} s).`);
const server = await startServer({ mode: "production", port, host: values.host });
console.log(`Ready in ${elapsed()}.`);
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

/** `remix vite:build` in a child process, its output shown only if it fails. */
function buildInChildProcess(): { done: Promise<void>; seconds: () => number } {
  const since = performance.now();
  let finishedAt: number | null = null;
  const output: Buffer[] = [];
  // The build's own heap, not the demo's 320 MB limit (package.json).
  const child = spawn(process.execPath, [path.join(projectRoot(), "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], {
    cwd: projectRoot(),
    env: environmentForChild({ NODE_OPTIONS: "" }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  // The load keeps both cores busy except in its gaps (the rule engine's hand-overs, the seeders' round trips): at the
  // lowest priority the build fills those gaps instead of slowing the load, which is the longer of the two.
  if (child.pid !== undefined) {
    try {
      os.setPriority(child.pid, 19);
    } catch {
      // Not permitted here: the build runs at the demo's priority, only slower to finish.
    }
  }
  child.stdout.on("data", (chunk: Buffer) => output.push(chunk));
  child.stderr.on("data", (chunk: Buffer) => output.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => {
      finishedAt = performance.now();
      if (code === 0) resolve();
      else {
        process.stderr.write(Buffer.concat(output));
        reject(new Error(`the production build failed (exit code ${code})`));
      }
    });
  });
  done.catch(() => undefined);
  return { done, seconds: () => ((finishedAt ?? performance.now()) - since) / 1000 };
}
