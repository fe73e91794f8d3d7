import { z } from "zod";
import { DEFAULT_MAX_UPLOAD_BYTES } from "./http/body-limits";
import { defaultPdfFontSpec } from "./evaluations/pdf-font";
import { parseTrustProxy } from "./http/trust-proxy";

// Every environment variable the server reads: the only module in app/ that touches process.env (eslint checks it).
// Most are validated once (getEnv); the few read on every call are at the end. DATABASE_URL is optional here
// because boot fills it in with the embedded PostgreSQL's address when it is absent (server/database-url.ts).
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.preprocess((value) => (value === "" ? undefined : value), z.string().url().optional()),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  /// Minutes of inactivity after which a session ends.
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  /// Absolute lifetime of a session in hours, however active.
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  /// Public base URL used in links inside exported files (Excel hyperlinks to case pages) and in e-mail.
  PUBLIC_BASE_URL: z.string().url().default("http://localhost:3000"),
  /// Set to "true" behind TLS so cookies get the Secure flag outside NODE_ENV=production too.
  COOKIE_SECURE: z.enum(["true", "false"]).optional(),
  /// Where the embedded PostgreSQL keeps its data when DATABASE_URL is not set (default .data/postgres).
  OVERSIGHT_DATA_DIR: z.string().optional(),
  /// Days an imported file is kept after its last import (for retries), then deleted by the hourly housekeeping job.
  OVERSIGHT_UPLOAD_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /// Express "trust proxy" setting behind a reverse proxy: true/false, a hop count, or comma-separated addresses,
  /// CIDR ranges and loopback/linklocal/uniquelocal (app/http/trust-proxy.ts).
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined) return undefined;
      const parsed = parseTrustProxy(value);
      if (parsed.ok) return parsed.setting;
      context.addIssue({ code: "custom", message: parsed.message });
      return z.NEVER;
    }),
  /// What `npm start` runs: "all" (web server plus one supervised worker process), "web" or "worker" (ADR 012).
  ROLE: z.enum(["all", "web", "worker"]).default("all"),
  /// Web processes serving pages in production (Node's cluster, ADR 040); unset: one per CPU core.
  WEB_PROCESSES: z.coerce.number().int().min(1).max(256).optional(),
  /// Memory (MB) each web process may keep rendered pages in (ADR 048); 0 switches the page cache off.
  PAGE_CACHE_MB: z.coerce.number().int().min(0).max(4096).default(64),
  /// Heap limit (MB) of a worker process, which runs imports, audit reports and rule re-evaluations.
  WORKER_HEAP_MB: z.coerce.number().int().min(32).max(65536).default(1024),
  /// Heap limit (MB) of the short-lived process that reads an upload's header and first rows for the web server.
  UPLOAD_PREVIEW_HEAP_MB: z.coerce.number().int().min(32).max(65536).default(256),
  /// Where e-mail goes: smtp://user:pass@host:587 (STARTTLS when offered) or smtps://user:pass@host:465. Unset: no
  /// e-mail is sent, notifications stay in the app.
  SMTP_URL: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z
      .string()
      .url()
      .refine((value) => /^smtps?:\/\//i.test(value), "must start with smtp:// or smtps://")
      .optional(),
  ),
  /// The From address of every e-mail the app sends.
  MAIL_FROM: z.string().min(3).default("Agency Oversight <no-reply@localhost>"),
  /// Hour of the day (0–23, in the lender's reporting time zone) at which the daily notification digests go out.
  NOTIFICATION_DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(8),
  /// The font a signed evaluation's PDF is set in (ADR 031): a TrueType/OpenType file, or a collection followed by
  /// "#PostScriptName". It must cover Chinese; Debian's fonts-noto-cjk by default. Missing file: no PDF, the workbook only.
  OVERSIGHT_PDF_FONT: z.string().min(1).default(defaultPdfFontSpec),
  /// For browser tests only (ADR 025): a file holding the instant the findings clock reads as "now" (app/clock). Unset,
  /// missing or empty file: the real time. Refused under NODE_ENV=production unless OVERSIGHT_CLOCK_FILE_IN_PRODUCTION=allow.
  OVERSIGHT_CLOCK_FILE: z.preprocess((value) => (value === "" ? undefined : value), z.string().optional()),
  /// "allow": honour OVERSIGHT_CLOCK_FILE although NODE_ENV=production (the browser tests run the production build).
  OVERSIGHT_CLOCK_FILE_IN_PRODUCTION: z.enum(["allow"]).optional(),
}).superRefine((env, context) => {
  // A clock file left in a production environment would move every due day: the server refuses to start instead.
  if (env.NODE_ENV === "production" && env.OVERSIGHT_CLOCK_FILE && env.OVERSIGHT_CLOCK_FILE_IN_PRODUCTION !== "allow") {
    context.addIssue({ code: "custom", path: ["OVERSIGHT_CLOCK_FILE"], message: "is for tests: under NODE_ENV=production it needs OVERSIGHT_CLOCK_FILE_IN_PRODUCTION=allow as well" });
  }
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (!cached) {
    const parsed = envSchema.safeParse(process.env);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
      throw new Error(`Invalid environment: ${problems}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** For boot code that changes process.env (the embedded database's URL) after a first read. */
export function resetEnvCache(): void {
  cached = undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Read on every call rather than cached

/**
 * DATABASE_URL as it is now: boot sets it once it knows the embedded server's address, and tests that need a
 * database of their own point it elsewhere and back.
 */
export function currentDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start through server.ts or a script that prepares the database first.");
  return url;
}

/**
 * OVERSIGHT_MAX_UPLOAD_BYTES (the older name OVERSIGHT_API_MAX_UPLOAD_BYTES is still read), read per request so
 * that tests and operators can change it without a rebuild; 2 GiB by default.
 */
export function maxUploadBytes(): number {
  for (const name of ["OVERSIGHT_MAX_UPLOAD_BYTES", "OVERSIGHT_API_MAX_UPLOAD_BYTES"]) {
    const configured = Number(process.env[name]);
    if (process.env[name] && Number.isSafeInteger(configured) && configured > 0) return configured;
  }
  return DEFAULT_MAX_UPLOAD_BYTES;
}

/** OVERSIGHT_UPLOAD_DIR: where uploaded files are kept, when not the default .data/uploads. */
export function uploadDirectorySetting(): string | undefined {
  return process.env.OVERSIGHT_UPLOAD_DIR || undefined;
}

/**
 * OVERSIGHT_CITUS: "auto" (default: distribute the tables after migrations when the database has the citus
 * extension), "on" (require it) or "off" (never distribute). Read per call: tests point at a cluster and back.
 */
export function citusMode(): "auto" | "on" | "off" {
  const value = (process.env.OVERSIGHT_CITUS ?? "").trim().toLowerCase();
  if (value === "" || value === "auto") return "auto";
  if (value === "1" || value === "on" || value === "true") return "on";
  if (value === "0" || value === "off" || value === "false") return "off";
  throw new Error(`OVERSIGHT_CITUS is "${value}": use auto, on or off.`);
}

/** CITUS_URL: a Citus coordinator with workers, for `npm run test:citus` and `npm run bench -- --citus` (ADR 049). */
export function citusUrlSetting(): string | undefined {
  return process.env.CITUS_URL || undefined;
}

/** OVERSIGHT_IMPORT_TIMING: log how long each phase of an import took (for tuning, off by default). */
export function importTimingEnabled(): boolean {
  return Boolean(process.env.OVERSIGHT_IMPORT_TIMING);
}

/** This process's environment, copied, for a child process it starts (with the given variables replaced). */
export function environmentForChild(replace: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...replace };
}

/** NODE_OPTIONS of this process (a child process may need them without this process's own heap limit). */
export function nodeOptions(): string {
  return process.env.NODE_OPTIONS ?? "";
}
