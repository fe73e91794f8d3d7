// The administrators' command line as the tests run it: `scripts/oversight.ts` in a child process of its own, with the
// test's environment (its database), returning the exit code and both streams.
import { spawn } from "node:child_process";
import path from "node:path";

export type CliResult = { code: number | null; stdout: string; stderr: string };

/** `stdin`: what the command reads from standard input (e.g. a password); without it, standard input is empty. */
export function oversight(args: string[], stdin?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/oversight.ts", ...args], { cwd: path.resolve(import.meta.dirname, "../.."), env: process.env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? "");
  });
}
