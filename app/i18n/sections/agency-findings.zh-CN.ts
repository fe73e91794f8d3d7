import type { agencyFindingsEn } from "./agency-findings.en";

export const agencyFindingsZhCN: Record<keyof typeof agencyFindingsEn, string> = {
  "agencyFindings.open": "未结检查发现",
  "agencyFindings.openHint": "已向机构下发且尚未关闭的检查发现。",
  "agencyFindings.overdue": "逾期检查发现",
  "agencyFindings.overdueHint": "回复或已接受整改计划中的措施已过截止日的未结检查发现。",
  "agencyFindings.escalated": "已升级检查发现",
  "agencyFindings.escalatedHint": "因回复逾期、措施逾期、未见改善或由合规人员升级的检查发现；每项都会扣减评级分数。",
  "agencyFindings.repeats": "重复检查发现",
  "agencyFindings.repeatsHint": "12 个月内就同一规则重复出现的未结检查发现。",
  "agencyFindings.medianDaysToClose": "关闭天数中位数",
  "agencyFindings.medianDaysToCloseHint": "该机构已关闭检查发现从下发到关闭的报告日天数中位数。",
  "agencyFindings.panelTitle": "检查发现",
  "agencyFindings.viewAll": "该机构的全部检查发现",
  "agencyFindings.noneIssued": "尚未向该机构下发任何检查发现。",
  "agencyFindings.escalatedBadge": "{count} 项已升级",
  "agencyFindings.weight": "已升级检查发现（每项扣分）",
  "agencyFindings.weightHint": "机构每有一项未结的已升级检查发现，即从加权总分中扣除该分数（0 到 100；0 表示不计升级）。没有升级时评级不变。",
  "agencyFindings.weightInvalid": "请输入 0 到 100 之间的每项扣分。",
  "agencyFindings.gradePenalty": "因已升级检查发现扣 {points} 分",
};
