import { describe, expect, test } from "vitest";
import { clockMinute, isCacheablePageRequest, isCurrent, mayKeepRenderedPage, pageCacheKey, PageStore, withNonce, withNoncePlaceholder, type CachedPage } from "./page-cache";

describe("which requests the page cache may answer", () => {
  test.each([
    ["GET", "/", true],
    ["GET", "/?from=2026-01-01&to=2026-06-30", true],
    ["GET", "/agencies", true],
    ["GET", "/agencies/ANCHOR", true],
    ["GET", "/agencies/ANCHOR/agents/12", true],
    ["GET", "/cases?q=123", true],
    ["GET", "/violations", true],
    ["GET", "/complaints", true],
    ["GET", "/findings", true],
    ["POST", "/", false],
    ["HEAD", "/agencies", false],
    ["GET", "/_root.data", false],
    ["GET", "/agencies.data", false],
    ["GET", "/agencies?_data=routes%2F_app.agencies._index", false],
    ["GET", "/cases/ACC-1", false],
    ["GET", "/cases.json", false],
    ["GET", "/agencies/ANCHOR/register", false],
    ["GET", "/findings/12", false],
    ["GET", "/settings", false],
    ["GET", "/login", false],
    ["GET", "/api/v1/metrics", false],
  ])("%s %s → %s", (method, path, expected) => {
    expect(isCacheablePageRequest(method, new URL(path, "http://x"))).toBe(expected);
  });
});

describe("keeping a rendered page", () => {
  const html = new Headers({ "content-type": "text/html" });
  const state = { snapshot: "100:105:101,103", minute: 29_000_000 };
  test.each([
    ["a complete page, one snapshot and minute", { status: 200, headers: html, renderFailed: false }, state, true],
    ["a transaction wrote meanwhile", { status: 200, headers: html, renderFailed: false }, { ...state, snapshot: "100:106:101,103" }, false],
    ["an in-progress transaction ended meanwhile", { status: 200, headers: html, renderFailed: false }, { ...state, snapshot: "100:105:101" }, false],
    ["the clock's minute turned", { status: 200, headers: html, renderFailed: false }, { ...state, minute: state.minute + 1 }, false],
    ["React reported an error", { status: 200, headers: html, renderFailed: true }, state, false],
    ["not 200", { status: 404, headers: html, renderFailed: false }, state, false],
    ["sets a cookie", { status: 200, headers: new Headers({ "content-type": "text/html", "set-cookie": "a=b" }), renderFailed: false }, state, false],
    ["not HTML", { status: 200, headers: new Headers({ "content-type": "application/json" }), renderFailed: false }, state, false],
  ])("%s", (_name, rendered, after, expected) => {
    expect(mayKeepRenderedPage(rendered, state, after)).toBe(expected);
  });

  test("a kept page answers only the same snapshot and minute", () => {
    const page: CachedPage = { ...state, status: 200, headers: [], body: "" };
    expect(isCurrent(page, state)).toBe(true);
    expect(isCurrent(page, { ...state, snapshot: "100:106:" })).toBe(false);
    expect(isCurrent(page, { ...state, minute: state.minute + 1 })).toBe(false);
  });

  test("the clock's minute", () => {
    expect(clockMinute(new Date("2026-12-06T02:30:59.999Z"))).toBe(clockMinute(new Date("2026-12-06T02:30:00.000Z")));
    expect(clockMinute(new Date("2026-12-06T02:31:00.000Z"))).toBe(clockMinute(new Date("2026-12-06T02:30:00.000Z")) + 1);
  });

  test("keys differ by session, language and URL", () => {
    const base = { sessionId: "s1", locale: "en", pathAndQuery: "/agencies" };
    const keys = new Set([base, { ...base, sessionId: "s2" }, { ...base, locale: "zh-CN" }, { ...base, pathAndQuery: "/agencies?from=2026-01-01" }].map(pageCacheKey));
    expect(keys.size).toBe(4);
  });
});

describe("the nonce of each answer", () => {
  test("every occurrence of the render's nonce is the new answer's", () => {
    const rendered = `<script nonce="abc+/12==">a</script><link nonce="abc+/12=="><script nonce="abc+/12==">b</script>`;
    const stored = withNoncePlaceholder(rendered, "abc+/12==");
    expect(stored).not.toContain("abc+/12==");
    expect(withNonce(stored, "ZZZ99==")).toBe(`<script nonce="ZZZ99==">a</script><link nonce="ZZZ99=="><script nonce="ZZZ99==">b</script>`);
  });
});

describe("the store", () => {
  const page = (body: string): CachedPage => ({ snapshot: "1:1:", minute: 0, status: 200, headers: [], body });

  test("keeps at most its size, dropping the least recently used first", () => {
    const store = new PageStore(10);
    store.set("a", page("aaaa"));
    store.set("b", page("bbbb"));
    expect(store.get("a")?.body).toBe("aaaa");
    store.set("c", page("cccc"));
    expect(store.get("b")).toBeUndefined();
    expect(store.get("a")?.body).toBe("aaaa");
    expect(store.get("c")?.body).toBe("cccc");
    expect(store.chars).toBe(8);
  });

  test("a replaced or deleted page gives its room back; a page bigger than the store is not kept", () => {
    const store = new PageStore(10);
    store.set("a", page("aaaa"));
    store.set("a", page("aaaaaa"));
    expect(store.chars).toBe(6);
    store.delete("a");
    expect(store.chars).toBe(0);
    store.set("big", page("x".repeat(11)));
    expect(store.count).toBe(0);
  });
});
