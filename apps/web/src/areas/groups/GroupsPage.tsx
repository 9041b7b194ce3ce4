import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { Button, FieldError, Form, Input, Label, Link, Radio, RadioGroup, Text, TextArea, TextField } from 'react-aria-components';
import { newIdempotencyKey, Problem } from '../../api';
import { useI18n, type MessageKey } from '../../i18n';
import { navigate } from '../../router';
import { ProblemMessage } from '../../views/ProblemMessage';
import { GROUP_DESCRIPTION_MAX, GROUP_NAME_MAX, GROUP_VISIBILITIES, groupsApi, type Group, type GroupVisibility } from './api';
import { MemberCount, MembershipButtons, Standing } from './GroupParts';
import { appendPage, createInput, replaceGroup, type Paged } from './model';
import { groupsHref } from './paths';
import './groups.css';

/** `/groups`: the groups the reader may see (20 a page, `after` paging), their standing and actions, and a create form. */
export default function GroupsPage() {
  const { t } = useI18n();
  const [shown, setShown] = useState<Paged<Group> | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [announcement, setAnnouncement] = useState('');

  const load = useCallback(async (from: Paged<Group> | null, signal?: AbortSignal) => {
    setLoading(true);
    setError(null);
    try {
      const page = await groupsApi.list(from?.next ?? null, signal);
      setShown(appendPage(from, page, (g) => g.groupId));
    } catch (e) {
      if (!signal?.aborted) setError(e);
    } finally {
      if (!signal?.aborted) setLoading(false);
    }
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    void load(null, controller.signal);
    return () => controller.abort();
  }, [load]);

  return (
    <section aria-labelledby="groups-title" className="groups">
      <h1 id="groups-title">{t('groups_title')}</h1>
      <p className="meta">{t('groups_intro')}</p>
      <CreateGroup />
      <p role="status" className="meta">
        {announcement}
      </p>
      {shown && shown.items.length === 0 && shown.next === null && <p>{t('groups_empty')}</p>}
      {shown && shown.items.length > 0 && (
        <ul className="group-list" aria-busy={loading}>
          {shown.items.map((group) => (
            <li key={group.groupId} className="card group-card">
              <h2>
                <Link href={groupsHref.group(group.groupId)}>{group.name}</Link>
              </h2>
              <p className="meta">
                {t(`groups_visibility_${group.visibility}` as MessageKey)} · <MemberCount n={group.memberCount} /> <Standing group={group} />
              </p>
              {group.description && <p className="group-description">{group.description}</p>}
              <MembershipButtons group={group} labelled onChanged={(next) => setShown((s) => (s ? replaceGroup(s, group.groupId, next) : s))} onDone={setAnnouncement} />
            </li>
          ))}
        </ul>
      )}
      {error !== null && <ProblemMessage error={error} onRetry={() => void load(shown)} />}
      {loading && <p role="status">{t('loading')}</p>}
      {shown && shown.next !== null && !loading && error === null && (
        <Button className="button secondary" onPress={() => void load(shown)}>
          {t('groups_more')}
        </Button>
      )}
      {shown && shown.next === null && shown.items.length > 0 && <p className="meta">{t('groups_end')}</p>}
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
