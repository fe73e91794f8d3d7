// The signed evaluation as an Excel workbook (ExcelJS), written once at signing and stored with its SHA-256: the file
// is the record, so it is built only from what the evaluation stored (figures, sections, decision, signatures), never
// from live data. Labels are in English and Chinese side by side, so one frozen file serves every reader. Lender notes
// are in it only when they were shared with the agency (the agency may download it). Text cells are escaped against
// formula injection like every workbook the product writes.
import ExcelJS from "exceljs";
import { createHash } from "node:crypto";
import { neutraliseFormula } from "~/csv/write-csv";
import type { EvaluationFigures } from "./evaluation-figures.server";
import { questionnaire, sectionKeys, type EvaluationCondition, type EvaluationSections } from "./evaluation-input";

export type SignedEvaluationRecord = {
  id: number;
  agencyCode: string;
  agencyName: string;
  periodFrom: string;
  periodTo: string;
  figures: EvaluationFigures;
  sections: EvaluationSections;
  overallRating: number;
  decision: string;
  conditions: EvaluationCondition[];
  /** Only when shared. */
  sharedNotes: string | null;
  vendorSigner: { name: string; at: string };
  complianceSigner: { name: string; at: string };
};

const labels = {
  title: ["Agency evaluation", "催收机构评估"],
  agency: ["Agency", "机构"],
  period: ["Period", "评估期间"],
  section: ["Section", "评估部分"],
  score: ["Score (1–5)", "评分（1–5）"],
  comment: ["Comment", "评语"],
  performance: ["Performance", "业绩"],
  compliance: ["Compliance", "合规"],
  infosec: ["Information security", "信息安全"],
  operations: ["Operations", "运营"],
  overall: ["Overall rating", "总体评级"],
  decision: ["Decision", "结论"],
  conditions: ["Conditions", "续约条件"],
  notes: ["Notes shared with the agency", "与机构共享的备注"],
  vendorSigner: ["Signed by the vendor manager", "供应商管理签字"],
  complianceSigner: ["Signed by the compliance officer", "合规签字"],
  figure: ["Figure", "指标"],
  value: ["Value", "数值"],
  rule: ["Rule", "规则"],
  count: ["Violations", "违规数"],
  per1000: ["Per 1,000 contacts", "每千次联系"],
  month: ["Month", "月份"],
  question: ["Question", "问题"],
  answer: ["Answer", "回答"],
} as const;

const label = (key: keyof typeof labels) => `${labels[key][0]} / ${labels[key][1]}`;
const text = (value: string) => neutraliseFormula(value);
const round = (value: number | null, digits = 2) => (value === null ? "" : Number(value.toFixed(digits)));

export async function renderEvaluationWorkbook(record: SignedEvaluationRecord): Promise<{ bytes: Buffer; sha256: string }> {
  const workbook = new ExcelJS.Workbook();
  // Fixed metadata: the file says when it was signed, not when it was rendered.
  const signedAt = new Date(record.complianceSigner.at > record.vendorSigner.at ? record.complianceSigner.at : record.vendorSigner.at);
  workbook.created = signedAt;
  workbook.modified = signedAt;
  workbook.creator = "agency-oversight";

  const summary = workbook.addWorksheet("Evaluation");
  summary.columns = [{ width: 42 }, { width: 18 }, { width: 70 }];
  summary.addRow([text(`${label("title")} #${record.id}`)]).font = { bold: true, size: 14 };
  summary.addRow([label("agency"), text(record.agencyCode), text(record.agencyName)]);
  summary.addRow([label("period"), record.periodFrom, record.periodTo]);
  summary.addRow([]);
  summary.addRow([label("section"), label("score"), label("comment")]).font = { bold: true };
  for (const key of sectionKeys) summary.addRow([label(key), record.sections[key].score, text(record.sections[key].comment)]);
  summary.addRow([]);
  summary.addRow([label("overall"), record.overallRating]);
  summary.addRow([label("decision"), text(record.decision)]);
  for (const condition of record.conditions) summary.addRow([label("conditions"), text(condition.ruleCode), text(condition.text)]);
  if (record.sharedNotes) summary.addRow([label("notes"), "", text(record.sharedNotes)]);
  summary.addRow([]);
  summary.addRow([label("vendorSigner"), text(record.vendorSigner.name), record.vendorSigner.at]);
  summary.addRow([label("complianceSigner"), text(record.complianceSigner.name), record.complianceSigner.at]);

  const figures = workbook.addWorksheet("Figures");
  figures.columns = [{ width: 48 }, { width: 20 }, { width: 20 }];
  figures.addRow([label("figure"), label("value")]).font = { bold: true };
  const { performance, compliance } = record.figures;
  const rows: [string, number | string][] = [
    ["Placed balance / 委案金额", round(performance.placedBalance)],
    ["Collected / 回收金额", round(performance.collected)],
    ["Recovery rate / 回收率", round(performance.recoveryRate, 4)],
    ["Net back / 净回收", round(performance.netBack)],
    ["Recovery index / 回收指数", performance.recoveryIndex ? `${performance.recoveryIndex.value.toFixed(1)} (${performance.recoveryIndex.low.toFixed(1)}–${performance.recoveryIndex.high.toFixed(1)})` : ""],
    ["Grade / 等级", performance.grade ?? ""],
    ["Outbound contacts / 外呼联系次数", compliance.outboundContacts],
    ["Violations per 1,000 contacts / 每千次联系违规数", round(compliance.violationsPer1000Contacts)],
    ["Findings opened / 新开整改事项", compliance.findingsOpened],
    ["Findings overdue / 逾期整改事项", compliance.findingsOverdue],
    ["Findings escalated / 升级整改事项", compliance.findingsEscalated],
    ["Complaints / 投诉", compliance.complaints],
    ["Complaints per 1,000 accounts / 每千户投诉", round(compliance.complaintsPer1000Accounts)],
    ["Contacts by untrained agents / 未经培训催收员的联系", compliance.untrainedAgentContacts],
    ["Upheld complaints per 1,000 accounts / 每千户成立投诉", round(compliance.upheldComplaintsPer1000Accounts ?? null)],
    ["Complaints with no matching log / 无对应记录的投诉占比", round(compliance.noMatchingLogShare ?? null)],
    ["Public complaints (CFPB) / 公开投诉（CFPB）", compliance.publicComplaints?.total ?? ""],
    ["Public complaints closed with relief / 公开投诉中给予救济的占比", round(compliance.publicComplaints?.reliefShare ?? null)],
    ["Public complaints answered late / 公开投诉中逾期答复的占比", round(compliance.publicComplaints?.untimelyShare ?? null)],
  ];
  for (const row of rows) figures.addRow(row);
  figures.addRow([]);
  figures.addRow([label("rule"), label("count"), label("per1000")]).font = { bold: true };
  for (const rule of compliance.byRule) figures.addRow([text(rule.ruleCode), rule.count, round(rule.per1000Contacts)]);
  figures.addRow([]);
  figures.addRow([label("month"), "Recovery rate / 回收率", "Violations per 1,000 / 每千次违规"]).font = { bold: true };
  for (const point of performance.trend) figures.addRow([point.month, round(point.recoveryRate, 4), round(point.violationsPer1000Contacts)]);

  const questions = workbook.addWorksheet("Questionnaire");
  questions.columns = [{ width: 30 }, { width: 40 }, { width: 12 }];
  questions.addRow([label("section"), label("question"), label("answer")]).font = { bold: true };
  for (const section of ["infosec", "operations"] as const) {
    const answers = record.sections[section].answers as Record<string, string | undefined>;
    for (const question of questionnaire[section]) questions.addRow([label(section), question, answers[question] ?? ""]);
  }

  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  return { bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
}
