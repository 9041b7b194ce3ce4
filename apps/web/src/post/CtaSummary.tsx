import { useI18n, type MessageKey } from '../i18n';
import type { PostDetail } from './api';

/** A one-line summary of the call to action's progress, for the timeline card. */
export function CtaSummary({ post }: { post: PostDetail }) {
  const { t } = useI18n();
  const p = post.progress;
  const parts: string[] = [];
  if (p?.kind === 'answer') parts.push(t('answersCount', { n: p.answers }), p.answered ? t('answered') : t('notAnswered'));
  if (p?.kind === 'share-ideas') parts.push(t('contributions', { n: p.contributions }));
  if (p?.kind === 'sign-up') parts.push(p.capacity === null ? t('signUpsCount', { n: p.registered }) : t('signUpsOfCapacity', { n: p.registered, capacity: p.capacity }));
  if (p?.kind === 'vote') parts.push(t('votersCount', { n: p.voters }));
  if (p?.kind === 'acknowledge') parts.push(p.audienceSize === null ? t('acknowledgedCountUnknown', { n: p.acknowledged }) : t('acknowledgedCount', { n: p.acknowledged, total: p.audienceSize }));
  if (post.ideaStatus) parts.push(t('ideaStatus', { status: t(`ideaStatus_${post.ideaStatus}` as MessageKey) }));
  if (parts.length > 0 && !post.callToAction.open) parts.push(t('ctaClosed'));
  if (parts.length === 0) return null;
  return <p className="meta cta-summary">{parts.join(' · ')}</p>;
}
