import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { findInstalledBrowser } from "./scripts/find-browser";

// Each run gets its own embedded PostgreSQL data directory, so browser tests never touch the demo database.
// Set once in the main process; workers inherit the variable and so agree on the same directory.
process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), "oversight-e2e-"));
// The findings clock of the server under test (ADR 025): tests write an instant into this file to move "now" and clear
// it afterwards (test/support/e2e-clock.ts). Outside the data directory, which the database must find empty.
process.env.E2E_CLOCK_FILE ??= path.join(mkdtempSync(path.join(os.tmpdir(), "oversight-e2e-clock-")), "now");
const port = Number(process.env.E2E_PORT ?? 3217);

export default defineConfig({
  testDir: "test/e2e",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      // An installed Chromium or Chrome (scripts/find-browser.ts, run by `npm run test:e2e` first, installs Debian's
      // when there is none); never one downloaded by Playwright. The flags keep it off the closed network.
      executablePath: findInstalledBrowser() ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    },
  },
  webServer: {
    // A small portfolio (a few hundred placements, about 10,000 events) with every agency behaviour, rejects,
    // complaints and the scripted accounts of app/demo/portfolio/facts.ts: ready in well under a minute.
    command: `npx tsx scripts/demo.ts --port ${port} --scale ${process.env.E2E_DEMO_SCALE ?? "0.01"}`,
    url: `http://127.0.0.1:${port}/login`,
    // Only a bound on a hung start: a loaded machine (parallel builds) takes minutes for the same demo.
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      NODE_ENV: "production",
      OVERSIGHT_DATA_DIR: process.env.E2E_DATA_DIR,
      DATABASE_URL: process.env.E2E_DATABASE_URL ?? "",
      OVERSIGHT_CLOCK_FILE: process.env.E2E_CLOCK_FILE,
      OVERSIGHT_CLOCK_FILE_IN_PRODUCTION: "allow",
    },
  },
});
