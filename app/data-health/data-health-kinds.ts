// The kinds of Data health item (pure, so that pages can list them).
export const dataHealthItemKinds = ["FEED_MISSING", "FEED_LATE", "VOLUME_DROP", "VOLUME_JUMP", "UNWORKED_PLACEMENTS", "PAYMENT_WITHOUT_CONTACT", "AGENT_NO_RECORDINGS"] as const;
export type DataHealthItemKind = (typeof dataHealthItemKinds)[number];
