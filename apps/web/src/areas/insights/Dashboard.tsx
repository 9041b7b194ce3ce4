import { useEffect, useState, type FormEvent } from 'react';
import { Button, FieldError, Form, Input, Label, Radio, RadioGroup, TextField } from 'react-aria-components';
import { call, Problem } from '../../api';
import { CATALOGUES, useI18n, type MessageKey } from '../../i18n';
import { ProblemMessage } from '../../views/ProblemMessage';
import { SelectField } from '../../views/SelectField';
import { BREAKDOWNS, GRANULARITIES, type AdoptionView, type Breakdown, type EngagementView, type Granularity, type LeadershipView, type Median, type PostEngagement } from './api';
import { BarChart, ColumnChart, CompletenessChart, DataTable, Fig } from './Charts';
import { checkRange, defaultRange, insightsPath, latestPeriod, unitLabel, type Range } from './logic';

type Views = { adoption: AdoptionView; leadership: LeadershipView; engagement: EngagementView };
type State = { state: 'loading' } | { state: 'ready'; views: Views } | { state: 'error'; error: unknown };
type PartsState = { state: 'loading' } | { state: 'ready'; view: AdoptionView; by: Breakdown } | { state: 'error'; error: unknown };

const RANGE_FIELDS = { from: ['query.from', 'from'], to: ['query.to', 'to'], granularity: ['query.granularity', 'granularity'] };

/**
 * The insights dashboard (insights viewers): active people over time, adoption broken down by
 * org unit, location or level (active people and reach per period, profile completeness per part
 * as stacked bars and a table), leadership (active share per level, share of voice with its warning), engagement per kind of
 * post and call to action, the idea funnel and questions answered. Every figure insights hides is
 * shown as "fewer than k people"; every chart has its table. A 403 answers as not found.
 */
export default function Dashboard() {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Range>(() => defaultRange('week', new Date()));
  const [range, setRange] = useState<Range>(draft);
  const [draftError, setDraftError] = useState<{ field: 'from' | 'to'; message: string } | null>(null);
  const [data, setData] = useState<State>({ state: 'loading' });
  const [detail, setDetail] = useState<string | null>(null);
  const [by, setBy] = useState<Breakdown>('orgUnit');
  const [parts, setParts] = useState<PartsState>({ state: 'loading' });
  const [partsTry, setPartsTry] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    const signal = controller.signal;
    setData({ state: 'loading' });
    Promise.all([
      call<AdoptionView>('GET', insightsPath.adoption(range), { signal }),
      call<LeadershipView>('GET', insightsPath.leadership(range), { signal }),
      call<EngagementView>('GET', insightsPath.engagement(range), { signal }),
    ])
      .then(([adoption, leadership, engagement]) => {
        setData({ state: 'ready', views: { adoption, leadership, engagement } });
        setDetail(latestPeriod(adoption.periods, (p) => p.activePeople !== null));
      })
      .catch((error: unknown) => !signal.aborted && setData({ state: 'error', error }));
    return () => controller.abort();
  }, [range]);

  // The breakdown is asked on its own: choosing another one redraws only its section.
  useEffect(() => {
    const controller = new AbortController();
    const signal = controller.signal;
    setParts({ state: 'loading' });
    call<AdoptionView>('GET', insightsPath.adoption(range, by), { signal })
      .then((view) => setParts({ state: 'ready', view, by }))
      .catch((error: unknown) => !signal.aborted && setParts({ state: 'error', error }));
    return () => controller.abort();
  }, [range, by, partsTry]);

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problem = checkRange(draft, new Date());
    if (problem) {
      const what = { invalid: 'insRangeInvalid', future: 'insRangeFuture', order: 'insRangeOrder', tooLong: 'insRangeTooLong' } as const;
      setDraftError({ field: problem.field, message: t(what[problem.problem]) });
      return;
    }
    setDraftError(null);
    setRange(draft);
  }

  if (data.state === 'error' && data.error instanceof Problem && (data.error.status === 403 || data.error.status === 404) && data.error.errors.length === 0) {
    return <ProblemMessage error={new Problem(404, 'Not Found', undefined, undefined, [])} />;
  }
  const apiProblem = data.state === 'error' && data.error instanceof Problem ? data.error : null;
  const fieldMessage = (field: 'from' | 'to' | 'granularity'): string => [draftError?.field === field ? draftError.message : '', ...(apiProblem?.messagesFor(RANGE_FIELDS[field]) ?? [])].filter(Boolean).join(' ');
  const k = data.state === 'ready' ? data.views.adoption.k : null;

  return (
    <section aria-labelledby="ins-title" className="ins">
      <h1 id="ins-title">{t('insTitle')}</h1>
      {k !== null && <p>{t('insIntro', { k })}</p>}
      <p>
        <a href={insightsPath.transparencyPage}>{t('insTransparency')}</a>
      </p>
      <Form onSubmit={apply} validationBehavior="aria" className="card" aria-label={t('insControls')}>
        <RadioGroup value={draft.granularity} onChange={(g) => setDraft(defaultRange(g as Granularity, new Date()))} orientation="horizontal" className="field radios" isInvalid={fieldMessage('granularity') !== ''}>
          <Label>{t('insGranularity')}</Label>
          {GRANULARITIES.map((g) => (
            <Radio key={g} value={g}>
              {t(`insGranularity_${g}` as MessageKey)}
            </Radio>
          ))}
          <FieldError>{fieldMessage('granularity')}</FieldError>
        </RadioGroup>
        <div className="row">
          <TextField value={draft.from} onChange={(from) => setDraft({ ...draft, from })} isInvalid={fieldMessage('from') !== ''} className="field">
            <Label>{t('insFrom')}</Label>
            <Input type="date" />
            <FieldError>{fieldMessage('from')}</FieldError>
          </TextField>
          <TextField value={draft.to} onChange={(to) => setDraft({ ...draft, to })} isInvalid={fieldMessage('to') !== ''} className="field">
            <Label>{t('insTo')}</Label>
            <Input type="date" />
            <FieldError>{fieldMessage('to')}</FieldError>
          </TextField>
        </div>
        <Button type="submit" className="button primary">
          {t('insShow')}
        </Button>
      </Form>
      <div aria-live="polite">
        {data.state === 'loading' && <p role="status">{t('loading')}</p>}
        {data.state === 'error' && !(apiProblem && apiProblem.errors.length > 0) && <ProblemMessage error={data.error} onRetry={() => setRange({ ...range })} />}
      </div>
      {data.state === 'ready' && <Figures views={data.views} range={range} detail={detail} setDetail={setDetail} by={by} setBy={setBy} parts={parts} retryParts={() => setPartsTry((n) => n + 1)} />}
    </section>
  );
}

function Figures({ views, range, detail, setDetail, by, setBy, parts, retryParts }: { views: Views; range: Range; detail: string | null; setDetail(p: string): void; by: Breakdown; setBy(by: Breakdown): void; parts: PartsState; retryParts(): void }) {
  const { t } = useI18n();
  const { adoption, leadership, engagement } = views;
  const k = adoption.k;
  const periods = adoption.periods.map((p) => p.period);
  const byPart = parts.state === 'ready' ? parts.view : null;
  const shownBy = parts.state === 'ready' ? parts.by : by;
  const unitPeriod = byPart?.periods.find((p) => p.period === detail);
  const leadPeriod = leadership.periods.find((p) => p.period === detail);
  const engPeriod = engagement.periods.find((p) => p.period === detail);
  // A value insights may add later (a new kind of post) is shown by its key until the client knows it.
  const labelOr = (key: string, fallback: string) => (key in CATALOGUES.nl ? t(key as MessageKey) : fallback);
  const bucket = (m: Median | null | undefined) => m?.bucket ?? t('insUnknown');
  const kindLabel = (key: string) => (key === 'all' ? t('insKey_all') : labelOr(`kinds_${key}`, key));
  const ctaLabel = (key: string) => (key === 'all' ? t('insKey_all') : labelOr(`insCta_${key}`, key));
  const csv = (view: 'adoption' | 'leadership' | 'engagement') => insightsPath.viewCsv(view, range);
  const partLabel = (key: string) => (shownBy === 'orgUnit' ? unitLabel(key) : shownBy === 'level' ? labelOr(`insLevel_${key}`, key) : key);

  return (
    <>
      <p className="meta">{t('insSuppressedNote', { k })}</p>
      <section aria-labelledby="ins-active" className="card">
        <h2 id="ins-active">{t('insActiveTitle')}</h2>
        <p>
          {t('insHeadcount')} <Fig value={adoption.headcount} k={k} />
        </p>
        <ColumnChart
          title={t('insActivePeople')}
          points={adoption.periods.map((p) => ({ period: p.period, value: p.activePeople }))}
          k={k}
          extra={{ header: t('insReach'), values: adoption.periods.map((p) => p.reachPercent), percent: true }}
        />
      </section>

      {periods.length > 0 && (
        <SelectField label={t('insDetailPeriod')} options={periods.map((p) => ({ id: p, label: p }))} value={detail} onChange={setDetail} className="field ins-detail" />
      )}

      <section aria-labelledby="ins-adoption" className="card">
        <h2 id="ins-adoption">{t('insAdoptionTitle')}</h2>
        <RadioGroup value={by} onChange={(value) => setBy(value as Breakdown)} orientation="horizontal" className="field radios">
          <Label>{t('insBreakdown')}</Label>
          {BREAKDOWNS.map((b) => (
            <Radio key={b} value={b}>
              {t(`insBreakdown_${b}` as MessageKey)}
            </Radio>
          ))}
        </RadioGroup>
        <div aria-live="polite">
          {parts.state === 'loading' && <p role="status">{t('loading')}</p>}
          {parts.state === 'error' && <ProblemMessage error={parts.error} onRetry={retryParts} />}
        </div>
        {byPart && (
          <>
            <BarChart
              title={`${t('insActivePeople')} (${detail ?? ''})`}
              rows={(unitPeriod?.parts ?? []).map((p) => ({ key: p.key, label: partLabel(p.key), value: p.activePeople }))}
              labelHeader={t(`insBreakdown_${shownBy}` as MessageKey)}
              valueHeader={t('insActivePeople')}
              extra={{ header: t('insReach'), values: (unitPeriod?.parts ?? []).map((p) => p.reachPercent), percent: true }}
              k={k}
            />
            <CompletenessChart title={t('insCompletenessTitle')} rows={byPart.profileCompletenessByPart ?? []} label={partLabel} rowHeader={t(`insBreakdown_${shownBy}` as MessageKey)} k={k} />
          </>
        )}
      </section>

      <section aria-labelledby="ins-leadership" className="card">
        <h2 id="ins-leadership">{t('insLeadershipTitle')}</h2>
        {leadPeriod?.shareOfVoice?.warning && (
          <p className="notice ins-warning" role="note">
            {t('insVoiceWarning', { n: leadership.voiceWarningPercent })}
          </p>
        )}
        <BarChart
          title={t('insActiveByLevel')}
          rows={(leadPeriod?.activeShareByLevel ?? []).map((l) => ({ key: l.level, label: labelOr(`insLevel_${l.level}`, l.level), value: l.activePercent }))}
          labelHeader={t('insLevel')}
          valueHeader={t('insActivePercent')}
          extra={{ header: t('insActivePeople'), values: (leadPeriod?.activeShareByLevel ?? []).map((l) => l.activePeople) }}
          percent
          k={k}
        />
        {leadPeriod?.shareOfVoice && (
          <BarChart title={t('insShareOfVoice')} rows={[{ key: 'leaders', label: t('insShareOfVoice'), value: leadPeriod.shareOfVoice.leadersPercent }]} percent k={k} />
        )}
        <dl className="ins-facts">
          <dt>{t('insRoleModels')}</dt>
          <dd>
            <Fig value={leadPeriod?.roleModels} k={k} />
          </dd>
        </dl>
        <p>{t('insManagerAnswerTime', { bucket: bucket(leadPeriod?.managerAnswerTime) })}</p>
      </section>

      <EngagementSection id="ins-kinds" title={t('insEngagementTitle')} rows={engPeriod?.byPostKind} label={kindLabel} k={k} />
      <EngagementSection id="ins-ctas" title={t('insCtaTitle')} rows={engPeriod?.byCallToAction} label={ctaLabel} k={k} />

      <section aria-labelledby="ins-ideas" className="card">
        <h2 id="ins-ideas">{t('insIdeasTitle')}</h2>
        {engPeriod && (
          <BarChart
            title={`${t('insIdeasTitle')} (${detail ?? ''})`}
            rows={[
              { key: 'proposed', label: t('insIdeasProposed'), value: engPeriod.ideas.funnel.proposed },
              { key: 'pickedUp', label: t('insIdeasPickedUp'), value: engPeriod.ideas.funnel.pickedUp },
              { key: 'done', label: t('insIdeasDone'), value: engPeriod.ideas.funnel.done },
            ]}
            k={k}
          />
        )}
      </section>

      <section aria-labelledby="ins-questions" className="card">
        <h2 id="ins-questions">{t('insQuestionsTitle')}</h2>
        {range.granularity === 'month' ? (
          <p className="meta">{t('insNotPerMonth')}</p>
        ) : (
          <>
            <dl className="ins-facts">
              <dt>{t('insQuestions')}</dt>
              <dd>
                <Fig value={engPeriod?.questions} k={k} />
              </dd>
              <dt>{t('insAnswered')}</dt>
              <dd>
                <Fig value={engPeriod?.answeredPercent} k={k} percent />
              </dd>
              <dt>{t('insAccepted')}</dt>
              <dd>
                <Fig value={engPeriod?.acceptedPercent} k={k} percent />
              </dd>
            </dl>
            <p>{t('insTimeToAccepted', { bucket: bucket(engPeriod?.timeToAcceptedAnswer) })}</p>
            <ColumnChart title={`${t('insAnswered')} (%)`} points={engagement.periods.map((p) => ({ period: p.period, value: p.answeredPercent ?? null }))} percent k={k} />
          </>
        )}
      </section>

      <section aria-labelledby="ins-downloads" className="card">
        <h2 id="ins-downloads">{t('insDownloads')}</h2>
        <ul>
          <li>
            <a href={insightsPath.seriesCsv('active', range)} download>
              {t('insCsvActive')}
            </a>
          </li>
          <li>
            <a href={csv('adoption')} download>
              {t('insCsvAdoption')}
            </a>
          </li>
          <li>
            <a href={csv('leadership')} download>
              {t('insCsvLeadership')}
            </a>
          </li>
          <li>
            <a href={csv('engagement')} download>
              {t('insCsvEngagement')}
            </a>
          </li>
        </ul>
      </section>
    </>
  );
}

function EngagementSection({ id, title, rows, label, k }: { id: string; title: string; rows: readonly PostEngagement[] | undefined; label(key: string): string; k: number }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby={id} className="card">
      <h2 id={id}>{title}</h2>
      {rows === undefined ? (
        <p className="meta">{t('insNotPerMonth')}</p>
      ) : (
        <>
          <BarChart title={`${title}: ${t('insPosts')}`} rows={rows.map((r) => ({ key: r.key, label: label(r.key), value: r.posts }))} valueHeader={t('insPosts')} k={k} />
          <DataTable
            summary={`${t('insComments')}, ${t('insReactions')}, ${t('insResponses')}`}
            caption={title}
            rowHeader={t('insKind')}
            columns={[
              { id: 'comments', header: t('insComments'), cell: (r: PostEngagement) => <Fig value={r.comments} k={k} /> },
              { id: 'reactions', header: t('insReactions'), cell: (r: PostEngagement) => <Fig value={r.reactions} k={k} /> },
              { id: 'responses', header: t('insResponses'), cell: (r: PostEngagement) => <Fig value={r.responses} k={k} /> },
              { id: 'per-post', header: `${t('insPerPost')}: ${t('insReactions')}`, cell: (r: PostEngagement) => <Fig value={r.perPost.reactions} k={k} /> },
            ]}
            rows={rows}
            rowKey={(r) => r.key}
            rowLabel={(r) => label(r.key)}
          />
        </>
      )}
    </section>
  );
}
