// Messages of the imports pages. Keys are namespaced ("imports.…"); the Chinese file must have exactly the same keys.
export const importsEn = {} as const;
