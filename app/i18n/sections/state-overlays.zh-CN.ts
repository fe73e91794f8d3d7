import type { stateOverlaysEn } from "./state-overlays.en";

export const stateOverlaysZhCN: Record<keyof typeof stateOverlaysEn, string> = {
  "stateOverlays.title": "叠加在本规则包上的州规则",
  "stateOverlays.hint":
    "委案注明债务人所在美国州的账户，除本规则包外还按下列州规则判定：每条州规则以该州的标准替换本规则包中某条规则的参数后再运行一次。州规则只会增加违规，不会免除违规；两者都判定违规的事件只记一次，记为联邦规则的违规。州规则随本规则包中对应规则的开关和严重程度生效，只能随引用条文的版本更新而改变。",
  "stateOverlays.state": "州",
  "stateOverlays.rule": "规则",
  "stateOverlays.changes": "州标准（规则包 → 州）",
  "stateOverlays.provision": "条文",
  "stateOverlays.status": "在本版本中",
  "stateOverlays.applies": "生效",
  "stateOverlays.off": "随规则关闭",
  "stateOverlays.reviewedTitle": "已审阅但未设规则的州",
  "stateOverlays.finding.NO_STRICTER_FIGURE": "已阅读：没有比联邦规则更严格且系统可检查的标准",
  "stateOverlays.finding.TEXT_NOT_READ": "仅能读到摘要：在读到法条原文之前不设规则",
  "stateOverlays.whatIfTitle": "州规则发现的违规",
  "stateOverlays.whatIfHint": "已计入上方数字。",
};
