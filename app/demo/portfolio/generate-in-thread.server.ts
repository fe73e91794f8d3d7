import path from "node:path";
import { Worker } from "node:worker_threads";
import { projectRoot } from "~/project-root.server";
import type { DemoPortfolioFiles } from "./generate-portfolio";

// `npm run demo` generates the portfolio (about 30 CPU-seconds at scale 1) on a thread of its own, so that it runs on
// the second core while the main thread starts and migrates the database. The files are the same as
// generateDemoPortfolio writes on the calling thread: it is the same function with the same arguments.

export type GenerateInThreadRequest = { seed: number; scale: number; outDir: string; anchorDate: string };
export type GenerateInThreadMessage = { type: "log"; line: string } | { type: "done"; files: DemoPortfolioFiles };

/** generateDemoPortfolio run on a worker thread: its files (rejects with the thread's error), and a way to stop it. */
export function generateDemoPortfolioInThread(options: { seed: number; scale: number; outDir: string; anchorDate: Date; log?: (line: string) => void }): {
  files: Promise<DemoPortfolioFiles>;
  cancel: () => Promise<void>;
} {
  const request: GenerateInThreadRequest = { seed: options.seed, scale: options.scale, outDir: options.outDir, anchorDate: options.anchorDate.toISOString() };
  // Not the tsx loader of this process: the entry loads the TypeScript module through tsx's API.
  const worker = new Worker(path.join(projectRoot(), "app/demo/portfolio/generate-portfolio-thread.mjs"), { workerData: request, execArgv: [] });
  const files = new Promise<DemoPortfolioFiles>((resolve, reject) => {
    let files: DemoPortfolioFiles | null = null;
    worker.on("message", (message: GenerateInThreadMessage) => {
      if (message.type === "log") options.log?.(message.line);
      else files = message.files;
    });
    worker.on("error", reject);
    worker.on("exit", (code) => {
      if (files) resolve(files);
      else reject(new Error(`the demo generator's thread ended (code ${code}) without its files`));
    });
  });
  return { files, cancel: async () => void (await worker.terminate()) };
}
