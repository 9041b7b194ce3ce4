import { useState } from 'react';
import { Button, Link } from 'react-aria-components';
import { call, Problem, type Me } from '../../api';
import { useI18n, type MessageKey } from '../../i18n';
import { formatDate } from '../../views/PostCard';
import { usePagedList } from '../../usePagedList';
import { ProblemMessage } from '../../views/ProblemMessage';
import { SelectField } from '../../views/SelectField';
import { CASE_STATUSES, type CasePage, type CaseStatus, type QueueItem } from './api';
import { ContentPreview } from './ContentPreview';
import { useReasonLabel } from './labels';
import { caseHref, moderationPath, reasonsByCount } from './logic';
import { PersonName } from './PersonName';

const PAGE = 20;

/**
 * The review queue in the order moderation gives it (priority, then oldest first), 20 a page.
 * The queue's 403 (not a moderator of anything) shows as not found: the page does not exist for them.
 */
export default function QueuePage({ me }: { me: Me }) {
  const { t, lang } = useI18n();
  const reasonLabel = useReasonLabel();
  const [status, setStatus] = useState<CaseStatus>('open');
  const list = usePagedList<QueueItem>({
    fetchPage: async (cursor, signal) => {
      try {
        const page = await call<CasePage<QueueItem>>('GET', moderationPath.queue(status, cursor, PAGE), { signal });
        return { items: page.items, next: page.nextCursor };
      } catch (e) {
        throw e instanceof Problem && e.status === 403 ? new Problem(404, 'Not Found', undefined, e.code, []) : e;
      }
    },
    idOf: (i) => i.caseId,
    query: status,
  });
  const { error } = list;
  const items = list.items ?? [];
  const loaded = list.items !== null;

  if (error instanceof Problem && error.status === 404) return <ProblemMessage error={error} />;
  return (
    <section aria-labelledby="mod-queue-title">
      <h1 id="mod-queue-title">{t('modQueueTitle')}</h1>
      <p>
        <Link href="/moderation/mine">{t('modMineLink')}</Link>
      </p>
      <SelectField label={t('modStatus')} options={CASE_STATUSES.map((s) => ({ id: s, label: t(`modStatus_${s}` as MessageKey) }))} value={status} onChange={setStatus} />
      {error !== null && <ProblemMessage error={error} onRetry={() => void list.reload()} />}
      {!loaded && error === null && <p role="status">{t('loading')}</p>}
      {loaded && items.length === 0 && <p>{t('modQueueEmpty')}</p>}
      <ul className="mod-list">
        {items.map((item) => (
          <li key={item.caseId}>
            <article className="card" aria-labelledby={`case-${item.caseId}`}>
              <h2 id={`case-${item.caseId}`}>
                <Link href={caseHref(item)}>
                  {t(`modContent_${item.contentType}` as MessageKey)} · {t('modReportCount', { n: item.reportCount })}
                </Link>
              </h2>
              <p className="meta">
                {item.overdue ? <span className="mod-overdue">{t('modOverdue')}</span> : t('modDue', { date: formatDate(item.dueAt, lang) })} · {t('modFirstReported', { date: formatDate(item.firstReportedAt, lang) })} ·{' '}
                {item.assignee ? (
                  <>
                    {t('modClaimedBy')} <PersonName id={item.assignee} me={me} />
                  </>
                ) : (
                  t('modUnclaimed')
                )}
              </p>
              <ul className="mod-reasons" aria-label={t('modReasons')}>
                {reasonsByCount(item.reasons).map(([code, n]) => (
                  <li key={code}>{t('modReasonCount', { reason: reasonLabel(code), n })}</li>
                ))}
              </ul>
              <ContentPreview item={item} />
            </article>
          </li>
        ))}
      </ul>
      {loaded && list.hasMore && (
        <Button className="button secondary" isDisabled={list.loading} onPress={() => void list.loadMore()}>
          {t('modQueueMore')}
        </Button>
      )}
      {loaded && !list.hasMore && items.length > 0 && <p className="meta">{t('modQueueEnd')}</p>}
    </section>
  );
}
