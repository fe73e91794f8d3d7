import { defineConfig } from "vitest/config";
import base from "./vitest.config";

// `npm run test:machines`: the several-machines test (test/machines/), which starts the production build as separate
// web and worker processes, so it needs `npm run build` first and is kept out of the unit and integration run.
export default defineConfig({ ...base, test: { ...base.test, include: ["test/machines/**/*.test.ts"], testTimeout: 1_500_000 } });
