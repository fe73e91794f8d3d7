import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
// Not re-exported by the package's index, but the adapter's own conversion, so both paths build requests alike.
import { createRemixRequest, sendRemixResponse } from "@remix-run/express/dist/server.js";
import type { AppLoadContext } from "@remix-run/node";
import { peekSessionForPageCache } from "../app/auth/session.server";
import { currentTime } from "../app/clock/clock.server";
import { getPool } from "../app/db/pg.server";
import { clockMinute, type CachedPage, isCacheablePageRequest, isCurrent, mayKeepRenderedPage, pageCacheKey, PageStore, withNonce, withNoncePlaceholder } from "../app/http/page-cache";

// Rendered pages kept per session, URL and language while the database and the clock's minute stay as they were
// (ADR 048). A page is answered from memory only when pg_current_snapshot() now is the one its render saw from
// start to end: any transaction that wrote anything (data, figures, the session, a notification, a setting, the
// user's language) ending in between changes it. Each web process keeps its own pages; a page is never shared
// between two sessions, so one user's (or one agency's) page can never reach another.

export type PageCacheOptions = {
  maxMb: number;
  /** Remix's fetch handler (a stand-in in tests). */
  handle: (request: Request, loadContext: AppLoadContext) => Promise<Response>;
  loadContext: (request: ExpressRequest, response: ExpressResponse) => AppLoadContext & { cspNonce: string };
  now?: () => Date;
};

export type PageCacheMiddleware = ((request: ExpressRequest, response: ExpressResponse, next: NextFunction) => void) & { store: PageStore };

async function currentDatabaseSnapshot(): Promise<string> {
  const { rows } = await getPool().query<{ snapshot: string }>(`SELECT pg_current_snapshot()::text AS snapshot`);
  return rows[0]!.snapshot;
}

/**
 * Citus: a write to a distributed table may commit on the workers alone, which the coordinator's snapshot does not
 * show; the cache then stays off rather than answer a page the data has moved past.
 */
async function snapshotSeesEveryWrite(): Promise<boolean> {
  const { rows } = await getPool().query<{ citus: boolean }>(`SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') AS citus`);
  return !rows[0]?.citus;
}

function sendKept(response: ExpressResponse, page: CachedPage, nonce: string, how: "hit" | "shared"): void {
  response.status(page.status);
  for (const [name, value] of page.headers) response.append(name, value);
  response.setHeader("X-Page-Cache", how);
  response.end(withNonce(page.body, nonce));
}

export function createPageCache(options: PageCacheOptions): PageCacheMiddleware {
  const store = new PageStore(options.maxMb * 1024 * 1024);
  const now = options.now ?? currentTime;
  let usable: Promise<boolean> | undefined;
  const rendering = new Map<string, Promise<CachedPage | null>>();

  const answer = async (request: ExpressRequest, response: ExpressResponse): Promise<boolean> => {
    const url = new URL(request.originalUrl, "http://page.cache");
    if (!isCacheablePageRequest(request.method, url)) return false;
    usable ??= snapshotSeesEveryWrite();
    if (!(await usable)) return false;
    const session = await peekSessionForPageCache(request.get("cookie") ?? null);
    if (!session) return false;
    const key = pageCacheKey({ sessionId: session.sessionId, locale: session.locale, pathAndQuery: `${url.pathname}${url.search}` });
    const before = { snapshot: session.snapshot, minute: clockMinute(now()) };
    const loadContext = options.loadContext(request, response);
    const stored = store.get(key);
    if (stored && isCurrent(stored, before)) {
      sendKept(response, stored, loadContext.cspNonce, "hit");
      return true;
    }
    // Requests of the same session for the same page at the same state wait for the one render already running.
    const renderKey = `${key}\u0000${before.snapshot}\u0000${before.minute}`;
    const running = rendering.get(renderKey);
    if (running) {
      const page = await running;
      if (page) {
        sendKept(response, page, loadContext.cspNonce, "shared");
        return true;
      }
    }
    let settle: (page: CachedPage | null) => void = () => undefined;
    if (!running) rendering.set(renderKey, new Promise<CachedPage | null>((resolve) => (settle = resolve)));
    let kept: CachedPage | null = null;
    try {
      const rendered = await options.handle(createRemixRequest(request, response), loadContext);
      if (rendered.status !== 200 || rendered.headers.has("set-cookie")) {
        store.delete(key);
        response.setHeader("X-Page-Cache", "miss");
        await sendRemixResponse(response, rendered);
        return true;
      }
      const body = await rendered.text();
      const after = { snapshot: await currentDatabaseSnapshot(), minute: clockMinute(now()) };
      const renderFailed = (loadContext as { renderFailed?: boolean }).renderFailed === true;
      if (mayKeepRenderedPage({ status: rendered.status, headers: rendered.headers, renderFailed }, before, after)) {
        kept = { ...before, status: rendered.status, headers: [...rendered.headers.entries()], body: withNoncePlaceholder(body, loadContext.cspNonce) };
        store.set(key, kept);
      } else {
        store.delete(key);
      }
      response.status(rendered.status);
      for (const [name, value] of rendered.headers.entries()) response.append(name, value);
      response.setHeader("X-Page-Cache", "miss");
      response.end(body);
      return true;
    } finally {
      if (!running) {
        rendering.delete(renderKey);
        settle(kept);
      }
    }
  };

  const middleware = (request: ExpressRequest, response: ExpressResponse, next: NextFunction) => {
    answer(request, response).then(
      (answered) => {
        if (!answered) next();
      },
      (error: unknown) => next(error),
    );
  };
  return Object.assign(middleware, { store });
}
