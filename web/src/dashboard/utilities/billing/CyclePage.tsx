import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { ApiError } from '../../../api.ts';
import { Alert } from '../../../components/Alert.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { ProblemAlert, useProblem } from '../../../ui/ProblemAlert.tsx';
import { PageHeading } from '../../../components/SiteLayout.tsx';
import { formatDateTime, formatDay, formatMoney, formatNumber } from '../../../format.ts';
import { useLanguage } from '../../../hooks.ts';
import { can, useSession } from '../../session.tsx';
import { BASE, UTILITIES_KEY } from '../api.ts';
import { Disclosure } from '../Disclosure.tsx';
import { useLabels } from '../labels.tsx';
import { UtilitiesNav } from '../UtilitiesNav.tsx';
import { useCycle, type Cycle, type CycleInput } from './api.ts';
import { CycleForm } from './CycleForm.tsx';
import { CYCLES } from './CyclesPage.tsx';
import { CycleStatusTag, usePeriod } from './labels.tsx';
import { ReviewList } from './ReviewList.tsx';

/** One billing cycle and its run: calculate, review what blocks it, recalculate, issue. */
export function CyclePage() {
  const { t } = useTranslation('dashboard-billing');
  const { id = '' } = useParams();
  const cycle = useCycle(id);

  if (cycle.isPending) return <Loading />;
  if (cycle.error instanceof ApiError && cycle.error.status === 404) {
    return (
      <>
        <PageHeading>{t('cycles.title')}</PageHeading>
        <Alert type="warning" heading={t('cycle.notFound')} />
        <Link className="usa-link" to={CYCLES}>
          {t('cycle.back')}
        </Link>
      </>
    );
  }
  if (cycle.error instanceof ApiError) return <ProblemAlert problem={cycle.error} />;
  return <CycleRun cycle={cycle.data!} />;
}

const toInput = (c: Cycle): CycleInput => ({
  name: c.name,
  routes: c.routes,
  accountTypes: c.accountTypes,
  periodStart: c.periodStart,
  periodEnd: c.periodEnd,
  readFrom: c.readFrom,
  readTo: c.readTo,
  billDate: c.billDate,
  dueDate: c.dueDate,
  penaltyDate: c.penaltyDate,
});

function CycleRun({ cycle: c }: { cycle: Cycle }) {
  const { t } = useTranslation('dashboard-billing');
  const lang = useLanguage();
  const labels = useLabels();
  const period = usePeriod();
  const { session, call } = useSession();
  const queryClient = useQueryClient();
  const initialFlash = (useLocation().state as { flash?: string } | null)?.flash ?? null;
  const [flash, setFlash] = useState<string | null>(initialFlash);
  const [problem, setProblem] = useProblem();
  const [busy, setBusy] = useState<'calculate' | 'issue' | null>(null);
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLHeadingElement>(null);
  const issueRef = useRef<HTMLButtonElement>(null);
  const bill = can(session, 'utilities.bill');
  const counts = c.counts;
  const f = (key: string) => t(`cycle.fields.${key}`);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const run = async (step: 'calculate' | 'issue') => {
    setProblem(null);
    setFlash(null);
    setBusy(step);
    try {
      const after = await call<Cycle>(`/api/v1/utilities/cycles/${c.id}/${step}`, 'POST');
      await queryClient.invalidateQueries({ queryKey: UTILITIES_KEY });
      const n = after.counts!;
      setFlash(
        step === 'calculate'
          ? t('cycle.run.calculatedMessage', { drafts: n.drafts, issues: n.withIssues })
          : t('cycle.run.issuedMessage', { count: n.issued }),
      );
    } catch (err) {
      setProblem(err);
    } finally {
      setBusy(null);
      setConfirming(false);
    }
  };

  const canCalculate = bill && (c.status === 'open' || c.status === 'calculated');
  const issuable = counts ? counts.drafts - counts.withIssues : 0;
  const canIssue =
    bill &&
    ((c.status === 'calculated' && counts !== undefined && counts.withIssues === 0 && counts.drafts > 0) ||
      c.status === 'issuing');

  return (
    <>
      <p className="margin-top-0">
        <Link className="usa-link" to={CYCLES}>
          {t('cycle.back')}
        </Link>
      </p>
      <PageHeading>{c.name}</PageHeading>
      <UtilitiesNav current="cycles" />
      <p className="civq-ut-tags">
        <CycleStatusTag status={c.status} />
      </p>
      <div aria-live="polite" data-testid="run-status">
        {flash && <Alert type="success" heading={flash} focus testId="flash" />}
      </div>
      {problem && <ProblemAlert problem={problem} />}

      <section aria-labelledby="cycle-details-title">
        <h2 id="cycle-details-title">{t('cycle.details')}</h2>
        <dl className="civq-details" data-testid="cycle-details">
          <dt>{f('period')}</dt>
          <dd>{period(c.periodStart, c.periodEnd, 'long')}</dd>
          <dt>{f('reads')}</dt>
          <dd>{period(c.readFrom, c.readTo, 'long')}</dd>
          <dt>{f('billDate')}</dt>
          <dd>{formatDay(lang, c.billDate)}</dd>
          <dt>{f('dueDate')}</dt>
          <dd>{formatDay(lang, c.dueDate)}</dd>
          <dt>{f('penaltyDate')}</dt>
          <dd>{formatDay(lang, c.penaltyDate)}</dd>
          <dt>{f('routes')}</dt>
          <dd>{c.routes.length ? c.routes.join(', ') : t('cycles.everyRoute')}</dd>
          <dt>{f('accountTypes')}</dt>
          <dd>
            {c.accountTypes.length
              ? c.accountTypes.map(labels.accountType).join(', ')
              : t('cycles.everyType')}
          </dd>
          {c.calculatedAt && (
            <>
              <dt>{f('calculatedAt')}</dt>
              <dd>{formatDateTime(lang, c.calculatedAt)}</dd>
            </>
          )}
          {c.issuedAt && (
            <>
              <dt>{f('issuedAt')}</dt>
              <dd>{formatDateTime(lang, c.issuedAt)}</dd>
            </>
          )}
        </dl>
        {canCalculate && (
          <div className="civq-ut-tools margin-top-3">
            <Disclosure label={t('cycleForm.editTitle')} testId="edit-cycle">
              {(close) => (
                <CycleForm
                  initial={toInput(c)}
                  submitLabel={t('cycleForm.save')}
                  onCancel={close}
                  onSubmit={async (input) => {
                    await call(`/api/v1/utilities/cycles/${c.id}`, 'PUT', input);
                    await queryClient.invalidateQueries({ queryKey: UTILITIES_KEY });
                    close();
                    setFlash(t('cycleForm.updated'));
                  }}
                />
              )}
            </Disclosure>
          </div>
        )}
      </section>

      <section aria-labelledby="run-title" className="civq-ut-section">
        <h2 id="run-title">{t('cycle.run.title')}</h2>
        <p className="civq-measure">
          {c.status === 'open'
            ? t('cycle.run.open')
            : c.status === 'issued'
              ? t('cycle.run.issued')
              : t('cycle.run.calculated')}
        </p>
        {counts && c.status !== 'open' && (
          <>
            <h3 className="usa-sr-only">{t('cycle.counts.title')}</h3>
            <dl className="civq-bill-counts" data-testid="run-counts" aria-busy={busy !== null || undefined}>
              {(
                [
                  ['drafts', formatNumber(lang, counts.drafts)],
                  ['withIssues', formatNumber(lang, counts.withIssues)],
                  ['excluded', formatNumber(lang, counts.excluded)],
                  ['issued', formatNumber(lang, counts.issued)],
                  ['charges', formatMoney(lang, counts.currentChargesCents)],
                ] as const
              ).map(([key, value]) => (
                <div
                  key={key}
                  className={`civq-bill-count${key === 'withIssues' && counts.withIssues > 0 ? ' civq-bill-count--alert' : ''}`}
                  data-testid={`count-${key}`}
                >
                  <dt>{t(`cycle.counts.${key}`)}</dt>
                  <dd data-testid={`count-${key}-value`}>{value}</dd>
                </div>
              ))}
            </dl>
          </>
        )}
        {!bill && c.status !== 'issued' && <p className="civq-ut-note">{t('cycle.run.viewOnly')}</p>}
        {c.status === 'calculated' && counts && counts.withIssues > 0 && (
          <p className="civq-bill-blocked" data-testid="issue-blocked">
            {t('cycle.run.blocked', { count: counts.withIssues })}
          </p>
        )}
        {c.status === 'calculated' && counts && counts.drafts === 0 && (
          <p data-testid="nothing-to-issue">{t('cycle.run.nothingToIssue')}</p>
        )}
        {(canCalculate || canIssue) && !confirming && (
          <div className="civq-actions">
            {canCalculate && (
              <button
                type="button"
                className={`usa-button${c.status === 'calculated' ? ' usa-button--outline' : ''}`}
                disabled={busy !== null}
                onClick={() => void run('calculate')}
              >
                {busy === 'calculate'
                  ? t('cycle.run.calculating')
                  : c.status === 'open'
                    ? t('cycle.run.calculate')
                    : t('cycle.run.recalculate')}
              </button>
            )}
            {canIssue && (
              <button
                ref={issueRef}
                type="button"
                className="usa-button"
                disabled={busy !== null}
                onClick={() => setConfirming(true)}
              >
                {t('cycle.run.issue')}
              </button>
            )}
          </div>
        )}
        {confirming && (
          <div className="civq-confirm civq-measure margin-top-2" data-testid="issue-confirm">
            <h3 ref={confirmRef} tabIndex={-1} className="margin-top-1">
              {t('cycle.run.confirmTitle', { count: issuable })}
            </h3>
            <p>{t('cycle.run.confirmBody')}</p>
            <div className="civq-actions">
              <button
                type="button"
                className="usa-button usa-button--secondary"
                disabled={busy !== null}
                onClick={() => void run('issue')}
              >
                {busy === 'issue' ? t('cycle.run.issuing') : t('cycle.run.confirmYes')}
              </button>
              <button
                type="button"
                className="usa-button usa-button--outline"
                disabled={busy !== null}
                onClick={() => {
                  setConfirming(false);
                  requestAnimationFrame(() => issueRef.current?.focus());
                }}
              >
                {t('cycle.run.confirmNo')}
              </button>
            </div>
          </div>
        )}
        {c.status !== 'open' && (
          <p className="margin-top-3">
            <Link className="usa-link" to={`${BASE}/statements?cycle=${c.id}`}>
              {t('cycle.statementsLink')}
            </Link>
          </p>
        )}
        {c.status === 'issued' && bill && (
          <p>
            <Link className="usa-button usa-button--outline" to={`${CYCLES}/new?after=${c.id}`}>
              {t('cycle.run.nextCycle')}
            </Link>
          </p>
        )}
      </section>

      {c.status === 'calculated' && (
        <ReviewList cycleId={c.id} bill={bill} onMessage={(m) => setFlash(m)} onProblem={setProblem} />
      )}
    </>
  );
}
