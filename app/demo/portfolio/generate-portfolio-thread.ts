// The demo generator on a thread of its own (generate-in-thread.server.ts): the same generateDemoPortfolio, its log
// lines and result posted to the thread that started it.
import { parentPort, workerData } from "node:worker_threads";
import { generateDemoPortfolio } from "./generate-portfolio";
import type { GenerateInThreadMessage, GenerateInThreadRequest } from "./generate-in-thread.server";

const port = parentPort;
if (!port) throw new Error("generate-portfolio-thread.ts runs as a worker thread of generate-in-thread.server.ts");
const request = workerData as GenerateInThreadRequest;
const post = (message: GenerateInThreadMessage) => port.postMessage(message);
const files = await generateDemoPortfolio({
  seed: request.seed,
  scale: request.scale,
  outDir: request.outDir,
  anchorDate: new Date(request.anchorDate),
  log: (line) => post({ type: "log", line }),
});
post({ type: "done", files });
