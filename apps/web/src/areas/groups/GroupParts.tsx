import { useState } from 'react';
import { Button } from 'react-aria-components';
import { Problem } from '../../api';
import { useI18n, type MessageKey } from '../../i18n';
import { ProblemMessage } from '../../views/ProblemMessage';
import { groupsApi, type Group } from './api';
import { callOf, membershipActions, type MembershipAction } from './model';

/** "12 members" (one member is singular). */
export function MemberCount({ n }: { n: number }) {
  const { t } = useI18n();
  return <>{n === 1 ? t('groups_member1') : t('groups_members', { n })}</>;
}

/** The reader's standing in the group, or nothing when they have none. */
export function Standing({ group }: { group: Group }) {
  const { t } = useI18n();
  const { status, role } = group.you;
  if (status === 'none') return null;
  const key: MessageKey = status === 'member' ? (role === 'owner' ? 'groups_you_owner' : role === 'moderator' ? 'groups_you_moderator' : 'groups_you_member') : status === 'requested' ? 'groups_you_requested' : 'groups_you_invited';
  return <span className="group-standing">{t(key)}</span>;
}

/**
 * Join, request, accept/decline an invitation, withdraw a request or leave. After the call the
 * group is read again (leaving a secret group makes it unreadable: `null`), `onChanged` gets it and
 * the outcome is announced in `onDone`; a refusal (the last owner leaving: 409) shows its problem.
 */
export function MembershipButtons({ group, onChanged, onDone, labelled }: { group: Group; onChanged(next: Group | null): void; onDone(message: string): void; labelled?: boolean }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);

  async function run(action: MembershipAction) {
    setBusy(true);
    setProblem(null);
    try {
      let next: Group | null;
      if (callOf(action) === 'join') next = await groupsApi.join(group.groupId);
      else {
        await groupsApi.leave(group.groupId);
        next = await groupsApi.get(group.groupId).catch((error: unknown) => {
          // Left a secret group: it no longer exists for the reader.
          if (error instanceof Problem && error.status === 404) return null;
          throw error;
        });
      }
      onChanged(next);
      onDone(t(`groups_done_${action}` as MessageKey, { name: group.name }));
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  }

  const actions = membershipActions(group);
  if (actions.length === 0) return null;
  return (
    <div className="group-actions">
      {actions.map((action) => (
        <Button
          key={action}
          className={`button ${action === 'join' || action === 'request' || action === 'accept' ? 'primary' : 'secondary'}`}
          isDisabled={busy}
          // In a list every card has the same buttons: the name says which group.
          {...(labelled ? { 'aria-label': `${t(`groups_action_${action}` as MessageKey)}: ${group.name}` } : {})}
          onPress={() => void run(action)}
        >
          {t(`groups_action_${action}` as MessageKey)}
        </Button>
      ))}
      {problem !== null && <ProblemMessage error={problem} />}
    </div>
  );
}
