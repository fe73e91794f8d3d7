import { createHash, randomBytes } from "node:crypto";
import { getPrisma } from "~/db/client.server";
import type { ApiTokenScope } from "~/generated/prisma/enums";
import { apiTokenScopes, defaultTokenLifetimeDays, maxTokenLifetimeDays } from "./api-token-input";

// API tokens let an agency's own systems upload activity files without a browser session. A token belongs to
// one agency (it can only ever import for that agency) and is shown once, when it is created: only its SHA-256
// is stored, like session tokens, so a database leak does not leak working tokens.
//
// Comparison: a presented token is hashed and looked up by its hash (a unique index). No secret is compared
// byte by byte in application code, so response time says nothing about how much of a guess was right; the
// index lookup works on SHA-256 digests, which an attacker cannot steer towards a stored one. This is the
// constant-time property that matters here, without an explicit timingSafeEqual.

export const apiTokenPrefix = "ao_";
/** "ao_" + 32 random bytes in base64url (43 characters, no padding). */
const tokenPattern = /^ao_[A-Za-z0-9_-]{43}$/;
/** Characters of the token kept in clear so administrators can tell tokens apart ("ao_" + 7). */
export const tokenPrefixLength = 10;
/** lastUsedAt is written at most once a minute, so a busy client costs one write a minute, not one per request. */
const touchIntervalMs = 60_000;
export const maxTokenNameLength = 100;

// UPLOAD covers the agency's own batches and their rejected rows, which it needs to follow an upload. A token made
// without a choice of scopes gets the two that existed first (as the column's default gives old tokens); answering
// findings (FINDINGS) and reading the register (REGISTER) are granted only when chosen.
const everyScope: readonly ApiTokenScope[] = apiTokenScopes.filter((scope) => scope !== "FINDINGS" && scope !== "REGISTER");

function hashApiToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export type CreatedApiToken = {
  id: number;
  /** The token itself: give it to the agency now, it cannot be shown again. */
  token: string;
  tokenPrefix: string;
};

export type CreateApiTokenInput = {
  agencyId: number;
  name: string;
  createdById: number | null;
  /** Default: UPLOAD and READ_METRICS. */
  scopes?: readonly ApiTokenScope[];
  /** Default: defaultTokenLifetimeDays after now; null only for tokens that must never expire (tests, migrations). */
  expiresAt?: Date | null;
  now?: Date;
};

/**
 * Creates a token for the agency. Throws when the agency does not exist, the name is empty or too long, no scope is
 * given, or the expiry is not in the future or further than maxTokenLifetimeDays.
 */
export async function createApiToken(input: CreateApiTokenInput): Promise<CreatedApiToken> {
  const name = input.name.trim();
  if (name === "" || name.length > maxTokenNameLength) throw new Error(`An API token's name must be 1 to ${maxTokenNameLength} characters.`);
  const scopes = [...new Set(input.scopes ?? everyScope)];
  if (scopes.length === 0) throw new Error("An API token needs at least one scope.");
  const now = input.now ?? new Date();
  const expiresAt = input.expiresAt === undefined ? new Date(now.getTime() + defaultTokenLifetimeDays * 86_400_000) : input.expiresAt;
  if (expiresAt && expiresAt.getTime() <= now.getTime()) throw new Error("An API token's expiry must be in the future.");
  if (expiresAt && expiresAt.getTime() > now.getTime() + maxTokenLifetimeDays * 86_400_000) {
    throw new Error(`An API token may live at most ${maxTokenLifetimeDays} days.`);
  }
  const prisma = getPrisma();
  const agency = await prisma.agency.findUnique({ where: { id: input.agencyId }, select: { id: true } });
  if (!agency) throw new Error(`There is no agency with id ${input.agencyId}.`);
  const token = `${apiTokenPrefix}${randomBytes(32).toString("base64url")}`;
  const tokenPrefix = token.slice(0, tokenPrefixLength);
  const created = await prisma.apiToken.create({
    data: { agencyId: input.agencyId, name, tokenHash: hashApiToken(token), tokenPrefix, createdById: input.createdById, scopes, expiresAt },
    select: { id: true },
  });
  return { id: created.id, token, tokenPrefix };
}

export type ApiTokenListItem = {
  id: number;
  agencyId: number;
  agencyCode: string;
  agencyName: string;
  agencyActive: boolean;
  name: string;
  tokenPrefix: string;
  createdAt: string;
  createdByName: string | null;
  createdByEmail: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  expiresAt: string | null;
  scopes: ApiTokenScope[];
};

/** Every token, for administrators: active ones first, newest first. Never the token or its hash. */
export async function listApiTokens(): Promise<ApiTokenListItem[]> {
  const tokens = await getPrisma().apiToken.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    include: { agency: { select: { code: true, name: true, active: true } }, createdBy: { select: { name: true, email: true } } },
  });
  const items = tokens.map((token) => ({
    id: token.id,
    agencyId: token.agencyId,
    agencyCode: token.agency.code,
    agencyName: token.agency.name,
    agencyActive: token.agency.active,
    name: token.name,
    tokenPrefix: token.tokenPrefix,
    createdAt: token.createdAt.toISOString(),
    createdByName: token.createdBy?.name ?? null,
    createdByEmail: token.createdBy?.email ?? null,
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
    expiresAt: token.expiresAt?.toISOString() ?? null,
    scopes: token.scopes,
  }));
  return [...items.filter((item) => item.revokedAt === null), ...items.filter((item) => item.revokedAt !== null)];
}

export type RevokeApiTokenResult =
  | { status: "revoked"; id: number; agencyId: number; agencyCode: string; name: string; tokenPrefix: string }
  | { status: "already-revoked" }
  | { status: "not-found" };

/** Revokes a token for good: the next request that presents it gets 401. */
export async function revokeApiToken(id: number): Promise<RevokeApiTokenResult> {
  const prisma = getPrisma();
  const token = await prisma.apiToken.findUnique({ where: { id }, include: { agency: { select: { code: true } } } });
  if (!token) return { status: "not-found" };
  const { count } = await prisma.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0) return { status: "already-revoked" };
  return { status: "revoked", id, agencyId: token.agencyId, agencyCode: token.agency.code, name: token.name, tokenPrefix: token.tokenPrefix };
}

export type ApiTokenFailure = "missing" | "malformed" | "unknown" | "revoked" | "expired" | "agency-inactive";

export type AuthenticatedApiToken = { tokenId: number; agencyId: number; agencyCode: string; scopes: ApiTokenScope[] };

export type ApiTokenAuthentication =
  | ({ ok: true } & AuthenticatedApiToken)
  | { ok: false; reason: ApiTokenFailure; message: string };

const failureMessages: Record<ApiTokenFailure, string> = {
  missing: "Send the API token in the Authorization header: 'Authorization: Bearer ao_…'.",
  malformed: "The Authorization header does not hold a well-formed API token ('Bearer ao_' followed by 43 characters).",
  unknown: "The API token is not known.",
  revoked: "The API token has been revoked; ask the lender's administrator for a new one.",
  expired: "The API token has expired; ask the lender's administrator for a new one.",
  "agency-inactive": "The agency this API token belongs to is no longer active.",
};

function fail(reason: ApiTokenFailure): ApiTokenAuthentication {
  return { ok: false, reason, message: failureMessages[reason] };
}

/** Reads "Authorization: Bearer <token>"; null when the header is absent, "" when it is there but not a bearer token. */
function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization");
  if (header === null || header.trim() === "") return null;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header.trim());
  return match?.[1] ?? "";
}

/**
 * Identifies the agency behind an API request. Failures are typed so the API can say what is wrong (missing,
 * malformed, unknown, revoked, inactive agency) without ever saying which tokens exist.
 */
export async function authenticateApiToken(request: Request, options: { now?: Date } = {}): Promise<ApiTokenAuthentication> {
  const token = bearerToken(request);
  if (token === null) return fail("missing");
  if (!tokenPattern.test(token)) return fail("malformed");
  const prisma = getPrisma();
  const stored = await prisma.apiToken.findUnique({
    where: { tokenHash: hashApiToken(token) },
    select: { id: true, agencyId: true, revokedAt: true, expiresAt: true, lastUsedAt: true, scopes: true, agency: { select: { code: true, active: true } } },
  });
  if (!stored) return fail("unknown");
  if (stored.revokedAt) return fail("revoked");
  const now = (options.now ?? new Date()).getTime();
  if (stored.expiresAt && stored.expiresAt.getTime() <= now) return fail("expired");
  if (!stored.agency.active) return fail("agency-inactive");
  if (!stored.lastUsedAt || now - stored.lastUsedAt.getTime() >= touchIntervalMs) {
    // Conditional, so concurrent requests of one client still write once a minute at most.
    await prisma.apiToken.updateMany({
      where: { id: stored.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: new Date(now - touchIntervalMs) } }] },
      data: { lastUsedAt: new Date(now) },
    });
  }
  return { ok: true, tokenId: stored.id, agencyId: stored.agencyId, agencyCode: stored.agency.code, scopes: stored.scopes };
}

// HTTP side of the token API, shared by the /api/v1 resource routes: every answer is JSON, never cached, and
// every error carries a stable code that clients can switch on.

export type ApiErrorCode =
  | "UNAUTHORIZED"
  | "INVALID_REQUEST"
  | "KIND_NOT_ALLOWED"
  | "NOT_FOUND"
  | "METHOD_NOT_ALLOWED"
  | "INSUFFICIENT_SCOPE"
  | "IMPORT_IN_PROGRESS"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "INTERNAL_ERROR";

export function apiJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}

/** `{ error: { code, message, …details }, …extra }` with the given status. */
export function apiError(
  status: number,
  code: string,
  message: string,
  options: { details?: Record<string, unknown>; extra?: Record<string, unknown>; headers?: Record<string, string> } = {},
): Response {
  return apiJson({ error: { code, message, ...options.details }, ...options.extra }, status, options.headers);
}

export function methodNotAllowed(allowed: readonly string[]): Response {
  return apiError(405, "METHOD_NOT_ALLOWED", `Use ${allowed.join(" or ")} on this endpoint.`, { headers: { Allow: allowed.join(", ") } });
}

const realm = 'Bearer realm="agency-oversight"';

/**
 * The token's agency, or a thrown JSON response: 401 with a WWW-Authenticate challenge when there is no valid token,
 * 403 INSUFFICIENT_SCOPE when the token may not do what the endpoint does (RFC 6750 §3.1).
 */
export async function requireApiToken(request: Request, scope: ApiTokenScope): Promise<AuthenticatedApiToken> {
  const result = await authenticateApiToken(request);
  if (!result.ok) {
    const challenge = result.reason === "missing" ? realm : `${realm}, error="invalid_token"`;
    throw apiError(401, "UNAUTHORIZED", result.message, { details: { reason: result.reason }, headers: { "WWW-Authenticate": challenge } });
  }
  if (!result.scopes.includes(scope)) {
    throw apiError(403, "INSUFFICIENT_SCOPE", `This API token may not be used here: it needs the ${scope} scope (it has ${result.scopes.join(", ") || "none"}).`, {
      details: { requiredScope: scope, tokenScopes: result.scopes },
      headers: { "WWW-Authenticate": `${realm}, error="insufficient_scope", scope="${scope}"` },
    });
  }
  return { tokenId: result.tokenId, agencyId: result.agencyId, agencyCode: result.agencyCode, scopes: result.scopes };
}

/**
 * Runs an API handler: a thrown Response (401 from requireApiToken, …) is returned as the answer, and an
 * unexpected error becomes a 500 with the stable code INTERNAL_ERROR instead of an HTML error page.
 */
export async function handleApiRequest(handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    console.error("[api]", thrown);
    return apiError(500, "INTERNAL_ERROR", "The server could not handle the request; try again later.");
  }
}
