import { useId, useState, type FormEvent } from 'react';
import { Button, FieldError, Form, Input, Label, Link, Radio, RadioGroup, Text, TextArea, TextField } from 'react-aria-components';
import { newIdempotencyKey, Problem } from '../../api';
import { useI18n, type MessageKey } from '../../i18n';
import { navigate } from '../../router';
import { usePagedList } from '../../usePagedList';
import { ProblemMessage } from '../../views/ProblemMessage';
import { GROUP_DESCRIPTION_MAX, GROUP_NAME_MAX, GROUP_VISIBILITIES, groupsApi, type Group, type GroupVisibility } from './api';
import { MemberCount, MembershipButtons, Standing } from './GroupParts';
import { createInput, replaceGroup } from './model';
import { groupsHref } from './paths';
import './groups.css';

/** `/groups`: the groups the reader may see (20 a page, `after` paging), their standing and actions, and a create form. */
export default function GroupsPage() {
  const { t } = useI18n();
  const list = usePagedList<Group>({ fetchPage: (after, signal) => groupsApi.list(after, signal), idOf: (g) => g.groupId });
  const { items, loading, error } = list;
  const [announcement, setAnnouncement] = useState('');

  return (
    <section aria-labelledby="groups-title" className="groups">
      <h1 id="groups-title">{t('groups_title')}</h1>
      <p className="meta">{t('groups_intro')}</p>
      <CreateGroup />
      <p role="status" className="meta">
        {announcement}
      </p>
      {items?.length === 0 && !list.hasMore && <p>{t('groups_empty')}</p>}
      {items && items.length > 0 && (
        <ul className="group-list" aria-busy={loading}>
          {items.map((group) => (
            <li key={group.groupId} className="card group-card">
              <h2>
                <Link href={groupsHref.group(group.groupId)}>{group.name}</Link>
              </h2>
              <p className="meta">
                {t(`groups_visibility_${group.visibility}` as MessageKey)} · <MemberCount n={group.memberCount} /> <Standing group={group} />
              </p>
              {group.description && <p className="group-description">{group.description}</p>}
              <MembershipButtons group={group} labelled onChanged={(next) => list.setItems((shown) => replaceGroup(shown, group.groupId, next))} onDone={setAnnouncement} />
            </li>
          ))}
        </ul>
      )}
      {error !== null && <ProblemMessage error={error} onRetry={() => void (items === null ? list.reload() : list.loadMore())} />}
      {loading && <p role="status">{t('loading')}</p>}
      {items && list.hasMore && !loading && error === null && (
        <Button className="button secondary" onPress={() => void list.loadMore()}>
          {t('groups_more')}
        </Button>
      )}
      {items && !list.hasMore && items.length > 0 && <p className="meta">{t('groups_end')}</p>}
    </section>
  );
}

const NAME_FIELDS = ['body.name', 'name'];
const DESCRIPTION_FIELDS = ['body.description', 'description'];
const VISIBILITY_FIELDS = ['body.visibility', 'visibility'];
const FORM_FIELDS = [...NAME_FIELDS, ...DESCRIPTION_FIELDS, ...VISIBILITY_FIELDS];

/**
 * A button that opens the form: name, description and visibility. One Idempotency-Key per draft (a
 * new one after any edit), so a retried create makes one group; the new group's page opens.
 */
function CreateGroup() {
  const { t } = useI18n();
  const formId = useId();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [visibility, setVisibility] = useState<GroupVisibility>('open');
  const [draftKey, setDraftKey] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const fieldProblem = problem instanceof Problem ? problem : null;
  const messages = (fields: readonly string[]) => fieldProblem?.messagesFor(fields) ?? [];
  const edit =
    <T,>(set: (v: T) => void) =>
    (value: T) => {
      set(value);
      setDraftKey(newIdempotencyKey());
    };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const group = await groupsApi.create(createInput(name, description, visibility), draftKey);
      navigate(groupsHref.group(group.groupId));
    } catch (e) {
      setProblem(e);
      setBusy(false);
    }
  }

  if (!open)
    return (
      <Button className="button primary" onPress={() => setOpen(true)}>
        {t('groups_create_open')}
      </Button>
    );
  return (
    <section aria-labelledby={`${formId}-title`} className="card" id={formId}>
      <h2 id={`${formId}-title`}>{t('groups_create_title')}</h2>
      <Form onSubmit={submit} validationBehavior="aria">
        <TextField value={name} onChange={edit(setName)} maxLength={GROUP_NAME_MAX} isRequired isInvalid={messages(NAME_FIELDS).length > 0} className="field" autoFocus>
          <Label>{t('groups_name')}</Label>
          <Input />
          <FieldError>{messages(NAME_FIELDS).join(' ')}</FieldError>
        </TextField>
        <TextField value={description} onChange={edit(setDescription)} maxLength={GROUP_DESCRIPTION_MAX} isInvalid={messages(DESCRIPTION_FIELDS).length > 0} className="field">
          <Label>{t('groups_description')}</Label>
          <TextArea rows={3} />
          <FieldError>{messages(DESCRIPTION_FIELDS).join(' ')}</FieldError>
        </TextField>
        <RadioGroup value={visibility} onChange={edit((v: string) => setVisibility(v as GroupVisibility))} isInvalid={messages(VISIBILITY_FIELDS).length > 0} className="field group-visibility">
          <Label>{t('groups_visibility')}</Label>
          {GROUP_VISIBILITIES.map((v) => (
            <Radio key={v} value={v}>
              {t(`groups_visibility_${v}` as MessageKey)}
            </Radio>
          ))}
          <Text slot="description">{t(`groups_visibility_${visibility}_help` as MessageKey)}</Text>
          <FieldError>{messages(VISIBILITY_FIELDS).join(' ')}</FieldError>
        </RadioGroup>
        {problem !== null && !(fieldProblem && fieldProblem.errors.length > 0 && fieldProblem.errors.every((e) => FORM_FIELDS.includes(e.field))) && <ProblemMessage error={problem} />}
        <div className="group-actions">
          <Button type="submit" className="button primary" isDisabled={busy}>
            {busy ? t('groups_creating') : t('groups_create')}
          </Button>
          <Button className="button secondary" onPress={() => setOpen(false)}>
            {t('groups_cancel')}
          </Button>
        </div>
      </Form>
    </section>
  );
}
