import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { embeddedUrl, liveServer, resolveDatabaseUrl, startEmbeddedPostgres } from "~/db/database-url.server";

let scratch: string;
const savedUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), "oversight-dburl-"));
  // When run as root, PostgreSQL runs as the "postgres" OS user and must reach data directories in here.
  await chmod(scratch, 0o755);
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});
afterEach(() => {
  if (savedUrl === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = savedUrl;
});

async function canConnect(port: number): Promise<boolean> {
  const client = new pg.Client({ connectionString: embeddedUrl(port, "postgres"), connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

async function pidFileDir(name: string, contents: string): Promise<string> {
  const dir = path.join(scratch, name);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "postmaster.pid"), contents);
  return dir;
}

describe("resolveDatabaseUrl", () => {
  test("DATABASE_URL wins and is never stopped", async () => {
    process.env.DATABASE_URL = "postgresql://someone:secret@db.example:5432/oversight";
    const resolved = await resolveDatabaseUrl({ dataDir: path.join(scratch, "unused") });
    expect(resolved).toMatchObject({ url: "postgresql://someone:secret@db.example:5432/oversight", embedded: false });
    await resolved.stop();
    expect(existsSync(path.join(scratch, "unused"))).toBe(false);
  });
});

describe("postmaster.pid", () => {
  test("no file: nothing running", () => {
    expect(liveServer(path.join(scratch, "nothing-here"))).toBeUndefined();
  });

  test("a file whose process is gone is stale and removed", async () => {
    const deadPid = spawnSync(process.execPath, ["-e", ""]).pid;
    const dir = await pidFileDir("dead", `${deadPid}\n/x\n1700000000\n54321\n\n127.0.0.1\n 0 0\nready\n`);
    expect(liveServer(dir)).toBeUndefined();
    expect(existsSync(path.join(dir, "postmaster.pid"))).toBe(false);
  });

  test.runIf(process.platform === "linux")("a pid now used by another program is stale too", async () => {
    const dir = await pidFileDir("recycled", `${process.pid}\n/x\n1700000000\n54321\n\n127.0.0.1\n 0 0\nready\n`);
    expect(liveServer(dir)).toBeUndefined();
    expect(existsSync(path.join(dir, "postmaster.pid"))).toBe(false);
  });
});

describe("embedded server", () => {
  test("a second resolve reuses the running server and its stop leaves it running", async () => {
    delete process.env.DATABASE_URL;
    const dataDir = path.join(scratch, "reuse");
    const owner = await startEmbeddedPostgres({ dataDir });
    try {
      expect(owner.startedHere).toBe(true);
      expect(liveServer(dataDir)?.port).toBe(owner.port);

      const second = await resolveDatabaseUrl({ dataDir });
      expect(second.embedded).toBe(true);
      expect(second.url).toBe(embeddedUrl(owner.port, "oversight"));
      await second.stop();
      expect(await canConnect(owner.port)).toBe(true);
    } finally {
      await owner.stop();
    }
    expect(existsSync(path.join(dataDir, "postmaster.pid"))).toBe(false);
    expect(await canConnect(owner.port)).toBe(false);
  });

  test("the process that started the server stops it on SIGTERM", async () => {
    const dataDir = path.join(scratch, "sigterm");
    const moduleUrl = new URL("./database-url.server.ts", import.meta.url).href;
    const script = `
      const { startEmbeddedPostgres } = await import(${JSON.stringify(moduleUrl)});
      const server = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} });
      console.log(JSON.stringify({ port: server.port }));
      setInterval(() => {}, 1000);
    `;
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = once(child, "exit");
    const [line] = (await once(child.stdout, "data")) as [Buffer];
    const { port } = JSON.parse(line.toString()) as { port: number };
    expect(await canConnect(port)).toBe(true);

    child.kill("SIGTERM");
    const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
    expect(signal ?? code).toBe(signal === null ? 143 : "SIGTERM");
    expect(await canConnect(port)).toBe(false);
    expect(liveServer(dataDir)).toBeUndefined();
  });
});
