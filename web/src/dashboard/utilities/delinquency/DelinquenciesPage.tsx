import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Fragment, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../../../api.ts';
import { Alert } from '../../../components/Alert.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { PageHeading } from '../../../components/SiteLayout.tsx';
import { formatDay, formatMoney, formatNumber } from '../../../format.ts';
import { useLanguage } from '../../../hooks.ts';
import { can, useSession } from '../../session.tsx';
import { BASE, groupAccountNumber, today, UTILITIES_KEY } from '../api.ts';
import { Disclosure } from '../Disclosure.tsx';
import { TableRegion } from '../../../ui/TableRegion.tsx';
import { UtilitiesNav } from '../UtilitiesNav.tsx';
import {
  STAGES,
  statementPdfUrl,
  useDelinquencies,
  useDelinquencySettings,
  warningPdfUrl,
  type Delinquency,
  type RunSummary,
  type Totals,
} from './api.ts';
import { ServiceActions } from './ServiceActions.tsx';
import { SettingsForm } from './SettingsForm.tsx';
import './delinquency.css';

/** /dashboard/utilities/delinquencies: past-due and shutoff-warned statements, the run, and service cut-offs. */
export function DelinquenciesPage() {
  const { t } = useTranslation('dashboard-delinquency');
  const { session } = useSession();
  const [params, setParams] = useSearchParams();
  const stageParam = params.get('stage');
  const stage = STAGES.find((s) => s === stageParam);
  const list = useDelinquencies(stage);
  const [flash, setFlash] = useState<string | null>(null);
  const manage = can(session, 'utilities.manage');

  return (
    <>
      <PageHeading>{t('title')}</PageHeading>
      <UtilitiesNav current="delinquencies" />
      <p className="civq-measure">{t('intro')}</p>
      {list.data && <TotalsPanel totals={list.data.totals} />}
      <div className="civq-dq-tools">
        {manage && <RunPanel onDone={setFlash} />}
        <RulesPanel onDone={setFlash} admin={can(session, 'utilities.rates')} />
      </div>
      {flash && <Alert type="success" heading={flash} testId="flash" />}
      <form className="civq-dq-filter" onSubmit={(e) => e.preventDefault()}>
        <label className="usa-label" htmlFor="dq-stage">
          {t('filter.label')}
        </label>
        <select
          id="dq-stage"
          className="usa-select"
          value={stage ?? ''}
          onChange={(e) => {
            const next = new URLSearchParams(params);
            if (e.target.value) next.set('stage', e.target.value);
            else next.delete('stage');
            setParams(next, { replace: true });
          }}
        >
          <option value="">{t('filter.all')}</option>
          {STAGES.map((s) => (
            <option key={s} value={s}>
              {t(`stage.${s}`)}
            </option>
          ))}
        </select>
      </form>
      {list.isPending && <Loading />}
      {list.error instanceof ApiError && <ProblemAlert problem={list.error} />}
      {list.data && list.data.items.length === 0 && (
        <div className="civq-empty" data-testid="delinquencies-empty">
          <h2 className="civq-empty__title">{t('empty.title')}</h2>
          <p>{t('empty.body')}</p>
        </div>
      )}
      {list.data && list.data.items.length > 0 && (
        <>
          <DelinquencyTable items={list.data.items} manage={manage} onDone={setFlash} />
          {list.data.total > list.data.items.length && (
            <p className="civq-ut-note">
              {t('table.more', { shown: list.data.items.length, total: list.data.total })}
            </p>
          )}
        </>
      )}
    </>
  );
}

function TotalsPanel({ totals }: { totals: Totals }) {
  const { t } = useTranslation('dashboard-delinquency');
  const lang = useLanguage();
  const cards: [string, string][] = [
    ['delinquent', formatNumber(lang, totals.delinquent)],
    ['pastDue', formatNumber(lang, totals.pastDue)],
    ['shutoffWarned', formatNumber(lang, totals.shutoffWarned)],
    ['owed', formatMoney(lang, totals.owedCents)],
    ['lateFees', formatMoney(lang, totals.lateFeeCents)],
    ['disconnected', formatNumber(lang, totals.disconnected)],
  ];
  return (
    <section aria-labelledby="dq-totals">
      <h2 id="dq-totals" className="usa-sr-only">
        {t('totals.label')}
      </h2>
      <dl className="civq-dq-totals" data-testid="delinquency-totals">
        {cards.map(([key, value]) => (
          <div key={key} className="civq-dq-total" data-testid={`total-${key}`}>
            <dt>{t(`totals.${key}`)}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** The staff button: the daily job's run, now, for a day the clerk can see and change. */
function RunPanel({ onDone }: { onDone: (message: string) => void }) {
  const { t } = useTranslation('dashboard-delinquency');
  const lang = useLanguage();
  const { call } = useSession();
  const queryClient = useQueryClient();
  const [day, setDay] = useState(today());
  const hintId = useId();
  const run = useMutation({
    mutationFn: (d: string) => call<RunSummary>('/api/v1/utilities/delinquency/run', 'POST', { today: d }),
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: UTILITIES_KEY });
      onDone(
        t('run.done', {
          date: formatDay(lang, r.today),
          pastDue: r.pastDue,
          lateFees: r.lateFees,
          amount: formatMoney(lang, r.lateFeeCents),
          warnings: r.shutoffWarnings,
        }),
      );
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    run.mutate(day);
  };
  return (
    <section className="civq-dq-panel" aria-labelledby="dq-run">
      <h2 id="dq-run" className="civq-dq-panel__title">
        {t('run.heading')}
      </h2>
      <p className="civq-ut-note" id={hintId}>
        {t('run.hint')}
      </p>
      <form onSubmit={submit} className="civq-dq-run" noValidate>
        <div className="usa-form-group">
          <label className="usa-label" htmlFor="dq-run-date">
            {t('run.date')}
          </label>
          <input
            id="dq-run-date"
            className="usa-input"
            type="date"
            value={day}
            max={today()}
            required
            aria-describedby={hintId}
            onChange={(e) => setDay(e.target.value)}
          />
        </div>
        <button type="submit" className="usa-button" disabled={run.isPending || !day} data-testid="run-now">
          {run.isPending ? t('run.running') : t('run.button')}
        </button>
      </form>
      {run.error instanceof ApiError && <ProblemAlert problem={run.error} />}
    </section>
  );
}

function RulesPanel({ onDone, admin }: { onDone: (message: string) => void; admin: boolean }) {
  const { t } = useTranslation('dashboard-delinquency');
  const lang = useLanguage();
  const settings = useDelinquencySettings();
  const s = settings.data;
  if (!s) return null;
  const fee =
    s.lateFeeFlatCents > 0 && s.lateFeePercent !== '0'
      ? t('rules.feeBoth', { flat: formatMoney(lang, s.lateFeeFlatCents), percent: s.lateFeePercent })
      : s.lateFeeFlatCents > 0
        ? formatMoney(lang, s.lateFeeFlatCents)
        : t('rules.feePercent', { percent: s.lateFeePercent });
  const rows: [string, string][] = [
    ['grace', t('rules.days', { days: s.graceDays })],
    ['lateFee', fee],
    ['shutoffAfter', t('rules.days', { days: s.shutoffAfterDays })],
    ['minimum', formatMoney(lang, s.shutoffMinimumCents)],
    ['notice', t('rules.days', { days: s.shutoffNoticeDays })],
    ['reconnect', formatMoney(lang, s.reconnectFeeCents)],
  ];
  return (
    <section className="civq-dq-panel" aria-labelledby="dq-rules" data-testid="delinquency-rules">
      <h2 id="dq-rules" className="civq-dq-panel__title">
        {t('rules.heading')}
      </h2>
      <dl className="civq-details civq-dq-rules">
        {rows.map(([key, value]) => (
          <Fragment key={key}>
            <dt>{t(`rules.${key}`)}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
      </dl>
      {s.isDefault && <p className="civq-ut-note">{t('rules.defaults')}</p>}
      {admin && (
        <Disclosure label={t('rules.form.change')} testId="change-rules">
          {(close) => (
            <SettingsForm
              settings={s}
              onDone={(message) => {
                close();
                onDone(message);
              }}
            />
          )}
        </Disclosure>
      )}
    </section>
  );
}

function DelinquencyTable({
  items,
  manage,
  onDone,
}: {
  items: Delinquency[];
  manage: boolean;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation('dashboard-delinquency');
  const lang = useLanguage();
  const col = (key: string) => t(`table.${key}`);
  const col2 = (key: string, values: Record<string, string>) => t(`table.${key}`, values);
  return (
    <TableRegion label={col('caption')}>
      <table
        className="usa-table usa-table--borderless usa-table--stacked-header civq-table civq-ut-table"
        data-testid="delinquencies-table"
      >
        <caption className="usa-sr-only">{col('caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{col('statement')}</th>
            <th scope="col">{col('customer')}</th>
            <th scope="col" className="civq-ut-num">
              {col('balance')}
            </th>
            <th scope="col">{col('dates')}</th>
            <th scope="col">{col('service')}</th>
            <th scope="col">{col('actions')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((d) => (
            <tr key={d.statementId} data-testid="delinquency-row" data-number={d.statementNumber}>
              <th scope="row" data-label={col('statement')} className="civq-ut-nowrap">
                <span id={`dq-${d.statementId}`}>{d.statementNumber}</span>
                <br />
                <Link className="usa-link" to={`${BASE}/accounts/${d.accountId}`}>
                  {groupAccountNumber(d.accountNumber)}
                </Link>
                <br />
                <span
                  className={`usa-tag civq-status civq-dq-stage civq-dq-stage--${d.stage}`}
                  data-testid="stage"
                >
                  {t(`stage.${d.stage}`)}
                </span>
              </th>
              <td data-label={col('customer')} className="civq-dq-customer">
                {d.customerName}
                <br />
                <span className="civq-ut-note">{d.serviceAddress}</span>
              </td>
              <td data-label={col('balance')} className="civq-ut-num">
                {formatMoney(lang, d.balanceCents)}
                {d.lateFeeCents > 0 && (
                  <>
                    <br />
                    <span className="civq-ut-note civq-ut-nowrap" data-testid="late-fee">
                      {col2('plusFee', { fee: formatMoney(lang, d.lateFeeCents) })}
                    </span>
                  </>
                )}
              </td>
              <td data-label={col('dates')}>
                <dl className="civq-dq-dates">
                  <dt>{col('dueDate')}</dt>
                  <dd>{formatDay(lang, d.dueDate, 'medium')}</dd>
                  {d.pastDueOn && (
                    <>
                      <dt>{col('pastDueOn')}</dt>
                      <dd>{formatDay(lang, d.pastDueOn, 'medium')}</dd>
                    </>
                  )}
                  {d.shutoffDate && (
                    <>
                      <dt>{col('shutoffDate')}</dt>
                      <dd data-testid="shutoff-date">{formatDay(lang, d.shutoffDate, 'medium')}</dd>
                    </>
                  )}
                </dl>
              </td>
              <td data-label={col('service')} data-testid="service">
                {d.disconnectedOn && !d.reconnectedOn
                  ? t('service.disconnected', { date: formatDay(lang, d.disconnectedOn, 'medium') })
                  : d.reconnectedOn
                    ? t('service.reconnected', { date: formatDay(lang, d.reconnectedOn, 'medium') })
                    : t('service.on')}
              </td>
              <td data-label={col('actions')}>
                <ul className="civq-dq-actions">
                  <li>
                    <a
                      className="usa-link"
                      href={statementPdfUrl(d.statementId)}
                      aria-describedby={`dq-${d.statementId}`}
                    >
                      {t('actions.statementPdf')}
                    </a>
                  </li>
                  {d.stage === 'shutoff_warned' && (
                    <li>
                      <a
                        className="usa-link"
                        href={warningPdfUrl(d.statementId)}
                        aria-describedby={`dq-${d.statementId}`}
                        data-testid="warning-pdf"
                      >
                        {t('actions.warningPdf')}
                      </a>
                    </li>
                  )}
                </ul>
                {manage && <ServiceActions item={d} onDone={onDone} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}
