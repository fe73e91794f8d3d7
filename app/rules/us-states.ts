// The debtor's US state as the placements file carries it: USPS two-letter codes (the 50 states, DC and the
// inhabited territories), with their English and Chinese names, so a lender's file may write "MA", "Massachusetts"
// or "马萨诸塞州" alike. State rule overlays (./state-overlays) are keyed by these codes.

export const US_STATES = {
  AL: { en: "Alabama", zh: "阿拉巴马州" },
  AK: { en: "Alaska", zh: "阿拉斯加州" },
  AZ: { en: "Arizona", zh: "亚利桑那州" },
  AR: { en: "Arkansas", zh: "阿肯色州" },
  CA: { en: "California", zh: "加利福尼亚州" },
  CO: { en: "Colorado", zh: "科罗拉多州" },
  CT: { en: "Connecticut", zh: "康涅狄格州" },
  DE: { en: "Delaware", zh: "特拉华州" },
  DC: { en: "District of Columbia", zh: "哥伦比亚特区" },
  FL: { en: "Florida", zh: "佛罗里达州" },
  GA: { en: "Georgia", zh: "佐治亚州" },
  HI: { en: "Hawaii", zh: "夏威夷州" },
  ID: { en: "Idaho", zh: "爱达荷州" },
  IL: { en: "Illinois", zh: "伊利诺伊州" },
  IN: { en: "Indiana", zh: "印第安纳州" },
  IA: { en: "Iowa", zh: "艾奥瓦州" },
  KS: { en: "Kansas", zh: "堪萨斯州" },
  KY: { en: "Kentucky", zh: "肯塔基州" },
  LA: { en: "Louisiana", zh: "路易斯安那州" },
  ME: { en: "Maine", zh: "缅因州" },
  MD: { en: "Maryland", zh: "马里兰州" },
  MA: { en: "Massachusetts", zh: "马萨诸塞州" },
  MI: { en: "Michigan", zh: "密歇根州" },
  MN: { en: "Minnesota", zh: "明尼苏达州" },
  MS: { en: "Mississippi", zh: "密西西比州" },
  MO: { en: "Missouri", zh: "密苏里州" },
  MT: { en: "Montana", zh: "蒙大拿州" },
  NE: { en: "Nebraska", zh: "内布拉斯加州" },
  NV: { en: "Nevada", zh: "内华达州" },
  NH: { en: "New Hampshire", zh: "新罕布什尔州" },
  NJ: { en: "New Jersey", zh: "新泽西州" },
  NM: { en: "New Mexico", zh: "新墨西哥州" },
  NY: { en: "New York", zh: "纽约州" },
  NC: { en: "North Carolina", zh: "北卡罗来纳州" },
  ND: { en: "North Dakota", zh: "北达科他州" },
  OH: { en: "Ohio", zh: "俄亥俄州" },
  OK: { en: "Oklahoma", zh: "俄克拉何马州" },
  OR: { en: "Oregon", zh: "俄勒冈州" },
  PA: { en: "Pennsylvania", zh: "宾夕法尼亚州" },
  RI: { en: "Rhode Island", zh: "罗得岛州" },
  SC: { en: "South Carolina", zh: "南卡罗来纳州" },
  SD: { en: "South Dakota", zh: "南达科他州" },
  TN: { en: "Tennessee", zh: "田纳西州" },
  TX: { en: "Texas", zh: "得克萨斯州" },
  UT: { en: "Utah", zh: "犹他州" },
  VT: { en: "Vermont", zh: "佛蒙特州" },
  VA: { en: "Virginia", zh: "弗吉尼亚州" },
  WA: { en: "Washington", zh: "华盛顿州" },
  WV: { en: "West Virginia", zh: "西弗吉尼亚州" },
  WI: { en: "Wisconsin", zh: "威斯康星州" },
  WY: { en: "Wyoming", zh: "怀俄明州" },
  PR: { en: "Puerto Rico", zh: "波多黎各" },
  GU: { en: "Guam", zh: "关岛" },
  VI: { en: "U.S. Virgin Islands", zh: "美属维尔京群岛" },
  AS: { en: "American Samoa", zh: "美属萨摩亚" },
  MP: { en: "Northern Mariana Islands", zh: "北马里亚纳群岛" },
} as const satisfies Record<string, { en: string; zh: string }>;

export type UsStateCode = keyof typeof US_STATES;

export const US_STATE_CODES = Object.freeze(Object.keys(US_STATES)) as readonly UsStateCode[];

export function isUsStateCode(value: string): value is UsStateCode {
  return Object.prototype.hasOwnProperty.call(US_STATES, value);
}

/** Case, width, spaces, dots and commas do not matter: "N.Y.", "new york" and "ＮＹ" read alike. */
function normaliseName(value: string): string {
  return value
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s.,'’·-]+/g, "");
}

const byName = new Map<string, UsStateCode>();
for (const code of US_STATE_CODES) {
  const { en, zh } = US_STATES[code];
  byName.set(normaliseName(code), code);
  byName.set(normaliseName(`US-${code}`), code);
  byName.set(normaliseName(en), code);
  byName.set(normaliseName(zh), code);
  // Chinese names are often written without the trailing 州 ("纽约", "加利福尼亚").
  if (zh.endsWith("州")) byName.set(normaliseName(zh.slice(0, -1)), code);
}
// Everyday forms that are not a name above; "Washington" alone stays the state, as the USPS reads it.
for (const [alias, code] of [
  ["加州", "CA"],
  ["华盛顿特区", "DC"],
  ["washington dc", "DC"],
  ["washington d.c.", "DC"],
  ["virgin islands", "VI"],
  ["麻省", "MA"],
  ["德州", "TX"],
] as const) {
  byName.set(normaliseName(alias), code);
}

/** The two-letter code of a state written as its code, its English name or its Chinese name; null if none. */
export function parseUsState(raw: string): UsStateCode | null {
  return byName.get(normaliseName(raw)) ?? null;
}

export function usStateName(code: string, locale: "en" | "zh-CN"): string {
  if (!isUsStateCode(code)) return code;
  return locale === "zh-CN" ? US_STATES[code].zh : US_STATES[code].en;
}
