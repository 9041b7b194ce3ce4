import { useCallback, useEffect, useState } from 'react';
import { Button, Link } from 'react-aria-components';
import { Problem, type Me, type Post } from '../../api';
import { useI18n, type MessageKey } from '../../i18n';
import { useDisplayName } from '../../names';
import { Composer } from '../../views/Composer';
import { usePagedList } from '../../usePagedList';
import { ProblemMessage } from '../../views/ProblemMessage';
import { Timeline } from '../../views/Timeline';
import { groupsApi, type Group, type Membership } from './api';
import { MemberCount, MembershipButtons, Standing } from './GroupParts';
import { managesRequests, postsIn, seesPosts, withoutRequest } from './model';
import { groupsHref } from './paths';
import './groups.css';

/**
 * `/groups/<id>`: the group (name, description, visibility, member count, the reader's standing and
 * actions), the pending join requests for its owners and moderators, and its posts with the
 * composer fixed to the group for members. A group the reader may not see answers 404 like a group
 * that does not exist: the same not-found view.
 */
export default function GroupPage({ groupId, me }: { groupId: string; me: Me }) {
  const { t } = useI18n();
  const [group, setGroup] = useState<Group | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [announcement, setAnnouncement] = useState('');
  const [ownPosts, setOwnPosts] = useState<Post[]>([]);

  const load = useCallback((signal?: AbortSignal) => {
    setError(null);
    groupsApi
      .get(groupId, signal)
      .then(setGroup)
      .catch((e: unknown) => {
        if (!signal?.aborted) setError(e);
      });
  }, [groupId]);

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, [load]);

  if (error !== null) return <ProblemMessage error={error} onRetry={() => load()} />;
  if (!group) return <p role="status">{t('loading')}</p>;
  return (
    <article aria-labelledby="group-title" className="group-page">
      <p>
        <Link href={groupsHref.list}>← {t('groups_back')}</Link>
      </p>
      <header className="card">
        <h1 id="group-title">{group.name}</h1>
        <p className="meta">
          {t(`groups_visibility_${group.visibility}` as MessageKey)} · <MemberCount n={group.memberCount} /> <Standing group={group} />
        </p>
        {group.description && <p className="group-description">{group.description}</p>}
        <MembershipButtons
          group={group}
          onChanged={(next) => {
            if (next) setGroup(next);
            // Left a secret group: it is gone for the reader.
            else setError(new Problem(404, 'Not Found', undefined, undefined, []));
          }}
          onDone={setAnnouncement}
        />
        <p role="status" className="meta">
          {announcement}
        </p>
      </header>
      {managesRequests(group) && <JoinRequests group={group} onDecided={() => load()} />}
      {postsIn(group) && <Composer audience={{ kind: 'group', groupId: group.groupId, name: group.name }} onPublished={(post) => setOwnPosts((posts) => [post, ...posts])} />}
      {seesPosts(group) ? (
        <Timeline key={`group:${group.groupId}:${group.you.status}`} level={2} title={t('groups_posts_title')} path={groupsApi.postsPath(group.groupId)} me={me} pinned={ownPosts} />
      ) : (
        <p className="card">{t('groups_posts_members_only')}</p>
      )}
    </article>
  );
}

/** Pending requests to join (20 a page), each approved or declined; the outcome is announced. */
function JoinRequests({ group, onDecided }: { group: Group; onDecided(): void }) {
  const { t } = useI18n();
  const list = usePagedList<Membership>({ fetchPage: (after, signal) => groupsApi.requests(group.groupId, after, signal), idOf: (m) => m.userId, query: group.groupId });
  const { items, error } = list;
  const [announcement, setAnnouncement] = useState('');

  return (
    <section aria-labelledby="group-requests-title" className="card">
      <h2 id="group-requests-title">{t('groups_requests_title')}</h2>
      <p role="status" className="meta">
        {announcement}
      </p>
      {items?.length === 0 && <p>{t('groups_requests_empty')}</p>}
      {items && items.length > 0 && (
        <ul className="group-requests">
          {items.map((request) => (
            <JoinRequest
              key={request.userId}
              group={group}
              request={request}
              onDecided={(message) => {
                setAnnouncement(message);
                list.setItems((shown) => withoutRequest(shown, request.userId));
                onDecided();
              }}
            />
          ))}
        </ul>
      )}
      {error !== null && <ProblemMessage error={error} onRetry={() => void (items === null ? list.reload() : list.loadMore())} />}
      {items && list.hasMore && error === null && (
        <Button className="button secondary" onPress={() => void list.loadMore()}>
          {t('groups_requests_more')}
        </Button>
      )}
    </section>
  );
}

function JoinRequest({ group, request, onDecided }: { group: Group; request: Membership; onDecided(message: string): void }) {
  const { t } = useI18n();
  const name = useDisplayName(request.userId) ?? t('someone');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);

  async function decide(action: 'approve' | 'decline') {
    setBusy(true);
    setProblem(null);
    try {
      await groupsApi.decide(group.groupId, request.userId, action);
      onDecided(t(action === 'approve' ? 'groups_approved' : 'groups_declined', { name }));
    } catch (e) {
      setProblem(e);
      setBusy(false);
    }
  }

  return (
    <li>
      <p>
        <Link href={`/people/${encodeURIComponent(request.userId)}`}>{name}</Link>
      </p>
      {request.message && <p className="meta">{t('groups_request_message', { message: request.message })}</p>}
      <div className="group-actions">
        <Button className="button primary" isDisabled={busy} aria-label={t('groups_approve_label', { name })} onPress={() => void decide('approve')}>
          {t('groups_approve')}
        </Button>
        <Button className="button secondary" isDisabled={busy} aria-label={t('groups_decline_label', { name })} onPress={() => void decide('decline')}>
          {t('groups_decline')}
        </Button>
      </div>
      {problem !== null && <ProblemMessage error={problem} />}
    </li>
  );
}
