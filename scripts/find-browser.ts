import { execFileSync } from "node:child_process";
import { accessSync, constants, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";

// Run before the browser tests (`npm run test:e2e`): finds a Chromium for Playwright and prints its path, or
// installs Debian's when it can, or stops with one line saying what to install. Never downloads a browser
// through Playwright (the network here reaches the npm registry and Debian's mirrors only).

export type BrowserSearch = {
  chromiumPath: string | undefined;
  home: string;
  isExecutable: (file: string) => boolean;
  listDirectory: (directory: string) => string[];
};

/** The places looked at, in order: CHROMIUM_PATH, Debian's chromium, Google Chrome, Playwright's own cache. */
export function browserCandidates(search: Pick<BrowserSearch, "chromiumPath" | "home" | "listDirectory">): string[] {
  const cache = path.join(search.home, ".cache", "ms-playwright");
  let cached: string[] = [];
  try {
    cached = search
      .listDirectory(cache)
      .filter((name) => /^chromium-\d+$/.test(name))
      // Newest revision first.
      .sort((a, b) => Number(b.slice(9)) - Number(a.slice(9)))
      .flatMap((name) => [path.join(cache, name, "chrome-linux64", "chrome"), path.join(cache, name, "chrome-linux", "chrome")]);
  } catch {
    cached = [];
  }
  return [
    ...(search.chromiumPath ? [search.chromiumPath] : []),
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome-stable",
    "/usr/bin/google-chrome",
    "/opt/google/chrome/chrome",
    ...cached,
  ];
}

export type BrowserDecision =
  | { kind: "found"; path: string }
  | { kind: "install" }
  | { kind: "missing"; message: string };

/**
 * What to do: use the first executable candidate; a CHROMIUM_PATH that names nothing executable is an error of its
 * own (the user asked for that browser); with none found, install Debian's Chromium when root with apt-get.
 */
export function decideBrowser(search: BrowserSearch, canInstall: boolean): BrowserDecision {
  if (search.chromiumPath && !search.isExecutable(search.chromiumPath)) {
    return { kind: "missing", message: `CHROMIUM_PATH=${search.chromiumPath} is not an executable file: point it at a Chromium or Chrome binary, or unset it.` };
  }
  const found = browserCandidates(search).find((candidate) => search.isExecutable(candidate));
  if (found) return { kind: "found", path: found };
  if (canInstall) return { kind: "install" };
  return {
    kind: "missing",
    message: "No Chromium found for the browser tests: install Debian's (sudo apt-get install chromium) or Google Chrome, or set CHROMIUM_PATH to a Chromium binary.",
  };
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function hasAptGet(): boolean {
  return ["/usr/bin/apt-get", "/bin/apt-get"].some(isExecutable);
}

function localSearch(): BrowserSearch {
  return {
    chromiumPath: process.env.CHROMIUM_PATH || undefined,
    home: os.homedir(),
    isExecutable,
    listDirectory: (directory) => readdirSync(directory),
  };
}

/** The browser Playwright should launch (playwright.config.ts), or undefined when there is none yet. */
export function findInstalledBrowser(): string | undefined {
  const decision = decideBrowser(localSearch(), false);
  return decision.kind === "found" ? decision.path : undefined;
}

function main(): number {
  const decision = decideBrowser(localSearch(), process.getuid?.() === 0 && hasAptGet());
  if (decision.kind === "found") {
    console.log(decision.path);
    return 0;
  }
  if (decision.kind === "missing") {
    console.error(decision.message);
    return 1;
  }
  console.error("No Chromium found for the browser tests: installing Debian's (apt-get install chromium)");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  try {
    execFileSync("apt-get", ["update", "-qq"], { stdio: ["ignore", "ignore", "inherit"], env });
    execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: ["ignore", "ignore", "inherit"], env });
  } catch {
    console.error("Installing Debian's Chromium failed (see apt-get's output above): install chromium or set CHROMIUM_PATH.");
    return 1;
  }
  if (!isExecutable("/usr/bin/chromium")) {
    console.error("apt-get installed chromium but /usr/bin/chromium is not there: set CHROMIUM_PATH to the browser's binary.");
    return 1;
  }
  console.log("/usr/bin/chromium");
  return 0;
}

if (process.argv[1]?.endsWith(`${path.sep}find-browser.ts`)) {
  process.exitCode = main();
}
