import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { embeddedUrl, firstUnreachableFolder, liveServer, PASSWORD_FILE, readPassword, resolveDatabaseUrl, startEmbeddedPostgres } from "./database-url";

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

async function canConnect(port: number, password: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: embeddedUrl(port, "postgres", password), connectionTimeoutMillis: 2_000 });
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
      expect(second.url).toBe(embeddedUrl(owner.port, "oversight", owner.password));
      await second.stop();
      expect(await canConnect(owner.port, owner.password)).toBe(true);
    } finally {
      await owner.stop();
    }
    expect(existsSync(path.join(dataDir, "postmaster.pid"))).toBe(false);
    expect(await canConnect(owner.port, owner.password)).toBe(false);
  });

  test("the process that started the server stops it on SIGTERM", async () => {
    const dataDir = path.join(scratch, "sigterm");
    const moduleUrl = new URL("./database-url.ts", import.meta.url).href;
    const script = `
      const { startEmbeddedPostgres } = await import(${JSON.stringify(moduleUrl)});
      const server = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} });
      console.log(JSON.stringify({ port: server.port, password: server.password }));
      setInterval(() => {}, 1000);
    `;
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = once(child, "exit");
    const [line] = (await once(child.stdout, "data")) as [Buffer];
    const { port, password } = JSON.parse(line.toString()) as { port: number; password: string };
    expect(await canConnect(port, password)).toBe(true);

    child.kill("SIGTERM");
    const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
    expect(signal ?? code).toBe(signal === null ? 143 : "SIGTERM");
    expect(await canConnect(port, password)).toBe(false);
    expect(liveServer(dataDir)).toBeUndefined();
  });
});

describe("data at rest", () => {
  test("a random password kept in the data directory (0600), a 0700 data directory, loopback TCP only", async () => {
    const dataDir = path.join(scratch, "private");
    const server = await startEmbeddedPostgres({ dataDir });
    try {
      expect(server.password).toMatch(/^[\w-]{32}$/);
      expect(server.password).not.toBe("postgres");
      expect((await readFile(path.join(dataDir, PASSWORD_FILE), "utf8")).trim()).toBe(server.password);
      expect((await stat(path.join(dataDir, PASSWORD_FILE))).mode & 0o777).toBe(0o600);
      expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
      expect(await canConnect(server.port, "postgres")).toBe(false);
      // Every file and folder at the top of the data directory is private to its owner.
      const entries = await readdir(dataDir);
      expect(entries).toContain("PG_VERSION");
      for (const entry of entries) expect({ entry, groupOrOther: (await stat(path.join(dataDir, entry))).mode & 0o077 }).toEqual({ entry, groupOrOther: 0 });

      const client = new pg.Client({ connectionString: server.url("postgres") });
      await client.connect();
      try {
        const settings = await client.query<{ name: string; setting: string }>(
          "SELECT name, setting FROM pg_settings WHERE name IN ('listen_addresses', 'unix_socket_directories', 'password_encryption') ORDER BY name",
        );
        expect(settings.rows).toEqual([
          { name: "listen_addresses", setting: "127.0.0.1" },
          { name: "password_encryption", setting: "scram-sha-256" },
          { name: "unix_socket_directories", setting: "" },
        ]);
      } finally {
        await client.end();
      }
    } finally {
      await server.stop();
    }
    // A second start keeps the same password.
    const again = await startEmbeddedPostgres({ dataDir });
    try {
      expect(again.password).toBe(server.password);
      expect(await canConnect(again.port, server.password)).toBe(true);
    } finally {
      await again.stop();
    }
  });

  test("a cluster from before random passwords gets one at its next start", async () => {
    const dataDir = path.join(scratch, "legacy");
    const first = await startEmbeddedPostgres({ dataDir });
    const client = new pg.Client({ connectionString: first.url("postgres") });
    await client.connect();
    await client.query("ALTER ROLE postgres PASSWORD 'postgres'");
    await client.end();
    await first.stop();
    await rm(path.join(dataDir, PASSWORD_FILE));

    const upgraded = await startEmbeddedPostgres({ dataDir });
    try {
      expect(upgraded.password).not.toBe("postgres");
      expect(readPassword(dataDir)).toBe(upgraded.password);
      expect(await canConnect(upgraded.port, upgraded.password)).toBe(true);
      expect(await canConnect(upgraded.port, "postgres")).toBe(false);
    } finally {
      await upgraded.stop();
    }
  });
});

describe("firstUnreachableFolder", () => {
  const postgres = { uid: 100, gids: [101] };
  const folders: Record<string, { uid: number; gid: number; mode: number }> = {
    "/": { uid: 0, gid: 0, mode: 0o755 },
    "/root": { uid: 0, gid: 0, mode: 0o700 },
    "/root/app": { uid: 0, gid: 0, mode: 0o755 },
    "/srv": { uid: 0, gid: 0, mode: 0o755 },
    "/srv/app": { uid: 0, gid: 0, mode: 0o755 },
    "/srv/group": { uid: 0, gid: 101, mode: 0o750 },
    "/srv/mine": { uid: 100, gid: 0, mode: 0o700 },
    "/tmp": { uid: 0, gid: 0, mode: 0o1777 },
    "/tmp/tmp.x": { uid: 0, gid: 0, mode: 0o700 },
  };
  test.each([
    ["/root/app/.data/postgres", postgres, "/root"],
    ["/tmp/tmp.x/app/node_modules", postgres, "/tmp/tmp.x"],
    ["/srv/app/.data/postgres", postgres, undefined],
    ["/srv/group/data", postgres, undefined],
    ["/srv/mine/data", postgres, undefined],
    // A user not created yet only gets the "other" bits.
    ["/srv/group/data", undefined, "/srv/group"],
  ])("%s for %o: %s", (target, ids, expected) => {
    expect(firstUnreachableFolder(target, ids, (folder) => folders[folder])).toBe(expected);
  });
});
