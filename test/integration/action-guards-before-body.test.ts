import { readdirSync } from "node:fs";
import path from "node:path";
import type { ActionFunctionArgs } from "@remix-run/node";
import { describe, expect, test } from "vitest";
import { FORM_BODY_LIMIT_BYTES } from "~/http/body-limits";
import { runRoute } from "../support/route-harness";

// "A body is never parsed before the sign-in check, except on the sign-in page itself": every route module with
// an action is found on disk (so a new one cannot be forgotten) and called without a session, with a body that
// records whether anything pulled from it.

const routesDirectory = path.resolve(import.meta.dirname, "../../app/routes");
/** Public forms: the sign-in page and the language switch it shows. Their bodies are read, but capped. */
const publicForms = new Set(["login.tsx", "locale.tsx"]);

type RouteModule = { action?: (args: ActionFunctionArgs) => unknown };

const actionRoutes = readdirSync(routesDirectory)
  .filter((file) => /\.(tsx|ts)$/.test(file) && !file.endsWith(".test.ts"))
  .filter((file) => !publicForms.has(file));

function watchedBody(bytes: number) {
  const state = { pulled: false };
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        state.pulled = true;
        controller.enqueue(new Uint8Array(bytes).fill(0x2d));
        controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  return { state, body };
}

function postWithoutSession(url: string, body: ReadableStream<Uint8Array>, contentType = "multipart/form-data; boundary=----garbage") {
  return new Request(url, { method: "POST", body, duplex: "half", headers: { "content-type": contentType, "x-oversight-client-address": "127.0.0.1" } } as RequestInit);
}

describe("actions run their guard before reading the body", () => {
  test("the route folder has actions to check", () => {
    expect(actionRoutes.length).toBeGreaterThan(15);
  });

  test.each(actionRoutes)("%s", async (file) => {
    const module = (await import(path.join(routesDirectory, file))) as RouteModule;
    if (!module.action) return;
    const { state, body } = watchedBody(FORM_BODY_LIMIT_BYTES * 4);
    const outcome = await runRoute(module.action as never, postWithoutSession("http://test.local/some/page", body), {
      accountNumber: "ACC-1",
      batchId: "1",
      id: "1",
      code: "cn",
      runId: "1",
    });
    expect(state.pulled, `${file} read the body before its guard`).toBe(false);
    // The catch-all under /api/v1 answers every unknown path with a JSON 404, without reading anything.
    if (file === "api.v1.$.ts") expect(outcome.status).toBe(404);
    else if (file.startsWith("api.")) expect([401, 405]).toContain(outcome.status);
    else if (file === "logout.tsx") expect(outcome.location).toBe("/login?reason=signed-out");
    // An invitation link is its own sign-in check: an unknown one is gone before anything is read.
    else if (file === "invite.$token.tsx") expect(outcome.status).toBe(410);
    else {
      expect(outcome.status).toBe(302);
      expect(outcome.location).toMatch(/^\/login\?redirectTo=/);
    }
  });
});

describe("the public forms cap what they read", () => {
  test.each([...publicForms])("%s: a body past 64 KB without a declared length is refused with 413", async (file) => {
    const module = (await import(path.join(routesDirectory, file))) as RouteModule;
    const { state, body } = watchedBody(FORM_BODY_LIMIT_BYTES + 1);
    const outcome = await runRoute(module.action as never, postWithoutSession(`http://test.local/${file.replace(/\.tsx$/, "")}`, body, "application/x-www-form-urlencoded"));
    expect(state.pulled).toBe(true);
    expect(outcome.status).toBe(413);
  });
});
