// Writes the demo portfolio as the files a lender and its agencies would send: the lender's placements and
// complaints in the canonical CSV, each agency's activity in its own layout (canonical CSV, GBK CSV with Chinese
// headers, an XLSX workbook). Everything streams: one placement's events at a time, written through buffers with
// backpressure, so memory stays flat at any scale.
import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { once } from "node:events";
import path from "node:path";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import type { MappingProfile } from "~/ingest/rows/mapping";
import { demoAgencies } from "../demo-users";
import { demoAgencyBehaviours, type AgencyBehaviour, type FileLayout } from "./behaviour";
import { DEMO_MAPPING_PROFILE_NAME } from "./facts";
import {
  activityCells, activityHeader, activityXlsxCells, badActivityRows, badComplaintRows, badKinlinkRows, badPlacementRows, complaintCells,
  complaintHeader, kinlinkCells, kinlinkHeader, kinlinkMappingProfile, placementCells, placementHeader, type ActivityCell,
} from "./layouts";
import { isoDate, offsetMinutes, planPortfolio, type PlannedPlacement, type PortfolioWindow } from "./plan";
import { demoFeedGap, isLeftOutOfLog } from "./log-gaps";
import { rosterHeaders, rosterRows } from "./rosters";
import { simulatePortfolio, type SimComplaint } from "./simulate";

export type DemoPortfolioFile = { path: string; rows: number; badRows: number };
export type DemoActivityFile = DemoPortfolioFile & {
  agencyCode: string;
  layout: FileLayout;
  /** The mapping profile the agency's files need, saved before the import (null: canonical columns). */
  mappingProfile: { name: string; profile: MappingProfile } | null;
};

export type DemoPortfolioFiles = {
  seed: number;
  scale: number;
  /** "YYYY-MM-DD": the data covers the 12 whole months before this date's month. */
  anchorDate: string;
  window: { from: string; to: string };
  directory: string;
  placements: DemoPortfolioFile;
  activities: DemoActivityFile[];
  complaints: DemoPortfolioFile;
  /** One roster per agency (import kind AGENTS). */
  rosters: (DemoPortfolioFile & { agencyCode: string })[];
  counts: { customers: number; accounts: number; placements: number; events: number; complaints: number; badRows: number };
};

export const DEFAULT_DEMO_SEED = 20_260_101;
/** Time zone in which the lender writes complaint receipt times (the lender.timeZone setting's default). */
const LENDER_ZONE = "Asia/Shanghai";

type RowSink = { write: (cells: ActivityCell[]) => Promise<void>; close: () => Promise<void> };

function csvField(value: ActivityCell): string {
  const text = value === null ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A CSV file written in large chunks; GBK files are encoded chunk by chunk (whole lines, so never mid-character). */
function csvSink(filePath: string, header: readonly string[], encoding: "utf8" | "gbk"): RowSink {
  const stream: WriteStream = createWriteStream(filePath);
  const encode = (text: string): Buffer => (encoding === "gbk" ? iconv.encode(text, "gbk") : Buffer.from(text, "utf8"));
  // Excel needs the BOM to read UTF-8; a GBK file has none, as Excel in Chinese saves it.
  let buffer = `${encoding === "utf8" ? "\uFEFF" : ""}${header.join(",")}\r\n`;
  const flush = async () => {
    if (buffer === "") return;
    const ok = stream.write(encode(buffer));
    buffer = "";
    if (!ok) await once(stream, "drain");
  };
  return {
    write: async (cells) => {
      buffer += `${cells.map(csvField).join(",")}\r\n`;
      if (buffer.length > 256 * 1024) await flush();
    },
    close: async () => {
      await flush();
      stream.end();
      await once(stream, "finish");
    },
  };
}

function xlsxSink(filePath: string, sheetName: string, header: readonly string[]): RowSink {
  // useStyles: date cells need their number format to be read back as dates.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: filePath, useStyles: true, useSharedStrings: false });
  workbook.creator = "agency-oversight demo";
  workbook.created = new Date(Date.UTC(2026, 0, 1));
  workbook.modified = workbook.created;
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow([...header]).commit();
  let rows = 0;
  return {
    write: async (cells) => {
      const row = sheet.addRow(cells);
      const dateCell = row.getCell(5);
      if (dateCell.value instanceof Date) dateCell.numFmt = "yyyy-mm-dd hh:mm:ss";
      row.commit();
      // Let the zip stream drain now and then: committed rows are written, not kept.
      if (++rows % 5_000 === 0) await new Promise((resolve) => setImmediate(resolve));
    },
    close: async () => {
      sheet.commit();
      await workbook.commit();
    },
  };
}

const fileExtension: Record<FileLayout, string> = { "canonical-csv": "csv", "gbk-csv": "csv", xlsx: "xlsx" };

/**
 * Generates the portfolio for `seed` and `scale` (1: about 20,000 placements and 1,000,000 events) into `outDir`.
 * Deterministic for a given seed, scale and anchor date: the CSV files are byte for byte the same.
 */
export async function generateDemoPortfolio(options: { seed?: number; scale?: number; outDir: string; anchorDate?: Date; log?: (line: string) => void }): Promise<DemoPortfolioFiles> {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const scale = options.scale ?? 1;
  if (!(scale > 0)) throw new Error(`scale must be positive, got ${scale}`);
  const anchor = options.anchorDate ?? new Date();
  const anchorDate = anchor.toISOString().slice(0, 10);
  await mkdir(options.outDir, { recursive: true });
  const plan = planPortfolio({ seed, scale, anchor });
  const { window } = plan;
  options.log?.(`planned ${plan.placements.length.toLocaleString("en")} placements (${window.from} to ${window.to})`);

  const placementsPath = path.join(options.outDir, "demo-placements.csv");
  const placementSink = csvSink(placementsPath, placementHeader, "utf8");
  let placementRows = 0;
  const badPlacements = badPlacementRows(window);
  const writePlacement = async (placement: PlannedPlacement) => {
    await placementSink.write(placementCells(placement, window));
    placementRows++;
    // The bad rows sit among good ones, as they would in a real file.
    if (placementRows === Math.min(50, plan.placements.length)) for (const bad of badPlacements) await placementSink.write(bad);
  };

  const zoneOf = new Map(demoAgencies.map((agency) => [agency.code, agency.timeZone]));
  // Agencies send one activity file a month: batches stay a size that every later stage handles comfortably,
  // and the imports page shows a year of history.
  type ActivityFileState = { behaviour: AgencyBehaviour; month: number; filePath: string; sink: RowSink; rows: number; badRows: number; zone: string };
  const activityFiles: ActivityFileState[] = [];
  const openFiles = new Map<string, ActivityFileState>();
  const sequences = new Map<string, number>();
  const fileFor = (behaviour: AgencyBehaviour, month: number): ActivityFileState => {
    const key = `${behaviour.code}:${month}`;
    let file = openFiles.get(key);
    if (!file) {
      const monthLabel = isoDate(Date.UTC(new Date(window.startMs).getUTCFullYear(), new Date(window.startMs).getUTCMonth() + month, 1)).slice(0, 7);
      const filePath = path.join(options.outDir, `demo-activities-${behaviour.code.toLowerCase()}-${monthLabel}.${fileExtension[behaviour.layout]}`);
      const sink = behaviour.layout === "xlsx" ? xlsxSink(filePath, "activities", activityHeader) : behaviour.layout === "gbk-csv" ? csvSink(filePath, kinlinkHeader, "gbk") : csvSink(filePath, activityHeader, "utf8");
      file = { behaviour, month, filePath, sink, rows: 0, badRows: 0, zone: zoneOf.get(behaviour.code) ?? "Asia/Shanghai" };
      openFiles.set(key, file);
      activityFiles.push(file);
    }
    return file;
  };
  const windowYear = new Date(window.startMs).getUTCFullYear();
  const windowMonth = new Date(window.startMs).getUTCMonth();
  const monthOf = (utcMs: number, zone: string): number => {
    const wall = new Date(utcMs + offsetMinutes(zone, utcMs) * 60_000);
    return Math.min(11, Math.max(0, (wall.getUTCFullYear() - windowYear) * 12 + wall.getUTCMonth() - windowMonth));
  };
  const badRowsFor = (file: ActivityFileState, someAccount: string) =>
    file.behaviour.layout === "gbk-csv" ? badKinlinkRows(window, someAccount) : badActivityRows(`${file.behaviour.code}-${file.month + 1}`, window, someAccount);

  const complaints: SimComplaint[] = [];
  let events = 0;
  const feedGap = demoFeedGap(window);
  for (const { placement, behaviour, simulated } of simulatePortfolio(plan, seed, scale)) {
    await writePlacement(placement);
    const agents = plan.agents.get(behaviour.code) ?? [];
    for (const complaint of simulated.complaints) complaints.push(complaint);
    const complaintMs = simulated.complaints.filter((complaint) => complaint.accountNumber === placement.accountNumber && complaint.agencyCode === behaviour.code).map((complaint) => complaint.utcMs);
    for (const event of simulated.events) {
      const zone = zoneOf.get(behaviour.code) ?? "Asia/Shanghai";
      // What the agency leaves out of its log (log-gaps.ts): IDLEWOOD's missing week, BLITZ's unlogged contacts.
      const localDay = new Date(event.utcMs + offsetMinutes(zone, event.utcMs) * 60_000).toISOString().slice(0, 10);
      if (isLeftOutOfLog({ agencyCode: behaviour.code, showcase: placement.showcase !== null, accountNumber: placement.accountNumber, type: event.type, utcMs: event.utcMs, localDay, gap: feedGap, complaintMs })) continue;
      const file = fileFor(behaviour, monthOf(event.utcMs, zone));
      const sequence = (sequences.get(behaviour.code) ?? 0) + 1;
      sequences.set(behaviour.code, sequence);
      const eventId = `${behaviour.code.slice(0, 2)}${String(sequence).padStart(9, "0")}`;
      const agent = agents[event.agentIndex] ?? agents[0];
      if (!agent) throw new Error(`agency ${behaviour.code} has no agents`);
      const cells = activityCells(eventId, event, placement, agent, behaviour, window, file.zone);
      if (behaviour.layout === "xlsx") await file.sink.write(activityXlsxCells(cells, event, file.zone));
      else if (behaviour.layout === "gbk-csv") await file.sink.write(kinlinkCells(cells, event, file.zone, sequence));
      else await file.sink.write(cells);
      file.rows++;
      events++;
      if (file.rows === 100) {
        // The bad rows sit among good ones, as they would in a real file.
        const bad = badRowsFor(file, placement.accountNumber);
        for (const row of bad) await file.sink.write(row);
        file.badRows += bad.length;
      }
    }
  }
  if (placementRows < Math.min(50, plan.placements.length)) for (const bad of badPlacements) await placementSink.write(bad);
  await placementSink.close();
  for (const file of activityFiles) {
    if (file.badRows === 0) {
      // A file too small to reach row 100 still carries its bad rows.
      const someAccount = plan.placements.find((placement) => placement.agencyCode === file.behaviour.code)?.accountNumber ?? "0";
      const bad = badRowsFor(file, someAccount);
      for (const row of bad) await file.sink.write(row);
      file.badRows += bad.length;
    }
    await file.sink.close();
  }
  // Imported month by month, each month's files in the agencies' order.
  const agencyOrder = new Map(demoAgencyBehaviours.map((behaviour, index) => [behaviour.code, index]));
  activityFiles.sort((a, b) => a.month - b.month || (agencyOrder.get(a.behaviour.code) ?? 0) - (agencyOrder.get(b.behaviour.code) ?? 0));
  options.log?.(`wrote ${events.toLocaleString("en")} events in ${activityFiles.length} monthly agency files`);

  complaints.sort((a, b) => a.utcMs - b.utcMs);
  const complaintsPath = path.join(options.outDir, "demo-complaints.csv");
  const complaintSink = csvSink(complaintsPath, complaintHeader, "utf8");
  let complaintSequence = 0;
  for (const complaint of complaints) {
    const agents = plan.agents.get(complaint.agencyCode) ?? [];
    const agentId = complaint.agentIndex === null ? null : (agents[complaint.agentIndex]?.externalId ?? null);
    await complaintSink.write(complaintCells(`CP-${String(++complaintSequence).padStart(6, "0")}`, complaint, agentId, LENDER_ZONE));
  }
  const badComplaints = badComplaintRows(window, plan.placements[0]?.accountNumber ?? "0");
  for (const row of badComplaints) await complaintSink.write(row);
  await complaintSink.close();

  const rosters: DemoPortfolioFiles["rosters"] = [];
  for (const behaviour of demoAgencyBehaviours) {
    const rosterPath = path.join(options.outDir, `demo-roster-${behaviour.code}.csv`);
    const sink = csvSink(rosterPath, rosterHeaders[behaviour.region], "utf8");
    const rows = rosterRows(behaviour.code, behaviour.region, plan.agents.get(behaviour.code) ?? [], window);
    for (const row of rows) await sink.write(row);
    await sink.close();
    rosters.push({ agencyCode: behaviour.code, path: rosterPath, rows: rows.length, badRows: 0 });
  }

  const activities: DemoActivityFile[] = activityFiles.map((file) => ({
    agencyCode: file.behaviour.code,
    layout: file.behaviour.layout,
    path: file.filePath,
    rows: file.rows + file.badRows,
    badRows: file.badRows,
    mappingProfile: file.behaviour.layout === "gbk-csv" ? { name: DEMO_MAPPING_PROFILE_NAME, profile: kinlinkMappingProfile } : null,
  }));
  const badRows = badPlacements.length + badComplaints.length + activities.reduce((sum, file) => sum + file.badRows, 0);
  return {
    seed,
    scale,
    anchorDate,
    window: { from: window.from, to: window.to },
    directory: options.outDir,
    placements: { path: placementsPath, rows: placementRows + badPlacements.length, badRows: badPlacements.length },
    activities,
    complaints: { path: complaintsPath, rows: complaints.length + badComplaints.length, badRows: badComplaints.length },
    rosters,
    counts: { customers: plan.customers, accounts: plan.accounts, placements: placementRows, events, complaints: complaints.length, badRows },
  };
}

export type { PortfolioWindow };
