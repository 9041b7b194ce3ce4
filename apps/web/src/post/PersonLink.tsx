import { Link } from 'react-aria-components';
import type { Me } from '../api';
import { useI18n } from '../i18n';
import { useDisplayName } from '../names';

/** A person's profile (the people area's view). */
export const personHref = (userId: string): string => `/people/${encodeURIComponent(userId)}`;

/** A person's name ("you" for the reader) linking to their profile. */
export function PersonLink({ userId, me }: { userId: string; me?: Me }) {
  const { t } = useI18n();
  const name = useDisplayName(userId);
  return <Link href={personHref(userId)}>{me && userId === me.id ? t('you') : (name ?? t('someone'))}</Link>;
}
