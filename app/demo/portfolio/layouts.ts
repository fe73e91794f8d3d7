// How each kind of file is laid out: the canonical columns of docs/IMPORT_FORMAT.md, and KINLINK's own Chinese
// layout (headers, codes and date format) that its saved mapping profile translates. Pure: rows in, cells out.
import type { MappingProfile } from "~/ingest/rows/mapping";
import type { AgencyBehaviour } from "./behaviour";
import { DAY_MS, isoDate, offsetMinutes, type Agent, type PlannedPlacement, type PortfolioWindow } from "./plan";
import type { SimComplaint, SimEvent } from "./simulate";

export const money = (cents: number): string => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;

/** "YYYY-MM-DD HH:mm:ss" of an instant as a clock in `zone` shows it. */
export function wallClock(utcMs: number, zone: string, separator = "-"): string {
  const text = new Date(utcMs + offsetMinutes(zone, utcMs) * 60_000).toISOString();
  const date = separator === "-" ? text.slice(0, 10) : text.slice(0, 10).replaceAll("-", separator);
  return `${date} ${text.slice(11, 19)}`;
}

/** ISO 8601 with the zone's offset at that instant: "2026-03-02T09:05:00-05:00". */
export function isoWithOffset(utcMs: number, zone: string): string {
  const offset = offsetMinutes(zone, utcMs);
  const sign = offset < 0 ? "-" : "+";
  const absolute = Math.abs(offset);
  const text = new Date(utcMs + offset * 60_000).toISOString().slice(0, 19);
  return `${text}${sign}${String(Math.floor(absolute / 60)).padStart(2, "0")}:${String(absolute % 60).padStart(2, "0")}`;
}

export const placementHeader = ["account_number", "customer_id", "agency_code", "placed_at", "placed_balance", "currency", "recalled_at", "dpd_at_placement", "product", "debtor_name", "debtor_phones", "debtor_timezone", "third_party_consent", "state"];

export function placementCells(placement: PlannedPlacement, window: PortfolioWindow): string[] {
  return [
    placement.accountNumber,
    placement.customerRef,
    placement.agencyCode,
    isoDate(window.startMs + placement.placedDay * DAY_MS),
    money(placement.balanceCents),
    placement.currency,
    placement.recalledDay === null ? "" : isoDate(window.startMs + placement.recalledDay * DAY_MS),
    String(placement.dpd),
    placement.product,
    placement.debtorName,
    placement.phones.join(";"),
    placement.timeZone,
    placement.thirdPartyConsent ? "true" : "false",
    placement.state ?? "",
  ];
}

/** Rows the pipeline must reject: an impossible date, an unknown agency, a negative balance, a state that is none. */
export function badPlacementRows(window: PortfolioWindow): string[][] {
  const year = new Date(window.startMs).getUTCFullYear() + 1;
  return [
    ["6222000000999901", "C-BAD-1", "ANCHOR", `${year}-02-30`, "1000.00", "CNY", "", "95", "CREDIT_CARD", "赵错误", "13700000001", "Asia/Shanghai", "false", ""],
    ["6222000000999902", "C-BAD-2", "NOPE", isoDate(window.startMs), "1000.00", "CNY", "", "95", "CREDIT_CARD", "钱未知", "13700000002", "Asia/Shanghai", "false", ""],
    ["6222000000999903", "C-BAD-3", "BLITZ", isoDate(window.startMs), "-50.00", "CNY", "", "95", "CREDIT_CARD", "孙负数", "13700000003", "Asia/Shanghai", "false", ""],
    ["4000100000999904", "C-BAD-4", "MERIDIAN", isoDate(window.startMs), "800.00", "USD", "", "95", "CREDIT_CARD", "Sam Nostate", "+12125550199", "America/New_York", "false", "Mass."],
  ];
}

export const activityHeader = ["event_id", "account_number", "agent_id", "agent_name", "occurred_at", "type", "direction", "contact_party", "outcome", "phone_number", "duration_seconds", "message_text", "amount", "currency", "promise_due_date", "visitors", "recording_id", "address", "consent_scope"];

export type ActivityCell = string | number | Date | null;

/** Canonical activity row. US agencies write instants with their offset; Chinese ones write local clock time. */
export function activityCells(eventId: string, event: SimEvent, placement: PlannedPlacement, agent: Agent, behaviour: AgencyBehaviour, window: PortfolioWindow, agencyZone: string): string[] {
  const occurredAt = behaviour.region === "us" ? isoWithOffset(event.utcMs, placement.timeZone) : wallClock(event.utcMs, agencyZone);
  return [
    eventId,
    placement.accountNumber,
    agent.externalId,
    agent.name,
    occurredAt,
    event.type,
    event.direction,
    event.party ?? "",
    event.outcome ?? "",
    event.phone ?? "",
    event.durationSeconds === null ? "" : String(event.durationSeconds),
    event.text ?? "",
    event.amountCents === null ? "" : money(event.amountCents),
    event.amountCents === null ? "" : placement.currency,
    event.promiseDueDay === null ? "" : isoDate(window.startMs + event.promiseDueDay * DAY_MS),
    event.visitors === null ? "" : String(event.visitors),
    event.recordingId ?? "",
    event.address ?? "",
    event.consentScope ?? "",
  ];
}

/**
 * The XLSX sender writes real date cells (Excel's wall clock in the agency's zone) and numbers as numbers, as a
 * spreadsheet export does.
 */
export function activityXlsxCells(cells: string[], event: SimEvent, agencyZone: string): ActivityCell[] {
  const wall = new Date(event.utcMs + offsetMinutes(agencyZone, event.utcMs) * 60_000);
  wall.setUTCMilliseconds(0);
  return cells.map((cell, index) => {
    if (index === 4) return wall;
    if (cell !== "" && (index === 10 || index === 15)) return Number(cell);
    return cell === "" ? null : cell;
  });
}

export function badActivityRows(agencyCode: string, window: PortfolioWindow, someAccount: string): string[][] {
  const year = new Date(window.startMs).getUTCFullYear() + 1;
  const base = (id: string) => [`${agencyCode}-BAD-${id}`, someAccount, "X001", "", `${year}-01-15 10:00:00`, "CALL", "OUTBOUND", "DEBTOR", "NO_ANSWER", "", "", "", "", "", "", "", "", "", ""];
  const impossibleDate = base("1");
  impossibleDate[4] = `${year}-02-30 10:00:00`;
  const unknownType = base("2");
  unknownType[5] = "FAX";
  return [impossibleDate, unknownType];
}

// KINLINK's own layout: Chinese headers and codes, slashes in dates, GBK bytes.
export const kinlinkHeader = ["流水号", "账号", "催收员工号", "催收员", "时间", "方式", "方向", "对象", "结果", "号码", "通话时长", "内容", "金额", "币种", "承诺日期", "人数", "录音编号", "地址"];

const kinlinkType: Record<string, string> = { CALL: "电话", SMS: "短信", VISIT: "上门", PAYMENT: "还款", PROMISE: "承诺还款", NOTE: "备注", LETTER: "信函", DISPUTE: "异议", CEASE_REQUEST: "停催", EMAIL: "邮件", VERIFICATION_SENT: "核实结果" };
const kinlinkDirection: Record<string, string> = { OUTBOUND: "呼出", INBOUND: "呼入" };
const kinlinkParty: Record<string, readonly string[]> = { DEBTOR: ["本人"], SPOUSE: ["配偶"], FAMILY: ["家属", "父母", "子女"], THIRD_PARTY: ["朋友"], EMPLOYER: ["单位"], UNKNOWN: ["未知"] };
const kinlinkOutcome: Record<string, string> = { CONNECTED: "已接通", NO_ANSWER: "未接通", VOICEMAIL: "语音信箱", BUSY: "占线", NOT_IN_SERVICE: "关机", WRONG_NUMBER: "错号", REFUSED: "拒接", DELIVERED: "已送达", FAILED: "失败" };

/** The saved profile that turns KINLINK's layout into the canonical one (created through saveMappingProfile). */
export const kinlinkMappingProfile: MappingProfile = {
  columnMap: {
    流水号: "event_id", 账号: "account_number", 催收员工号: "agent_id", 催收员: "agent_name", 时间: "occurred_at", 方式: "type", 方向: "direction",
    对象: "contact_party", 结果: "outcome", 号码: "phone_number", 通话时长: "duration_seconds", 内容: "message_text", 金额: "amount", 币种: "currency",
    承诺日期: "promise_due_date", 人数: "visitors", 录音编号: "recording_id", 地址: "address",
  },
  valueMap: {
    outcome: { 未接通: "NO_ANSWER", 关机: "NOT_IN_SERVICE" },
    contact_party: { 父母: "FAMILY", 子女: "FAMILY" },
  },
  dateFormat: "yyyy/MM/dd HH:mm:ss",
  timeZone: "Asia/Shanghai",
};

export function kinlinkCells(canonical: string[], event: SimEvent, agencyZone: string, partyChoice: number): string[] {
  const parties = event.party ? (kinlinkParty[event.party] ?? ["未知"]) : null;
  return [
    canonical[0] ?? "",
    canonical[1] ?? "",
    canonical[2] ?? "",
    canonical[3] ?? "",
    wallClock(event.utcMs, agencyZone, "/"),
    kinlinkType[event.type] ?? event.type,
    kinlinkDirection[event.direction] ?? "",
    parties ? (parties[partyChoice % parties.length] ?? "") : "",
    event.outcome ? (kinlinkOutcome[event.outcome] ?? "") : "",
    canonical[9] ?? "",
    canonical[10] ?? "",
    canonical[11] ?? "",
    canonical[12] ?? "",
    canonical[13] ?? "",
    (canonical[14] ?? "").replaceAll("-", "/"),
    canonical[15] ?? "",
    canonical[16] ?? "",
    canonical[17] ?? "",
  ];
}

export function badKinlinkRows(window: PortfolioWindow, someAccount: string): string[][] {
  const year = new Date(window.startMs).getUTCFullYear() + 1;
  const row = (id: string, time: string, type: string) => [`KINLINK-BAD-${id}`, someAccount, "KI001", "", time, type, "呼出", "本人", "未接通", "", "", "", "", "", "", "", "", ""];
  return [row("1", `${year}/02/30 10:00:00`, "电话"), row("2", `${year}/01/15 10:00:00`, "微信")];
}

export const complaintHeader = ["complaint_id", "account_number", "agency_code", "agent_id", "received_at", "source", "category", "severity", "description", "phone_number"];

export function complaintCells(id: string, complaint: SimComplaint, agentId: string | null, lenderZone: string): string[] {
  return [id, complaint.accountNumber ?? "", complaint.agencyCode, agentId ?? "", isoWithOffset(complaint.utcMs, lenderZone), complaint.source, complaint.category, complaint.severity, complaint.description, complaint.phone ?? ""];
}

export function badComplaintRows(window: PortfolioWindow, someAccount: string): string[][] {
  const year = new Date(window.startMs).getUTCFullYear() + 1;
  return [
    ["CP-BAD-1", someAccount, "ANCHOR", "", `${year}-02-30 10:00`, "DEBTOR", "服务态度", "LOW", "日期错误的投诉", ""],
    ["CP-BAD-2", someAccount, "ANCHOR", "", `${year}-01-15 10:00`, "NEIGHBOUR", "噪音", "LOW", "来源未知的投诉", ""],
  ];
}
