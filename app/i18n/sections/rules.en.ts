// Messages of the rules pages. Keys are namespaced ("rules.…"); the Chinese file must have exactly the same keys.
export const rulesEn = {} as const;
