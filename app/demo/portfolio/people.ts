// Names, phone numbers and addresses for generated debtors and collectors. Fictional, but shaped like the real
// thing (Chinese mobiles 1[3-9]x, NANP numbers), so masking, search and phone normalisation are exercised.
import { seededRandom } from "../seeded-random";
import type { Region } from "./behaviour";

export type Random = () => number;

export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
export const between = (random: Random, low: number, high: number): number => low + Math.floor(random() * (high - low + 1));

/** A PRNG of its own for each (seed, stream, index): any placement can be generated without generating the others. */
export function streamRandom(seed: number, stream: number, index: number): Random {
  let hash = (seed ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0;
  hash = Math.imul(hash ^ (index >>> 0), 0x85ebca6b) >>> 0;
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35) >>> 0;
  return seededRandom(hash ^ (hash >>> 16));
}

const chineseSurnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "潘", "袁", "蔡", "蒋", "余"];
const chineseGiven = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "建国", "小明", "文", "华", "红", "玲", "斌", "宇", "浩", "凯", "婷", "雪", "琳", "鹏", "辉", "佳", "欣怡", "子涵", "志强", "海燕", "春梅", "晓东"];
const englishFirst = ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Carlos", "Karen", "Daniel", "Lisa", "Maria", "Nancy", "Anthony", "Betty", "Kevin", "Sandra", "Jason", "Ashley", "Wei", "Mei", "Luis", "Aisha", "Hannah", "Tyrone", "Olivia", "Ethan"];
const englishLast = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Chen", "Nguyen", "Patel", "Kim"];
const usAreaCodes = ["212", "347", "646", "718", "917", "312", "773", "213", "310", "415", "617", "305", "404", "713", "215"];
const cnCities = ["上海市浦东新区", "上海市闵行区", "杭州市西湖区", "南京市鼓楼区", "苏州市姑苏区", "广州市天河区", "深圳市南山区", "成都市武侯区", "武汉市洪山区", "北京市朝阳区"];
const usStreets = ["Main St", "Oak Ave", "Maple Dr", "Broadway", "Elm St", "Park Ave", "Cedar Ln", "Washington Blvd"];
const usCities = ["Brooklyn, NY", "Queens, NY", "Chicago, IL", "Los Angeles, CA", "Boston, MA", "Miami, FL", "Atlanta, GA", "Houston, TX"];

export function personName(random: Random, region: Region): string {
  // A few US debtors are Chinese speakers whose names are on file in Chinese.
  if (region === "cn" || random() < 0.04) return pick(random, chineseSurnames) + pick(random, chineseGiven);
  return `${pick(random, englishFirst)} ${pick(random, englishLast)}`;
}

/** Area codes of usAreaCodes by the zone they are in, so a debtor's number agrees with where they live. */
const usAreaCodesByZone: Record<string, readonly string[]> = {
  "America/New_York": ["212", "347", "646", "718", "917", "617", "305", "404", "215"],
  "America/Chicago": ["312", "773", "713"],
  "America/Los_Angeles": ["213", "310", "415"],
};

/** A number of the region; in the US, of an area code in `zone` when given (one draw either way). */
export function phoneNumber(random: Random, region: Region, zone?: string): string {
  if (region === "cn") return `1${pick(random, ["3", "5", "7", "8", "9"])}${String(Math.floor(random() * 1e9)).padStart(9, "0")}`;
  const codes = (zone === undefined ? undefined : usAreaCodesByZone[zone]) ?? usAreaCodes;
  return `+1${pick(random, codes)}${between(random, 2, 9)}${String(Math.floor(random() * 1e6)).padStart(6, "0")}`;
}

export function address(random: Random, region: Region): string {
  if (region === "cn") return `${pick(random, cnCities)}${between(random, 1, 999)}号${between(random, 1, 30)}栋${between(random, 101, 2802)}室`;
  return `${between(random, 10, 9999)} ${pick(random, usStreets)}, ${pick(random, usCities)}`;
}
