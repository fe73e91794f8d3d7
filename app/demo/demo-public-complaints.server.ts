import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { ImportBatchDetail } from "~/ingest/pipeline/import-types";
import { importDemoFile } from "./portfolio/load-portfolio.server";
import { generateDemoPublicComplaints } from "./demo-public-complaints";

export const DEMO_CFPB_FILE_NAME = "demo-cfpb-complaints.csv";

/**
 * Writes the demo's CFPB-layout file and imports it through the pipeline as a lender would (the agencies' aliases
 * come with the demo organisation). A second run adds nothing: the complaint ids are already stored.
 */
export async function seedDemoPublicComplaints(options: { seed: number; now: Date; directory: string; perAgency?: number }): Promise<ImportBatchDetail> {
  const file = generateDemoPublicComplaints({ seed: options.seed, anchorDate: options.now, perAgency: options.perAgency });
  const filePath = path.join(options.directory, DEMO_CFPB_FILE_NAME);
  await writeFile(filePath, file.csv, "utf8");
  return importDemoFile({ kind: "COMPLAINTS", agencyId: null, filePath, layout: "cfpb", deferStages: false });
}
