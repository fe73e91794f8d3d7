// Entry of the parsing thread: worker threads do not inherit tsx's loader, so the TypeScript module is loaded through its API.
import { tsImport } from "tsx/esm/api";

await tsImport("./parse-activities-worker.ts", import.meta.url);
