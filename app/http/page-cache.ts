// The rendered-page cache's pure half (ADR 048): which pages it may answer, what an entry is keyed and checked by,
// the nonce swapped in on every answer, and a store bounded in bytes. server/page-cache.ts uses it in front of Remix.

/**
 * The pages the cache may answer: those people browse most, whose loaders only read. A page whose loader writes
 * (the case page logs every view) must never be answered without running it, so pages are listed here one by one.
 */
const cacheablePages: readonly RegExp[] = [
  /^\/$/,
  /^\/agencies$/,
  /^\/agencies\/[^/]+$/,
  /^\/agencies\/[^/]+\/agents\/[^/]+$/,
  /^\/cases$/,
  /^\/violations$/,
  /^\/complaints$/,
  /^\/findings$/,
];

/** A document request for one of those pages: GET, no Remix data request (`.data`, `_data`), no trailing slash games. */
export function isCacheablePageRequest(method: string, url: URL): boolean {
  if (method !== "GET") return false;
  if (url.searchParams.has("_data") || url.pathname.endsWith(".data")) return false;
  return cacheablePages.some((page) => page.test(url.pathname));
}

/** What one page was rendered for, besides the database's state (`snapshot`), which is checked, not keyed. */
export type PageCacheKey = { sessionId: string; locale: string; pathAndQuery: string };

export function pageCacheKey(key: PageCacheKey): string {
  return JSON.stringify([key.sessionId, key.locale, key.pathAndQuery]);
}

/** The clock's minute: "overdue", due days and "today" never lag behind the clock by more than a minute. */
export function clockMinute(now: Date): number {
  return Math.floor(now.getTime() / 60_000);
}

export type CachedPage = {
  /** pg_current_snapshot() before the render, equal to the one after it. */
  snapshot: string;
  minute: number;
  status: number;
  headers: [string, string][];
  /** The HTML with the render's CSP nonce replaced by `noncePlaceholder`. */
  body: string;
};

/** Not a base64 character sequence, so it can never be part of a nonce or be mistaken for one. */
const noncePlaceholder = "\u0000nonce\u0000";

export function withNoncePlaceholder(html: string, nonce: string): string {
  return nonce === "" ? html : html.split(nonce).join(noncePlaceholder);
}

export function withNonce(stored: string, nonce: string): string {
  return stored.split(noncePlaceholder).join(nonce);
}

/**
 * Whether a rendered answer may be kept: a complete 200 HTML page that sets no cookie (a sign-in, a language or a
 * flash cookie belongs to one answer only) and whose render saw one state of the database and one clock minute.
 */
export function mayKeepRenderedPage(rendered: { status: number; headers: Headers; renderFailed: boolean }, before: { snapshot: string; minute: number }, after: { snapshot: string; minute: number }): boolean {
  if (rendered.status !== 200 || rendered.renderFailed) return false;
  if (rendered.headers.has("set-cookie")) return false;
  if (!(rendered.headers.get("content-type") ?? "").startsWith("text/html")) return false;
  return before.snapshot === after.snapshot && before.minute === after.minute;
}

/** Whether a kept page answers a request made at this snapshot and minute. */
export function isCurrent(page: CachedPage, now: { snapshot: string; minute: number }): boolean {
  return page.snapshot === now.snapshot && page.minute === now.minute;
}

/** Least recently used first out, bounded by the UTF-16 length of the bodies (about their size in memory). */
export class PageStore {
  private readonly pages = new Map<string, CachedPage>();
  private size = 0;
  constructor(private readonly maxChars: number) {}

  get(key: string): CachedPage | undefined {
    const page = this.pages.get(key);
    if (page) {
      this.pages.delete(key);
      this.pages.set(key, page);
    }
    return page;
  }

  set(key: string, page: CachedPage): void {
    this.delete(key);
    if (page.body.length > this.maxChars) return;
    this.pages.set(key, page);
    this.size += page.body.length;
    for (const [oldest, kept] of this.pages) {
      if (this.size <= this.maxChars) break;
      this.pages.delete(oldest);
      this.size -= kept.body.length;
    }
  }

  delete(key: string): void {
    const page = this.pages.get(key);
    if (!page) return;
    this.pages.delete(key);
    this.size -= page.body.length;
  }

  get chars(): number {
    return this.size;
  }

  get count(): number {
    return this.pages.size;
  }
}
