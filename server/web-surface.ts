import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Express, NextFunction, Request, Response } from "express";
import helmet from "helmet";
import { clientAddressHeader } from "../app/auth/session.server";
import { maxUploadBytes } from "../app/env.server";
import { checkDeclaredBody } from "../app/http/body-limits";
import { checkRequestOrigin, normaliseOrigin, requestOrigin } from "../app/http/origin-check";
import type { TrustProxySetting } from "../app/http/trust-proxy";

// Everything the Express layer does for every request before Remix sees it (docs/decisions/015): which proxies
// are trusted, security headers with a per-request CSP nonce, the client address for the throttle and the access
// log, the cross-site check on state-changing requests and the body-size limits. The integration tests mount the
// same function in front of a small handler.

export type WebSurfaceOptions = {
  mode: "development" | "production";
  trustProxy?: TrustProxySetting;
  /** PUBLIC_BASE_URL when configured: its origin is accepted besides the one the request was addressed to. */
  publicBaseUrl?: string;
  /** COOKIE_SECURE=true: the site is served over TLS (HSTS is also sent on any request that arrived over https). */
  secure?: boolean;
};

type Locals = { cspNonce?: string };

function nonceOf(response: ServerResponse): string {
  return (response as Response<unknown, Locals>).locals.cspNonce ?? "";
}

/**
 * The Content-Security-Policy. Production: scripts only from the app and inline scripts only with this response's
 * nonce (Remix's hydration scripts carry it). Styles allow 'unsafe-inline' because AG Grid and Recharts set style
 * attributes and inject style elements at run time. Development adds what Vite's dev server needs (inline and
 * evaluated module scripts, the HMR web socket), which a nonce would switch off, so development has none.
 * 'unsafe-eval' stays in production for now: AG Grid's expression service compiles with new Function and the
 * browser test saw it blocked (ADR 015, open point); injected inline scripts are still refused without the nonce.
 */
function contentSecurityPolicy(mode: WebSurfaceOptions["mode"]) {
  const development = mode === "development";
  return {
    useDefaults: false,
    directives: {
      "default-src": ["'self'"],
      "script-src": development ? ["'self'", "'unsafe-inline'", "'unsafe-eval'"] : ["'self'", "'unsafe-eval'", (_request: IncomingMessage, response: ServerResponse) => `'nonce-${nonceOf(response)}'`],
      "style-src": ["'self'", "'unsafe-inline'"],
      "img-src": ["'self'", "data:", "blob:"],
      "font-src": ["'self'", "data:"],
      "connect-src": development ? ["'self'", "ws:", "wss:"] : ["'self'"],
      "worker-src": ["'self'", "blob:"],
      "object-src": ["'none'"],
      "base-uri": ["'self'"],
      "form-action": ["'self'"],
      "frame-ancestors": ["'none'"],
    },
  };
}

/** The origin the request was addressed to: Host, or X-Forwarded-Host/-Proto from a trusted proxy. */
function ownOrigin(request: Request): string | null {
  const trusted = (request.app.get("trust proxy fn") as (address: string | undefined, hop: number) => boolean)(request.socket.remoteAddress, 0);
  const forwardedHost = trusted ? request.get("x-forwarded-host")?.split(",")[0]?.trim() : undefined;
  // request.protocol already honours X-Forwarded-Proto when the proxy is trusted.
  return requestOrigin(request.protocol, forwardedHost || request.get("host"));
}

function refuse(request: Request, response: Response, status: number, code: string, message: string): void {
  response.status(status);
  if (request.path.startsWith("/api/")) response.json({ error: { code, message } });
  else response.type("text/plain").send(message);
}

export function applyWebSurface(app: Express, options: WebSurfaceOptions): void {
  app.disable("x-powered-by");
  app.set("trust proxy", options.trustProxy ?? false);
  const publicOrigin = options.publicBaseUrl ? normaliseOrigin(options.publicBaseUrl) : null;

  app.use((_request, response: Response<unknown, Locals>, next) => {
    response.locals.cspNonce = randomBytes(16).toString("base64");
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: contentSecurityPolicy(options.mode),
      // Sent below, and only over TLS: on plain http a browser ignores it, and on localhost it would stick.
      strictTransportSecurity: false,
      xFrameOptions: { action: "deny" },
      referrerPolicy: { policy: "strict-origin-when-cross-origin" },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use((request, response, next) => {
    if (request.secure || options.secure) response.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    // Overwritten on every request with Express's idea of the client (which honours TRUST_PROXY), so a client
    // cannot spoof it to dodge the sign-in throttle or to write a false address into the access log.
    request.headers[clientAddressHeader] = request.ip ?? request.socket.remoteAddress ?? "unknown";
    next();
  });

  app.use((request: Request, response: Response, next: NextFunction) => {
    const decision = checkRequestOrigin({
      method: request.method,
      origin: request.get("origin") ?? null,
      secFetchSite: request.get("sec-fetch-site") ?? null,
      hasCookie: Boolean(request.get("cookie")),
      hasBearerToken: /^bearer\s/i.test(request.get("authorization") ?? ""),
      isApiPath: request.path.startsWith("/api/"),
      ownOrigins: [ownOrigin(request), publicOrigin].filter((origin): origin is string => origin !== null),
    });
    if (decision.allowed) return next();
    refuse(request, response, 403, "CROSS_SITE_REQUEST", "Forbidden: this request did not come from the app's own pages.");
  });

  app.use((request: Request, response: Response, next: NextFunction) => {
    const check = checkDeclaredBody(request.path, { contentLength: request.get("content-length"), transferEncoding: request.get("transfer-encoding") }, maxUploadBytes());
    if (check.ok) return next();
    // The unread body is not drained: the connection closes after the answer.
    response.setHeader("Connection", "close");
    if (check.status === 411) refuse(request, response, 411, "LENGTH_REQUIRED", "Length Required: send a Content-Length.");
    else refuse(request, response, 413, "PAYLOAD_TOO_LARGE", `Payload Too Large: the limit here is ${check.limit.maxBytes} bytes.`);
  });
}

/** Remix's load context: the nonce the CSP of this response allows (entry.server and root pass it to scripts). */
export function loadContextOf(_request: Request, response: Response): { cspNonce: string } {
  return { cspNonce: nonceOf(response) };
}
