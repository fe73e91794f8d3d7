import type { pageTitlesEn } from "./page-titles.en";

export const pageTitlesZhCN: Record<keyof typeof pageTitlesEn, string> = {
  "pageTitle.agency": "催收机构",
  "pageTitle.case": "案件",
  "pageTitle.newComplaint": "新建投诉",
  "pageTitle.apiDocs": "API",
  "pageTitle.importBatch": "数据导入 #{id}",
  "pageTitle.report": "报告 #{id}",
  "pageTitle.rulePack": "{code} · 合规规则",
  "pageTitle.rulePackDraft": "{code} 草稿 · 合规规则",
  "pageTitle.settingsAgencies": "催收机构 · 设置",
};
