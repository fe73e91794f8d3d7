import type { publicComplaintsEn } from "./public-complaints.en";

export const publicComplaintsZhCN: Record<keyof typeof publicComplaintsEn, string> = {
  "publicComplaints.title": "公开投诉记录（CFPB）",
  "publicComplaints.hint": "监管机构公开数据库中针对该机构的投诉，按 CFPB 格式导入。与本方投诉分开统计，不计入每千户投诉数。",
  "publicComplaints.none": "尚未导入该机构的公开投诉（导入 → 投诉，格式选 CFPB；按机构别名匹配公司名称）。",
  "publicComplaints.total": "公开投诉（CFPB）",
  "publicComplaints.reliefShare": "给予救济后结案",
  "publicComplaints.untimelyShare": "逾期答复",
  "publicComplaints.topIssues": "最常见问题",
  "publicComplaints.byMonth": "按收到月份",
  "publicComplaints.byIssue": "按问题",
  "publicComplaints.month": "月份",
  "publicComplaints.issue": "问题",
  "publicComplaints.count": "投诉数",
  "publicComplaints.shareOf": "{count} 件中 {share}",
  "complaintFigures.title": "期内投诉",
  "complaintFigures.noMatchingLogNone": "期内没有可与作业记录核对的投诉。",
};
