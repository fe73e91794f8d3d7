import path from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_DEMO_SEED, generateDemoPortfolio } from "../app/demo/portfolio/generate-portfolio";

// `npx tsx scripts/generate-demo.ts [--scale N] [--seed N] [--anchor YYYY-MM-DD] [--out DIR]`: writes the demo
// portfolio's files (placements, each agency's activity file in its own layout, complaints) without loading them,
// e.g. to try them on the Imports page. `npm run demo` generates and loads them in one go.
const { values } = parseArgs({
  options: {
    scale: { type: "string", default: "1" },
    seed: { type: "string", default: String(DEFAULT_DEMO_SEED) },
    anchor: { type: "string" },
    out: { type: "string", default: ".data/demo-portfolio" },
  },
});
const scale = Number(values.scale);
const seed = Number(values.seed);
if (!(scale > 0) || !Number.isInteger(seed)) {
  console.error("--scale must be a positive number and --seed an integer");
  process.exit(2);
}
const anchorDate = values.anchor ? new Date(`${values.anchor}T00:00:00Z`) : undefined;
if (anchorDate && Number.isNaN(anchorDate.getTime())) {
  console.error(`--anchor must be a date YYYY-MM-DD, got '${values.anchor}'`);
  process.exit(2);
}
const started = performance.now();
const files = await generateDemoPortfolio({ seed, scale, outDir: path.resolve(values.out), anchorDate, log: (line) => console.log(line) });
console.log(`Generated in ${((performance.now() - started) / 1000).toFixed(1)} s into ${files.directory}:`);
for (const file of [files.placements, ...files.activities, files.complaints]) console.log(`  ${path.basename(file.path)}  ${file.rows.toLocaleString("en")} rows (${file.badRows} deliberately bad)`);
console.log(JSON.stringify(files.counts));
