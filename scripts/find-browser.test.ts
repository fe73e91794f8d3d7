import { describe, expect, test } from "vitest";
import { decideBrowser, type BrowserSearch } from "./find-browser";

function search(executables: string[], options: { chromiumPath?: string; cache?: string[] } = {}): BrowserSearch {
  return {
    chromiumPath: options.chromiumPath,
    home: "/home/u",
    isExecutable: (file) => executables.includes(file),
    listDirectory: (directory) => {
      if (directory === "/home/u/.cache/ms-playwright" && options.cache) return options.cache;
      throw Object.assign(new Error("ENOENT"), { code: "ENOENT" });
    },
  };
}

describe("decideBrowser", () => {
  test.each([
    ["CHROMIUM_PATH first", search(["/opt/c/chrome", "/usr/bin/chromium"], { chromiumPath: "/opt/c/chrome" }), { kind: "found", path: "/opt/c/chrome" }],
    ["Debian's chromium", search(["/usr/bin/chromium", "/usr/bin/google-chrome"]), { kind: "found", path: "/usr/bin/chromium" }],
    ["Google Chrome", search(["/usr/bin/google-chrome-stable"]), { kind: "found", path: "/usr/bin/google-chrome-stable" }],
    [
      "Playwright's cache, newest revision",
      search(["/home/u/.cache/ms-playwright/chromium-1100/chrome-linux/chrome", "/home/u/.cache/ms-playwright/chromium-1200/chrome-linux64/chrome"], {
        cache: ["ffmpeg-1010", "chromium-1100", "chromium-1200"],
      }),
      { kind: "found", path: "/home/u/.cache/ms-playwright/chromium-1200/chrome-linux64/chrome" },
    ],
  ])("%s", (_name, given, expected) => {
    expect(decideBrowser(given, true)).toEqual(expected);
  });

  test("none found: install when root with apt-get", () => {
    expect(decideBrowser(search([]), true)).toEqual({ kind: "install" });
  });

  test("none found and cannot install: one line saying what to install", () => {
    const decision = decideBrowser(search([]), false);
    expect(decision.kind).toBe("missing");
    expect(decision.kind === "missing" && decision.message).toMatch(/^No Chromium found.*apt-get install chromium[^\n]*$/);
  });

  test("a CHROMIUM_PATH naming nothing executable stops, even when another browser exists and installing is possible", () => {
    const decision = decideBrowser(search(["/usr/bin/chromium"], { chromiumPath: "/nowhere/chrome" }), true);
    expect(decision).toEqual({ kind: "missing", message: expect.stringContaining("CHROMIUM_PATH=/nowhere/chrome") });
  });
});
