import type { rulesEn } from "./rules.en";

export const rulesZhCN: Record<keyof typeof rulesEn, string> = {};
