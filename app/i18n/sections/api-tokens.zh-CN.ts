import type { apiTokensEn } from "./api-tokens.en";

export const apiTokensZhCN: Record<keyof typeof apiTokensEn, string> = {};
