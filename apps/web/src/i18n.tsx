import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import * as events from './areas/events/messages';
import * as groups from './areas/groups/messages';
import * as insights from './areas/insights/messages';
import * as moderation from './areas/moderation/messages';
import * as notifications from './areas/notifications/messages';
import * as people from './areas/people/messages';
import * as post from './post/messages';
import { format } from './format';

/** The client's own core messages: Dutch first, English beside it, the same keys. Each area keeps its own in `areas/<area>/messages.ts`. */
const coreNl = {
  appName: 'Plein',
  skipToContent: 'Naar de inhoud',
  navHome: 'Start',
  navOrganisation: 'Organisatie',
  mainNavigation: 'Hoofdnavigatie',
  switchLanguage: 'English',
  switchLanguageLabel: 'Switch to English',
  signOut: 'Uitloggen',
  signedOutTitle: 'Welkom bij Plein',
  signedOutText: 'Je bent niet ingelogd. Log in met je account van de organisatie.',
  signIn: 'Inloggen',
  loading: 'Bezig met laden…',
  homeTitle: 'Jouw tijdlijn',
  organisationTitle: 'De hele organisatie',
  hashtagTitle: 'Berichten met #{tag}',
  emptyTimeline: 'Nog geen berichten.',
  loadMore: 'Meer berichten laden',
  endOfTimeline: 'Je hebt alles gezien.',
  newPosts: 'Nieuwe berichten: bovenaan tonen',
  openPost: 'Bericht openen',
  you: 'Jij',
  someone: 'Een collega',
  comments: '{n} reacties',
  composerTitle: 'Nieuw bericht',
  kind: 'Soort',
  kinds_update: 'Update',
  kinds_question: 'Vraag',
  kinds_idea: 'Idee',
  kinds_personal: 'Persoonlijk',
  kinds_article: 'Artikel',
  kinds_announcement: 'Mededeling',
  callToAction: 'Oproep',
  cta_fyi: 'Ter informatie',
  'cta_share-ideas': 'Deel je ideeën',
  cta_answer: 'Beantwoorden',
  'cta_sign-up': 'Aanmelden',
  cta_acknowledge: 'Gelezen bevestigen',
  audience: 'Publiek',
  audience_organisation: 'De hele organisatie',
  audience_followers: 'Mijn volgers',
  title: 'Titel',
  titleOptional: 'Titel (niet verplicht)',
  body: 'Bericht',
  publish: 'Plaatsen',
  publishing: 'Bezig met plaatsen…',
  published: 'Je bericht is geplaatst.',
  etiquette: 'Etiquette',
  questionNeedsAnswer: 'Een vraag vraagt altijd om antwoorden.',
  backToTimeline: 'Terug naar de tijdlijn',
  reactions: 'Reageren met een emotie',
  reaction_like: 'Leuk',
  reaction_celebrate: 'Feest',
  reaction_support: 'Steun',
  reaction_insightful: 'Leerzaam',
  reaction_curious: 'Benieuwd',
  commentsTitle: 'Reacties',
  noComments: 'Nog geen reacties.',
  moreComments: 'Meer reacties laden',
  commentLabel: 'Jouw reactie',
  addComment: 'Reageren',
  hiddenByModeration: 'Verborgen door moderatie',
  errorTitle: 'Er ging iets mis',
  notFound: 'Dit bestaat niet of je mag het niet zien.',
  retry: 'Opnieuw proberen',
  postedAt: 'geplaatst op {date}',
} as const;

const coreEn: Record<keyof typeof coreNl, string> = {
  appName: 'Plein',
  skipToContent: 'Skip to content',
  navHome: 'Home',
  navOrganisation: 'Organisation',
  mainNavigation: 'Main navigation',
  switchLanguage: 'Nederlands',
  switchLanguageLabel: 'Overschakelen naar Nederlands',
  signOut: 'Sign out',
  signedOutTitle: 'Welcome to Plein',
  signedOutText: 'You are not signed in. Sign in with your organisation account.',
  signIn: 'Sign in',
  loading: 'Loading…',
  homeTitle: 'Your timeline',
  organisationTitle: 'The whole organisation',
  hashtagTitle: 'Posts with #{tag}',
  emptyTimeline: 'No posts yet.',
  loadMore: 'Load more posts',
  endOfTimeline: 'You have seen everything.',
  newPosts: 'New posts: show them at the top',
  openPost: 'Open post',
  you: 'You',
  someone: 'A colleague',
  comments: '{n} comments',
  composerTitle: 'New post',
  kind: 'Kind',
  kinds_update: 'Update',
  kinds_question: 'Question',
  kinds_idea: 'Idea',
  kinds_personal: 'Personal',
  kinds_article: 'Article',
  kinds_announcement: 'Announcement',
  callToAction: 'Call to action',
  cta_fyi: 'For your information',
  'cta_share-ideas': 'Share your ideas',
  cta_answer: 'Answer',
  'cta_sign-up': 'Sign up',
  cta_acknowledge: 'Acknowledge reading',
  audience: 'Audience',
  audience_organisation: 'The whole organisation',
  audience_followers: 'My followers',
  title: 'Title',
  titleOptional: 'Title (optional)',
  body: 'Message',
  publish: 'Publish',
  publishing: 'Publishing…',
  published: 'Your post is published.',
  etiquette: 'Etiquette',
  questionNeedsAnswer: 'A question always asks for answers.',
  backToTimeline: 'Back to the timeline',
  reactions: 'React with an emotion',
  reaction_like: 'Like',
  reaction_celebrate: 'Celebrate',
  reaction_support: 'Support',
  reaction_insightful: 'Insightful',
  reaction_curious: 'Curious',
  commentsTitle: 'Comments',
  noComments: 'No comments yet.',
  moreComments: 'Load more comments',
  commentLabel: 'Your comment',
  addComment: 'Comment',
  hiddenByModeration: 'Hidden by moderation',
  errorTitle: 'Something went wrong',
  notFound: 'This does not exist or you may not see it.',
  retry: 'Try again',
  postedAt: 'posted on {date}',
};

const nl = { ...coreNl, ...post.nl, ...groups.nl, ...events.nl, ...people.nl, ...notifications.nl, ...moderation.nl, ...insights.nl };
export type MessageKey = keyof typeof nl;
const en: Record<MessageKey, string> = { ...coreEn, ...post.en, ...groups.en, ...events.en, ...people.en, ...notifications.en, ...moderation.en, ...insights.en };

export const CATALOGUES = { nl, en } as const;
export type Lang = keyof typeof CATALOGUES;
export const LANGS: readonly Lang[] = ['nl', 'en'];


interface I18n {
  readonly lang: Lang;
  setLang(lang: Lang): void;
  t(key: MessageKey, values?: Record<string, string | number>): string;
}

const I18nContext = createContext<I18n | null>(null);
const STORAGE_KEY = 'plein.lang';

function initialLang(): Lang {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (stored === 'nl' || stored === 'en') return stored;
  } catch {
    // Storage may be off (private mode, policy): Dutch, the default.
  }
  return 'nl';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered; the switch still works for this page.
    }
  }, []);
  const value = useMemo<I18n>(() => ({ lang, setLang, t: (key, values) => format(CATALOGUES[lang][key], values) }), [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}
