import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { Button, ComboBox, Link, FieldError, Form, Input, Label, ListBox, ListBoxItem, Popover, Text, TextArea, TextField } from 'react-aria-components';
import { call, newIdempotencyKey, Problem, type Me } from '../../api';
import { useI18n, type MessageKey } from '../../i18n';
import { ProblemMessage } from '../../views/ProblemMessage';
import { profilesPath, type ProfileView, type TaxonomyTerm } from './api';
import { useTaxonomy } from './taxonomy';
import { editFieldOf, formatLanguages, parseLanguages, parseList, peopleHref, termMatches } from './model';

const EDITABLE = ['skills', 'languages', 'askMeAbout', 'interests', 'bio'] as const;
type Editable = (typeof EDITABLE)[number];

type Loaded = { state: 'loading' } | { state: 'error'; error: unknown } | { state: 'ready'; profile: ProfileView };

interface Draft {
  readonly skills: readonly string[];
  readonly languages: string;
  readonly askMeAbout: string;
  readonly interests: string;
  readonly bio: string;
}

const draftOf = (p: ProfileView): Draft => ({ skills: p.skills, languages: formatLanguages(p.languages), askMeAbout: p.askMeAbout.join(', '), interests: p.interests.join(', '), bio: p.bio ?? '' });

/** `/profile`: the fields a person edits themself, skills from the taxonomy, and how complete the profile is. */
export default function EditProfilePage({ me }: { me: Me }) {
  const { t } = useI18n();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [draftKey, setDraftKey] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const terms = useTaxonomy();

  const load = useCallback(() => {
    const controller = new AbortController();
    setLoaded({ state: 'loading' });
    call<ProfileView>('GET', profilesPath(`/${encodeURIComponent(me.id)}`), { signal: controller.signal })
      .then((profile) => {
        setLoaded({ state: 'ready', profile });
        setDraft(draftOf(profile));
      })
      .catch((error: unknown) => !controller.signal.aborted && setLoaded({ state: 'error', error }));
    return () => controller.abort();
  }, [me.id]);
  useEffect(load, [load]);

  if (loaded.state === 'loading' || !draft) return loaded.state === 'error' ? <ProblemMessage error={loaded.error} onRetry={load} /> : <p role="status">{t('loading')}</p>;
  if (loaded.state === 'error') return <ProblemMessage error={loaded.error} onRetry={load} />;
  const profile = loaded.profile;

  const fieldProblem = problem instanceof Problem ? problem : null;
  const messagesFor = (field: Editable) => fieldProblem?.errors.filter((e) => editFieldOf(e.field) === field).map((e) => e.message) ?? [];
  // Violations of the form's own fields are shown at them; anything else above the button.
  const allAtFields = fieldProblem !== null && fieldProblem.errors.length > 0 && fieldProblem.errors.every((e) => (EDITABLE as readonly string[]).includes(editFieldOf(e.field)));
  const otherProblem = allAtFields ? null : problem;

  const change = (next: Partial<Draft>) => {
    setDraft({ ...draft, ...next });
    setDraftKey(newIdempotencyKey());
    setSaved(false);
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!draft) return;
    setBusy(true);
    setProblem(null);
    setSaved(false);
    try {
      const next = await call<ProfileView>('PATCH', profilesPath(`/${encodeURIComponent(me.id)}`), {
        idempotencyKey: draftKey,
        body: {
          skills: draft.skills,
          languages: parseLanguages(draft.languages),
          askMeAbout: parseList(draft.askMeAbout),
          interests: parseList(draft.interests),
          bio: draft.bio.trim() === '' ? null : draft.bio,
        },
      });
      setLoaded({ state: 'ready', profile: next });
      setDraft(draftOf(next));
      setDraftKey(newIdempotencyKey());
      setSaved(true);
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="edit-profile-title" className="people edit-profile">
      <h1 id="edit-profile-title">{t('profileEditTitle')}</h1>
      <Completeness profile={profile} />
      <p className="meta">{t('profileDirectoryNote')}</p>
      <p>
        <Link href={peopleHref.profile(me.id)}>{profile.displayName}</Link>
      </p>
      <Form onSubmit={submit} validationBehavior="aria" className="card">
        <SkillsEditor skills={draft.skills} terms={terms} errors={messagesFor('skills')} onChange={(skills) => change({ skills })} />
        <TextField value={draft.languages} onChange={(languages) => change({ languages })} isInvalid={messagesFor('languages').length > 0} className="field">
          <Label>{t('profileLanguages')}</Label>
          <Input />
          <Text slot="description">{t('profileLanguagesHint')}</Text>
          <FieldError>{messagesFor('languages').join(' ')}</FieldError>
        </TextField>
        <TextField value={draft.askMeAbout} onChange={(askMeAbout) => change({ askMeAbout })} isInvalid={messagesFor('askMeAbout').length > 0} className="field">
          <Label>{t('profileAskMeAbout')}</Label>
          <Input />
          <Text slot="description">{t('profileListHint')}</Text>
          <FieldError>{messagesFor('askMeAbout').join(' ')}</FieldError>
        </TextField>
        <TextField value={draft.interests} onChange={(interests) => change({ interests })} isInvalid={messagesFor('interests').length > 0} className="field">
          <Label>{t('profileInterests')}</Label>
          <Input />
          <Text slot="description">{t('profileListHint')}</Text>
          <FieldError>{messagesFor('interests').join(' ')}</FieldError>
        </TextField>
        <TextField value={draft.bio} onChange={(bio) => change({ bio })} isInvalid={messagesFor('bio').length > 0} className="field">
          <Label>{t('profileBio')}</Label>
          <TextArea rows={5} />
          <FieldError>{messagesFor('bio').join(' ')}</FieldError>
        </TextField>
        {otherProblem !== null && <ProblemMessage error={otherProblem} />}
        <Button type="submit" className="button primary" isDisabled={busy}>
          {busy ? t('profileSaving') : t('profileSave')}
        </Button>
        <p role="status" className="meta">
          {saved ? t('profileSaved') : ''}
        </p>
      </Form>
    </section>
  );
}

/** The completeness figure and what is still missing, announced when it changes. */
function Completeness({ profile }: { profile: ProfileView }) {
  const { t } = useI18n();
  const { score, missing } = profile.completeness;
  return (
    <div className="card completeness" role="status" aria-live="polite">
      <p>
        <strong>{t('profileCompleteness', { score })}</strong>
      </p>
      <div className="meter" aria-hidden="true">
        <div style={{ width: `${score}%` }} />
      </div>
      <p>{missing.length === 0 ? t('profileComplete') : t('profileMissing', { fields: missing.map((m) => (MISSING.has(m) ? t(`profileMissing_${m}` as MessageKey) : m)).join(', ') })}</p>
    </div>
  );
}

/** What completeness may name as missing, each with a label in the catalogue. */
const MISSING = new Set(['skills', 'photo', 'askMeAbout', 'bio', 'languages', 'title', 'manager', 'department', 'experience', 'interests']);

/** The chosen skills (each removable) and a combo box suggesting taxonomy terms; a typed skill of one's own is added as text. */
function SkillsEditor({ skills, terms, errors, onChange }: { skills: readonly string[]; terms: readonly TaxonomyTerm[]; errors: readonly string[]; onChange(skills: readonly string[]): void }) {
  const { t, lang } = useI18n();
  const [input, setInput] = useState('');
  const labelOf = useMemo(() => new Map(terms.map((term) => [term.termId, term.labels[lang]])), [terms, lang]);
  const suggestions = useMemo(
    () =>
      terms
        .filter((term) => !skills.includes(term.termId) && termMatches(term, input))
        .slice(0, 20)
        .map((term) => ({ id: term.termId, label: term.labels[lang] })),
    [terms, skills, input, lang],
  );
  const add = (skill: string) => {
    const value = skill.trim();
    if (value && !skills.includes(value)) onChange([...skills, value]);
    setInput('');
  };
  return (
    <fieldset className="field skills-editor" aria-describedby={errors.length > 0 ? 'skills-errors' : undefined}>
      <legend>{t('peopleSkills')}</legend>
      {skills.length === 0 ? (
        <p className="meta">{t('profileNoSkills')}</p>
      ) : (
        <ul className="tags">
          {skills.map((skill) => (
            <li key={skill} className="tag">
              {labelOf.get(skill) ?? skill}
              <Button className="button link" aria-label={t('profileSkillRemove', { skill: labelOf.get(skill) ?? skill })} onPress={() => onChange(skills.filter((s) => s !== skill))}>
                ×
              </Button>
            </li>
          ))}
        </ul>
      )}
      <div className="row">
        <ComboBox
          className="field"
          inputValue={input}
          onInputChange={setInput}
          allowsCustomValue
          items={suggestions}
          selectedKey={null}
          onSelectionChange={(key) => key !== null && add(String(key))}
        >
          <Label>{t('profileSkillAdd')}</Label>
          <Input />
          <Text slot="description">{t('profileSkillAddHint')}</Text>
          <Popover>
            <ListBox className="listbox">
              {(term: { id: string; label: string }) => (
                <ListBoxItem id={term.id} className="option" textValue={term.label}>
                  {term.label}
                </ListBoxItem>
              )}
            </ListBox>
          </Popover>
        </ComboBox>
        <Button className="button secondary add-skill" isDisabled={input.trim() === ''} onPress={() => add(input)}>
          {t('profileSkillAddButton')}
        </Button>
      </div>
      {errors.length > 0 && (
        <p id="skills-errors" className="field-error">
          {errors.join(' ')}
        </p>
      )}
    </fieldset>
  );
}
