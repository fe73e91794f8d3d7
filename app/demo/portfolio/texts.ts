// Message texts. The compliant ones carry what the packs require (China: a contact number and a way to repay;
// US: an opt-out) and avoid every lexicon term of the abusive list; the others are written to be caught.
import type { Region } from "./behaviour";
import { pick, type Random } from "./people";

export type TextContext = { name: string; accountTail: string; currency: string; amountCents: number; familyName: string };

const money = (context: TextContext) => {
  const amount = (context.amountCents / 100).toFixed(2);
  return context.currency === "CNY" ? `${amount}元` : `$${amount}`;
};

export function compliantSms(random: Random, region: Region, context: TextContext): string {
  if (region === "cn") {
    return pick(random, [
      `【信和消费金融】${context.name}您好，您尾号${context.accountTail}的账户已逾期，应还${money(context)}，请通过APP或支付宝还款，客服电话 4008001234。`,
      `【信和消费金融】尊敬的客户，您尾号${context.accountTail}的账单待处理，可通过银行卡转账或APP还款，如有疑问请致电 4008001234。`,
      `${context.name}您好，温馨提示：您的账单已到期，还款方式：APP首页“立即还款”，咨询电话 4008001234。`,
    ]);
  }
  if (context.name.length <= 4 && /[\u4e00-\u9fff]/.test(context.name)) {
    return `${context.name}您好，您尾号${context.accountTail}的账户需要处理，请登录 www.harborfinance.example 还款。Reply STOP to opt out.`;
  }
  return pick(random, [
    `Harbor Finance: ${context.name}, your account ending ${context.accountTail} has a balance of ${money(context)}. Pay at www.harborfinance.example or call 1-800-555-0199. Reply STOP to opt out.`,
    `Harbor Finance: please contact us about account ending ${context.accountTail}. Call 1-800-555-0199. Text STOP to end messages.`,
    `Reminder from Harbor Finance about account ${context.accountTail}. Set up a plan at www.harborfinance.example. Reply STOP to opt out.`,
  ]);
}

/** Texts missing the required content: no way to repay (China) or no opt-out (US). */
export const incompleteSms: Record<Region, readonly string[]> = {
  cn: ["您好，请尽快处理您的账单。", "请今天内回电，谢谢。"],
  us: ["Please call us back today about your account.", "Harbor Finance: important message, call us."],
};

export const abusiveTexts: Record<Region, readonly string[]> = {
  cn: [
    "再不还钱就爆通讯录，让你所有亲友都知道你是老赖！",
    "你已经涉嫌诈骗罪，今天不还款明天公安就上门抓你。",
    "欠钱不还等着坐牢吧，后果自负。",
    "老赖，你的信息马上在小区曝光。",
  ],
  us: ["Pay today or we will call the police and have you arrested.", "You are a deadbeat and everyone will know it."],
};

export function disclosureSms(random: Random, region: Region, context: TextContext): string {
  if (region === "cn") {
    return pick(random, [
      `您好，您的家人${context.name}在我司欠款${money(context)}已严重逾期，请督促其尽快还款。`,
      `${context.familyName}您好，${context.name}的贷款已逾期多日，请转告他尽快还款，联系电话 4008001234。`,
      `请转告${context.name}，其欠款已逾期，再不处理将上门催收。`,
    ]);
  }
  return `Hi ${context.familyName}, please tell ${context.name} their loan is past due. Call 1-800-555-0199.`;
}

export const callNotes: Record<Region, readonly string[]> = {
  cn: ["客户表示月底前还款", "客户称近期资金紧张，希望分期", "客户同意下周还部分款项", "客户确认号码为本人使用", "客户要求寄送账单明细"],
  us: ["Consumer will pay after payday.", "Consumer asked about a payment plan.", "Right party contact, verified identity.", "Consumer requested a statement."],
};

export const noteTexts: Record<Region, readonly string[]> = {
  cn: ["核实工作单位信息", "更新联系地址", "客户申请延期，已上报", "系统自动分案"],
  us: ["Skip trace requested.", "Updated mailing address.", "Hardship program information sent.", "Account reviewed by supervisor."],
};
