import type { casesEn } from "./cases.en";

export const casesZhCN: Record<keyof typeof casesEn, string> = {
  "cases.agencyColumn": "机构",
  "cases.current": "当前",
  "cases.runningBalance": "余额 {amount}",
  "cases.evidenceBadge": "证据",
  "cases.evidenceFor": "证据：{rules}",
  "cases.triggerOf": "违规",
  "cases.jumpToEvidence": "证据记录 {index}",
  "cases.evidenceOutsideView": "{count} 条证据记录属于其他机构，未显示。",
  "cases.complaintEntry": "投诉 {ref}",
  "cases.duration": "{seconds} 秒",
  "cases.visitors": "{count} 名催收员",
  "cases.recording": "录音 {id}",
  "cases.noRecording": "无录音",
  "cases.message": "短信内容",
  "cases.noViolations": "该账户没有违规记录。",
  "cases.noPlacements": "没有可见的委案记录。",
  "cases.violationsHint": "违规标注在触发它的记录上；作为证据的记录带有“证据”标记。",
  "cases.review.saved": "已复核违规：{decision}。",
};
