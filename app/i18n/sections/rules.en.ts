// Messages of the rules pages. Keys are namespaced ("rules.…"); the Chinese file must have exactly the same keys.
export const rulesEn = {
  "accessLog.action.RULE_PACK_PUBLISHED": "Published a rule pack version",
  "accessLog.action.RULE_PACK_ASSIGNED": "Assigned a rule pack to an agency",
} as const;
