// Entry of the demo generator's thread: worker threads do not inherit tsx's loader, so the TypeScript module is loaded through its API.
import { tsImport } from "tsx/esm/api";

await tsImport("./generate-portfolio-thread.ts", import.meta.url);
