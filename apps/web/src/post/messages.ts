/** The post views' and composer's messages: Dutch first, English beside it, the same keys (merged into i18n.tsx). */
export const nl = {
  audience_group: 'Groep {name}',
  audienceFixed: 'Dit bericht is alleen voor de groep {name}.',
} as const;

export const en: Record<keyof typeof nl, string> = {
  audience_group: 'Group {name}',
  audienceFixed: 'This post is for the group {name} only.',
};
