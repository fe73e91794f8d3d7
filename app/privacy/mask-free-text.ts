// Free text (SMS bodies, call notes, complaint descriptions, rejected rows) repeats what the masked fields hide: an
// SMS reads "张伟您好，您尾号0002的账户…" while the header shows 张*. For roles without personal-data rights the
// text is masked too: the names known for the account (its debtor, its contacts), phone numbers known for it, and
// whatever looks like personal data whoever it belongs to — mobile, landline and international numbers, the
// "last digits" forms (尾号0002, ending in 0002), ID-card and bank-card numbers, email addresses, and a name that
// follows a relationship word (家人刘强, Mr Smith). Masking errs on the side of hiding: a date or an amount is
// never touched, but a long number that merely looks like a card is.
import { maskName } from "./mask";

export interface FreeTextSubjects {
  /** Names known for the account: its debtor's and its contacts'. */
  names?: readonly (string | null | undefined)[];
  /** Phone numbers known for the account, in any written form. */
  phones?: readonly (string | null | undefined)[];
}

/** Keeps the first `head` and the last `tail` digits; separators written between the digits stay where they were. */
function maskDigits(written: string, head: number, tail: number): string {
  const total = (written.match(/\d/g) ?? []).length;
  let seen = 0;
  return written.replace(/\d/g, (digit) => {
    seen += 1;
    return seen <= head || seen > total - tail ? digit : "*";
  });
}

const email = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
// 17 digits and a check digit (X for 10): the mainland resident ID card.
const idCard = /(?<![\dA-Za-z])\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dA-Za-z])/g;
// 16–19 digits, also written in groups of four.
const bankCard = /(?<![\d*])(?:\d{4}[ -]){3}\d{4}(?:[ -]?\d{1,3})?(?![\d*])|(?<![\d*])\d{16,19}(?![\d*])/g;
const internationalPhone = /(?<![\d*])\+\d{1,3}[ -]?\(?\d{1,4}\)?(?:[ -]?\d){5,11}(?![\d*])/g;
const mainlandMobile = /(?<![\d*])(?:86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?![\d*])/g;
const mainlandLandline = /(?<![\d*])(?:\(0\d{2,3}\)|0\d{2,3})[ -]?\d{7,8}(?![\d*])/g;
const northAmericanPhone = /(?<![\d*])(?:\(\d{3}\)\s?|\d{3}[.-])\d{3}[.-]\d{4}(?![\d*])/g;
// "尾号0002", "尾号为 0002", "尾数是0002", "last 4 digits 0002", "ending in 0002", "ends with 0002".
const lastDigits =
  /(尾号|尾数|后四位|后4位)(\s*(?:为|是|:|：)?\s*)(\d{3,6})(?!\d)|\b(last (?:4|four|\d) digits(?: of [\w ]{0,20}?)?|ending(?: in| with)?|ends (?:in|with))(\s*(?:is|are|:|of)?\s*)(\d{3,6})(?!\d)/giu;

const relationWords = [
  "紧急联系人",
  "联系人",
  "家人",
  "家属",
  "亲属",
  "配偶",
  "丈夫",
  "老公",
  "妻子",
  "老婆",
  "父亲",
  "母亲",
  "爸爸",
  "妈妈",
  "儿子",
  "女儿",
  "哥哥",
  "姐姐",
  "弟弟",
  "妹妹",
  "朋友",
  "同事",
];
// The commonest family names cover the large majority of the population; a relation word followed by one of them
// and one or two more characters is taken to be a name.
const familyNames =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝";
const notInGivenName = "的了在是说已和与及先女您电手号微家你他她它请要将称等也都就还又很吗呢吧啊，。、；：！？";
const relatedName = new RegExp(
  `(${relationWords.join("|")})((?:为|是|:|：)?\\s*)([${familyNames}](?:欧阳|司马|上官|诸葛)?[^\\P{Script=Han}${notInGivenName}]{1,2})`,
  "gu",
);
const titledName = /\b(Mr|Mrs|Ms|Miss|Mx|Dr)(\.?\s+)([A-Z][\p{L}'-]+)/gu;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const hanCharacter = /\p{Script=Han}/u;

/** The name as written and, for a Latin name, each of its longer words (a note may say "Mr Smith" or "John"). */
function namePatterns(names: readonly (string | null | undefined)[]): { pattern: RegExp; mask: (found: string) => string }[] {
  const forms = new Set<string>();
  for (const raw of names) {
    const name = raw?.trim();
    if (!name) continue;
    if (hanCharacter.test(name)) {
      // A one-character "name" would mask that character everywhere; known Chinese names have at least two.
      if (Array.from(name).length >= 2) forms.add(name);
      continue;
    }
    forms.add(name);
    for (const word of name.split(/\s+/)) if (Array.from(word).length >= 3) forms.add(word);
  }
  return [...forms]
    .sort((a, b) => b.length - a.length)
    .map((form) =>
      hanCharacter.test(form)
        ? { pattern: new RegExp(escapeRegExp(form), "gu"), mask: (found: string) => maskName(found) ?? "" }
        : { pattern: new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(form)}(?![\\p{L}\\p{N}])`, "giu"), mask: (found: string) => maskName(found) ?? "" },
    );
}

/** Digits of a phone number without a mainland country code, so "+86 138…" in the list finds "138…" in the text. */
function phoneDigits(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  return digits.length === 13 && digits.startsWith("86") ? digits.slice(2) : digits;
}

function knownPhonePatterns(phones: readonly (string | null | undefined)[]): RegExp[] {
  const digitStrings = new Set<string>();
  for (const phone of phones) {
    if (!phone) continue;
    const digits = phoneDigits(phone);
    // Shorter strings would hit amounts and dates; every real number is longer.
    if (digits.length >= 6) digitStrings.add(digits);
  }
  return [...digitStrings]
    .sort((a, b) => b.length - a.length)
    .map((digits) => new RegExp(`(?<![\\d*])(?:\\+?86[ -]?)?${digits.split("").join("[ -]?")}(?![\\d*])`, "g"));
}

/**
 * 138-1234-5678 → 138-****-5678, +86 138 1234 5678 → +86 138 **** 5678: the first three digits of the number (after
 * a mainland country code) and the last four; a short local number keeps only its last four.
 */
function maskWrittenPhone(written: string): string {
  const digits = written.replace(/\D/g, "");
  const head = digits.length === 13 && digits.startsWith("86") ? 5 : digits.length >= 10 ? 3 : 0;
  return maskDigits(written, head, 4);
}

/** 021-12345678 → 021-****5678: the area code and the last four digits. */
function maskLandline(written: string): string {
  const areaCode = /^\(?(0\d{2,3})\)?[ -]/.exec(written)?.[1];
  return maskDigits(written, areaCode?.length ?? 3, 4);
}

function maskEmail(address: string): string {
  const at = address.indexOf("@");
  const local = Array.from(address.slice(0, at));
  return `${local[0] ?? ""}***${address.slice(at)}`;
}

/**
 * The text with personal data masked (see the file comment). Pure and idempotent: masking masked text changes
 * nothing, so a value masked twice on its way to the screen reads the same.
 */
export function maskFreeText(text: string, subjects?: FreeTextSubjects): string;
export function maskFreeText(text: string | null, subjects?: FreeTextSubjects): string | null;
export function maskFreeText(text: string | null, subjects: FreeTextSubjects = {}): string | null {
  if (text === null || text === "") return text;
  let masked = text.replace(email, maskEmail);
  for (const pattern of knownPhonePatterns(subjects.phones ?? [])) masked = masked.replace(pattern, maskWrittenPhone);
  masked = masked
    .replace(idCard, (found) => maskDigits(found, 3, /[Xx]$/.test(found) ? 3 : 4))
    .replace(bankCard, (found) => maskDigits(found, 0, 4))
    .replace(internationalPhone, maskWrittenPhone)
    .replace(mainlandMobile, maskWrittenPhone)
    .replace(mainlandLandline, maskLandline)
    .replace(northAmericanPhone, (found) => maskDigits(found, 3, 4))
    .replace(lastDigits, (_whole, cnWord?: string, cnGap?: string, cnDigits?: string, enWord?: string, enGap?: string, enDigits?: string) =>
      cnWord !== undefined ? `${cnWord}${cnGap ?? ""}${"*".repeat(cnDigits?.length ?? 4)}` : `${enWord ?? ""}${enGap ?? ""}${"*".repeat(enDigits?.length ?? 4)}`,
    );
  for (const { pattern, mask } of namePatterns(subjects.names ?? [])) masked = masked.replace(pattern, mask);
  return masked
    .replace(relatedName, (_whole, word: string, gap: string, name: string) => `${word}${gap}${maskName(name) ?? ""}`)
    .replace(titledName, (_whole, title: string, gap: string, name: string) => `${title}${gap}${maskName(name) ?? ""}`);
}
