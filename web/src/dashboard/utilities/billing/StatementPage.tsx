import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../../api.ts';
import { Alert } from '../../../components/Alert.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { PageHeading } from '../../../components/SiteLayout.tsx';
import { formatDay, formatMoney, formatNumber } from '../../../format.ts';
import { useLanguage } from '../../../hooks.ts';
import { can, useSession } from '../../session.tsx';
import { BASE, formatRate, groupAccountNumber } from '../api.ts';
import { Balance, useLabels } from '../labels.tsx';
import { TableRegion } from '../../../ui/TableRegion.tsx';
import { statementPdfUrl, useStatement, type StatementDetail } from './api.ts';
import { StatementStatusTag, useIssueLines, usePeriod } from './labels.tsx';
import { VoidStatement } from './VoidStatement.tsx';

/** One statement as the customer receives it: reads, charges line by line, what is due. */
export function StatementPage() {
  const { t } = useTranslation('dashboard-billing');
  const { id = '' } = useParams();
  const statement = useStatement(id);

  if (statement.isPending) return <Loading />;
  if (statement.error instanceof ApiError && statement.error.status === 404) {
    return (
      <>
        <PageHeading>{t('statements.title')}</PageHeading>
        <Alert type="warning" heading={t('statement.notFound')} />
        <Link className="usa-link" to={`${BASE}/statements`}>
          {t('statement.back')}
        </Link>
      </>
    );
  }
  if (statement.error instanceof ApiError) return <ProblemAlert problem={statement.error} />;
  return <Statement statement={statement.data!} />;
}

function Statement({ statement: s }: { statement: StatementDetail }) {
  const { t } = useTranslation('dashboard-billing');
  const lang = useLanguage();
  const { session } = useSession();
  const period = usePeriod();
  const issueLines = useIssueLines();
  const [voided, setVoided] = useState(false);
  const f = (key: string) => t(`statement.fields.${key}`);
  const account = groupAccountNumber(s.accountNumber);
  // Non-breaking hyphens keep "S12-000045" and "1234-567-890" on one line of a phone's heading.
  const keep = (code: string) => code.replace(/-/g, '\u2011');
  const title = s.number
    ? t('statement.title', { number: keep(s.number) })
    : t('statement.draftTitle', { account: keep(account) });
  const issued = s.number !== null;

  return (
    <>
      <p className="margin-top-0">
        <Link className="usa-link" to={`${BASE}/statements`}>
          {t('statement.back')}
        </Link>
      </p>
      <PageHeading>{title}</PageHeading>
      {voided && <Alert type="success" heading={t('statement.void.done')} focus testId="flash" />}
      <p className="civq-ut-tags">
        <StatementStatusTag status={s.status} />
      </p>
      {s.issues.length > 0 && s.status === 'draft' && (
        <Alert type="warning" heading={t('statement.issues')} testId="statement-issues">
          <ul>
            {issueLines(s.issues).map((line) => (
              <li key={line.key}>{line.text}</li>
            ))}
          </ul>
        </Alert>
      )}

      <div className="civq-bill-columns">
        <section aria-labelledby="statement-details">
          <h2 id="statement-details">{t('statement.details')}</h2>
          <dl className="civq-details" data-testid="statement-details">
            <dt>{f('account')}</dt>
            <dd>
              <Link className="usa-link civq-ut-nowrap" to={`${BASE}/accounts/${s.accountId}`}>
                {account}
              </Link>
            </dd>
            <dt>{f('customer')}</dt>
            <dd className="civq-break" data-testid="statement-customer">
              {s.customerName}
            </dd>
            <dt>{f('address')}</dt>
            <dd>{s.serviceAddress}</dd>
            <dt>{f('cycle')}</dt>
            <dd>
              <Link className="usa-link" to={`${BASE}/cycles/${s.cycleId}`}>
                {s.cycleName}
              </Link>
            </dd>
            <dt>{f('period')}</dt>
            <dd>{period(s.periodStart, s.periodEnd, 'long')}</dd>
            <dt>{f('billDate')}</dt>
            <dd>{formatDay(lang, s.billDate)}</dd>
            <dt>{f('dueDate')}</dt>
            <dd data-testid="statement-due">{formatDay(lang, s.dueDate)}</dd>
            <dt>{f('language')}</dt>
            <dd data-testid="statement-language">{t(`languages.${s.language}`)}</dd>
            <dt>{f('autopay')}</dt>
            <dd>{s.autopay ? t('statement.autopayYes') : t('statement.autopayNo')}</dd>
            {s.voidReason && (
              <>
                <dt>{f('voidReason')}</dt>
                <dd className="civq-break">{s.voidReason}</dd>
              </>
            )}
          </dl>
        </section>
        <AmountDue statement={s} />
      </div>

      {issued && (
        <p className="civq-ut-section civq-bill-pdf">
          <a
            className="usa-button usa-button--outline margin-0"
            href={statementPdfUrl(s.id)}
            data-testid="statement-pdf"
          >
            {t('statement.pdf')}
          </a>{' '}
          <span className="civq-ut-note">
            {t('statement.pdfNote', { language: t(`languages.${s.language}`) })}
          </span>
        </p>
      )}
      {s.chargeId && session.modules.includes('payments') && (
        <p>
          <Link
            className="usa-link"
            to={`/dashboard/payments/charges/${s.chargeId}`}
            data-testid="statement-charge"
          >
            {t('statement.charge')}
          </Link>
        </p>
      )}

      <Meters statement={s} />
      <Lines statement={s} />

      {issued && s.status !== 'void' && can(session, 'utilities.void') && (
        <VoidStatement statementId={s.id} onDone={() => setVoided(true)} />
      )}
    </>
  );
}

function AmountDue({ statement: s }: { statement: StatementDetail }) {
  const { t } = useTranslation('dashboard-billing');
  const lang = useLanguage();
  const m = (cents: number) => formatMoney(lang, cents);
  const row = (key: string, cents: number, testId: string) => (
    <tr data-testid={testId}>
      <th scope="row">{t(`statement.summary.${key}`)}</th>
      <td className="civq-ut-num">{m(cents)}</td>
    </tr>
  );
  return (
    <section aria-labelledby="statement-due-title" className="civq-bill-due">
      <h2 id="statement-due-title">{t('statement.summary.title')}</h2>
      <table
        className="usa-table usa-table--borderless civq-table civq-bill-due__table"
        data-testid="amount-due"
      >
        <caption className="usa-sr-only">{t('statement.summary.title')}</caption>
        <tbody>
          {row('previous', s.previousBalanceCents, 'due-previous')}
          {/* Payments reduce what is due: shown with a minus sign, but never as −$0.00. */}
          {row('payments', s.paymentsCents === 0 ? 0 : -s.paymentsCents, 'due-payments')}
          {row('adjustments', s.adjustmentsCents, 'due-adjustments')}
          {row('current', s.currentChargesCents, 'due-current')}
          <tr className="civq-ut-total" data-testid="due-total">
            <th scope="row">{t('statement.summary.total')}</th>
            <td className="civq-ut-num">{m(s.totalDueCents)}</td>
          </tr>
          {s.balanceCents !== null && s.status !== 'void' && (
            <tr data-testid="due-balance">
              <th scope="row">{t('statement.summary.balance')}</th>
              <td className="civq-ut-num">
                <Balance cents={s.balanceCents} />
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}

function Meters({ statement: s }: { statement: StatementDetail }) {
  const { t } = useTranslation('dashboard-billing');
  const lang = useLanguage();
  const labels = useLabels();
  const col = (key: string) => t(`statement.meters.columns.${key}`);
  const read = (value: number | null, on: string | null) =>
    value === null || on === null
      ? t('none')
      : t('statement.meters.readOn', {
          value: formatNumber(lang, value),
          date: formatDay(lang, on, 'medium'),
        });
  return (
    <section aria-labelledby="meters-title" className="civq-ut-section">
      <h2 id="meters-title">{t('statement.meters.title')}</h2>
      {s.meters.length === 0 ? (
        <p>{t('statement.meters.none')}</p>
      ) : (
        <TableRegion label={t('statement.meters.caption')}>
          <table
            className="usa-table usa-table--borderless usa-table--stacked-header civq-table civq-ut-table"
            data-testid="statement-meters"
          >
            <caption className="usa-sr-only">{t('statement.meters.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{col('meter')}</th>
                <th scope="col">{col('service')}</th>
                <th scope="col">{col('prior')}</th>
                <th scope="col">{col('current')}</th>
                <th scope="col" className="civq-ut-num">
                  {col('use')}
                </th>
              </tr>
            </thead>
            <tbody>
              {s.meters.map((m) => (
                <tr key={m.serial} data-testid="statement-meter">
                  <th scope="row" data-label={col('meter')} className="civq-ut-nowrap">
                    {m.serial}
                  </th>
                  <td data-label={col('service')}>{labels.service(m.service)}</td>
                  <td data-label={col('prior')}>{read(m.priorRead, m.priorReadOn)}</td>
                  <td data-label={col('current')}>
                    {read(m.currentRead, m.currentReadOn)}
                    {(m.estimated || m.rollover) && (
                      <span className="civq-bill-flags">
                        {m.estimated && (
                          <span className="usa-tag civq-bill-flag">{t('statement.meters.estimated')}</span>
                        )}
                        {m.rollover && (
                          <span className="usa-tag civq-bill-flag">{t('statement.meters.rollover')}</span>
                        )}
                      </span>
                    )}
                  </td>
                  <td data-label={col('use')} className="civq-ut-num">
                    {formatNumber(lang, m.consumption)} {labels.unit(m.unit)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </section>
  );
}

function Lines({ statement: s }: { statement: StatementDetail }) {
  const { t } = useTranslation('dashboard-billing');
  const lang = useLanguage();
  const col = (key: string) => t(`statement.lines.columns.${key}`);
  return (
    <section aria-labelledby="lines-title" className="civq-ut-section">
      <h2 id="lines-title">{t('statement.lines.title')}</h2>
      {s.lines.length === 0 ? (
        <p>{t('statement.lines.none')}</p>
      ) : (
        <TableRegion label={t('statement.lines.caption')}>
          <table
            className="usa-table usa-table--borderless usa-table--stacked-header civq-table civq-ut-table civq-bill-lines"
            data-testid="statement-lines"
          >
            <caption className="usa-sr-only">{t('statement.lines.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{col('description')}</th>
                <th scope="col" className="civq-ut-num">
                  {col('quantity')}
                </th>
                <th scope="col" className="civq-ut-num">
                  {col('amount')}
                </th>
              </tr>
            </thead>
            <tbody>
              {s.lines.map((l, i) => (
                <tr key={i} data-testid="statement-line">
                  <th scope="row" data-label={col('description')} className="civq-break">
                    {l.label[lang]}
                  </th>
                  <td
                    data-label={col('quantity')}
                    className={`civq-ut-num${l.quantity === null ? ' civq-ut-empty' : ''}`}
                  >
                    {l.quantity !== null && l.rate !== null
                      ? t('statement.lines.quantityRate', {
                          quantity: formatNumber(lang, l.quantity),
                          rate: formatRate(l.rate),
                        })
                      : ''}
                  </td>
                  <td data-label={col('amount')} className="civq-ut-num">
                    {formatMoney(lang, l.amountCents)}
                  </td>
                </tr>
              ))}
              <tr className="civq-ut-total">
                <th scope="row" data-label={col('description')}>
                  {t('statement.lines.total')}
                </th>
                <td className="civq-ut-num civq-ut-empty" data-label={col('quantity')} />
                <td data-label={col('amount')} className="civq-ut-num" data-testid="lines-total">
                  {formatMoney(lang, s.currentChargesCents)}
                </td>
              </tr>
            </tbody>
          </table>
        </TableRegion>
      )}
    </section>
  );
}
