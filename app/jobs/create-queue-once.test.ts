import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test } from "vitest";

// Two processes creating pg-boss queues at once deadlock inside pg-boss (ADR 042): every queue is created through
// createJobQueue, which takes the queue-setup lock. A direct createQueue call elsewhere brings the deadlock back.
const projectRoot = path.resolve(import.meta.dirname, "../..");

async function sourceFiles(directory: string): Promise<string[]> {
  const entries = await readdir(path.join(projectRoot, directory), { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name))
    .map((entry) => path.relative(projectRoot, path.join(entry.parentPath, entry.name)));
}

test("pg-boss queues are created only through createJobQueue", async () => {
  const files = [...(await sourceFiles("app")), ...(await sourceFiles("server")), ...(await sourceFiles("scripts"))].filter((file) => !file.startsWith("app/generated/"));
  const direct: string[] = [];
  for (const file of files) {
    if (file === path.join("app", "jobs", "queue.server.ts")) continue;
    const text = await readFile(path.join(projectRoot, file), "utf8");
    if (/\.createQueue\(/.test(text)) direct.push(file);
  }
  expect(direct).toEqual([]);
});
