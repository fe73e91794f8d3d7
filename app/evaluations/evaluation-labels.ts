// The labels of a signed evaluation's files (workbook and PDF): English and Chinese side by side, so one frozen file
// serves every reader, and the figures both files list.
import { agencyRegisterEn } from "~/i18n/sections/agency-register.en";
import { agencyRegisterZhCN } from "~/i18n/sections/agency-register.zh-CN";
import type { EvaluationFigures } from "./evaluation-input";

export const labels = {
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
  documents: ["Register documents on", "登记文件，截至"],
  document: ["Document", "文件"],
  version: ["Version", "版本"],
  validFrom: ["Valid from", "生效日"],
  expiresOn: ["Expires", "到期日"],
  state: ["Valid on that day", "当日是否有效"],
  valid: ["valid", "有效"],
  invalid: ["not valid", "无效"],
  missing: ["Required without a valid document", "缺少有效文件的必备类型"],
} as const;

export const documentTypeLabel = (type: string) => {
  const key = `register.documentType.${type}` as keyof typeof agencyRegisterEn;
  return agencyRegisterEn[key] ? `${agencyRegisterEn[key]} / ${agencyRegisterZhCN[key]}` : type;
};

export const label = (key: keyof typeof labels) => `${labels[key][0]} / ${labels[key][1]}`;
export const round = (value: number | null, digits = 2) => (value === null ? "" : Number(value.toFixed(digits)));

export function figureRows(figures: EvaluationFigures): [string, number | string][] {
  const { performance, compliance } = figures;
  return [
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
}
