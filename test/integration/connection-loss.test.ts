import { afterAll, describe, expect, test, vi } from "vitest";
import { closePool, getPool, expectConnectionsToEnd, withDedicatedClient } from "~/db/pg.server";

// A connection PostgreSQL ends (a restart, an administrator, a dropped database) while the app is not using it. Left
// unheard, pg throws the loss as an uncaught exception, which ends a web or worker process; Vitest reports one as an
// error of the run, so each test below fails if the loss is not handled.

afterAll(async () => {
  await closePool();
});

async function terminate(pid: number): Promise<void> {
  const { rows } = await getPool().query<{ ended: boolean }>("SELECT pg_terminate_backend($1::int) AS ended", [pid]);
  expect(rows[0]?.ended).toBe(true);
}

/** Waits (a bounded number of turns) until the condition holds: the loss arrives on the socket asynchronously. */
async function until(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 200 && !condition(); turn++) await new Promise((resolve) => setTimeout(resolve, 25));
  expect(condition()).toBe(true);
}

/** Ends one of the pool's connections while it waits idle in the pool; resolves once the pool has dropped it. */
async function loseIdlePooledConnection(): Promise<number> {
  const pool = getPool();
  // Two connections at once, so that the one left idle is not the one that ends it.
  const [client, other] = await Promise.all([pool.connect(), pool.connect()]);
  const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
  const lostPid = rows[0]!.pid;
  client.release();
  try {
    const { rows: ended } = await other.query<{ ended: boolean }>("SELECT pg_terminate_backend($1::int) AS ended", [lostPid]);
    expect(ended[0]?.ended).toBe(true);
  } finally {
    other.release();
  }
  await until(() => pool.totalCount === 1);
  return lostPid;
}

describe("a connection lost while idle", () => {
  test("in the pool: reported, dropped from the pool, and the next query gets a new connection", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const lostPid = await loseIdlePooledConnection();
    expect(errors.mock.calls.map((call) => String(call[0]))).toEqual([expect.stringMatching(/^\[db\] an idle pooled connection was lost: terminating connection/)]);
    errors.mockRestore();
    const { rows: after } = await getPool().query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    expect(after[0]!.pid).not.toBe(lostPid);
  });

  test("a dedicated connection: the work's next query fails with the reason, and the process goes on", async () => {
    const outcome = withDedicatedClient(async (client) => {
      const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      await terminate(rows[0]!.pid);
      await until(() => (client as unknown as { _ending?: boolean; _connected?: boolean; _queryable?: boolean })._queryable === false);
      return client.query("SELECT 1");
    }, { applicationName: "connection-loss test" });
    await expect(outcome).rejects.toThrow(/terminat|not queryable|Connection/i);
    const { rows } = await getPool().query<{ one: number }>("SELECT 1 AS one");
    expect(rows[0]!.one).toBe(1);
  });

  test("while the process stops its own database server: the loss is expected and not reported", async () => {
    expectConnectionsToEnd();
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    await loseIdlePooledConnection();
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });
});
