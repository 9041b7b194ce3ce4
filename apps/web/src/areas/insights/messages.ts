/** The insights area's messages: Dutch first, English beside it, the same keys (merged into i18n.tsx). */
export const nl = {} as const;

export const en: Record<keyof typeof nl, string> = {};
