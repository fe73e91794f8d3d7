// Messages of the api-tokens pages. Keys are namespaced ("apiTokens.…"); the Chinese file must have exactly the same keys.
export const apiTokensEn = {} as const;
