// Cross-site request forgery: a page on another site can make the browser send a form to this app with the
// user's session cookie. Every state-changing request therefore has to come from the app's own pages, which
// browsers prove with the Origin header (or, failing that, Sec-Fetch-Site). Requests that prove nothing are
// refused: every browser this app supports sends Origin on a POST.
//
// The API is the exception: it authenticates with a bearer token in the Authorization header and never reads
// cookies, and a browser never adds an Authorization header on its own, so a forged request cannot carry one.
// So a request to /api/ without a cookie is let through (it carries no session; the API answers 401 without a
// valid token). A request that carries a cookie gets the browser rule everywhere, since it could be a page's fetch.

export type OriginCheckInput = {
  method: string;
  /** The Origin header, if any. */
  origin: string | null;
  /** The Sec-Fetch-Site header, if any. */
  secFetchSite: string | null;
  hasCookie: boolean;
  hasBearerToken: boolean;
  /** A path under /api/, where only bearer tokens authenticate. */
  isApiPath: boolean;
  /** The app's own origins (normalised by normaliseOrigin). */
  ownOrigins: readonly string[];
};

export type OriginDecision =
  | { allowed: true; reason: "safe-method" | "same-origin" | "bearer-token" }
  | { allowed: false; reason: "cross-origin" | "no-origin" };

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/** "scheme://host[:port]" in lower case without a default port, or null when the text is not an origin. */
export function normaliseOrigin(text: string): string | null {
  if (text === "null") return null;
  try {
    const url = new URL(text);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    return url.origin;
  } catch {
    return null;
  }
}

/** The origin a request was addressed to, from its scheme and Host (or the forwarded ones behind a trusted proxy). */
export function requestOrigin(protocol: string, host: string | undefined): string | null {
  if (!host) return null;
  return normaliseOrigin(`${protocol}://${host}`);
}

export function checkRequestOrigin(input: OriginCheckInput): OriginDecision {
  if (safeMethods.has(input.method.toUpperCase())) return { allowed: true, reason: "safe-method" };
  // Without a cookie nothing can ride on a session; the API then answers 401 itself when the token is missing.
  if ((input.hasBearerToken || input.isApiPath) && !input.hasCookie) return { allowed: true, reason: "bearer-token" };
  if (input.origin !== null) {
    const origin = normaliseOrigin(input.origin);
    return origin !== null && input.ownOrigins.includes(origin) ? { allowed: true, reason: "same-origin" } : { allowed: false, reason: "cross-origin" };
  }
  if (input.secFetchSite !== null) {
    return input.secFetchSite === "same-origin" ? { allowed: true, reason: "same-origin" } : { allowed: false, reason: "cross-origin" };
  }
  return { allowed: false, reason: "no-origin" };
}
