import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createUserSession } from "~/auth/session.server";
import { clientAddressHeader } from "~/auth/session.server";

type RouteFunction = (args: LoaderFunctionArgs | ActionFunctionArgs) => unknown;

export type RouteOutcome = { status: number; location?: string; body: unknown };

/** Signs a user in the way the sign-in action does and returns the Cookie header a browser would send. */
export async function sessionCookieFor(userId: number): Promise<string> {
  const setCookie = await createUserSession(userId, new Request("http://test.local/login", { headers: { [clientAddressHeader]: "127.0.0.1" } }));
  return setCookie.split(";")[0] ?? "";
}

export function buildRequest(path: string, options: { cookie?: string; method?: string; form?: Record<string, string> } = {}): Request {
  const headers = new Headers({ [clientAddressHeader]: "127.0.0.1" });
  if (options.cookie) headers.set("cookie", options.cookie);
  const init: RequestInit = { method: options.method ?? (options.form ? "POST" : "GET"), headers };
  if (options.form) init.body = new URLSearchParams(options.form);
  return new Request(`http://test.local${path}`, init);
}

/** Runs a loader or action the way Remix would and normalises returns and throws into a status and a body. */
export async function runRoute(fn: RouteFunction, request: Request, params: Record<string, string> = {}): Promise<RouteOutcome> {
  try {
    const result = await fn({ request, params, context: {} });
    return normalise(result);
  } catch (thrown) {
    if (thrown instanceof Response || isDataWithResponseInit(thrown)) return normalise(thrown);
    throw thrown;
  }
}

type DataWithInit = { type: "DataWithResponseInit"; data: unknown; init: ResponseInit | null };

function isDataWithResponseInit(value: unknown): value is DataWithInit {
  return typeof value === "object" && value !== null && (value as { type?: unknown }).type === "DataWithResponseInit";
}

async function normalise(result: unknown): Promise<RouteOutcome> {
  if (result instanceof Response) {
    const text = await result.text();
    return { status: result.status, location: result.headers.get("location") ?? undefined, body: text };
  }
  if (isDataWithResponseInit(result)) return { status: result.init?.status ?? 200, body: result.data };
  return { status: 200, body: result };
}
