import type { rulesEn } from "./rules.en";

export const rulesZhCN: Record<keyof typeof rulesEn, string> = {
  "accessLog.action.RULE_PACK_PUBLISHED": "发布规则包版本",
  "accessLog.action.RULE_PACK_ASSIGNED": "为机构指定规则包",
};
