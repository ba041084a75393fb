import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../../api.ts';
import { Loading } from '../../../components/Loading.tsx';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { formatMoney } from '../../../format.ts';
import { useLanguage } from '../../../hooks.ts';
import { useSession } from '../../session.tsx';
import { BASE, groupAccountNumber, UTILITIES_KEY } from '../api.ts';
import { useStatements, type Statement } from './api.ts';
import { useIssueLines } from './labels.tsx';

const PER_PAGE = 25;

type Props = {
  cycleId: string;
  bill: boolean;
  onMessage: (message: string) => void;
  onProblem: (err: unknown) => void;
};

/**
 * The run's exceptions list: drafts that cannot be issued, each reason in words with a link to
 * where it is fixed, and Exclude; then the accounts left out, with Include.
 */
export function ReviewList({ cycleId, bill, onMessage, onProblem }: Props) {
  const { t } = useTranslation('dashboard-billing');
  const [page, setPage] = useState(1);
  const drafts = useStatements({ cycleId, withIssues: true, page }, PER_PAGE);
  const excluded = useStatements({ cycleId, status: 'excluded', page: 1 }, 50);
  const pages = Math.max(1, Math.ceil((drafts.data?.total ?? 0) / PER_PAGE));

  return (
    <>
      <section aria-labelledby="review-title" className="civq-ut-section">
        <h2 id="review-title">{t('cycle.review.title')}</h2>
        {drafts.isPending && <Loading />}
        {drafts.error instanceof ApiError && <ProblemAlert problem={drafts.error} />}
        {drafts.data && drafts.data.total === 0 && (
          <p data-testid="review-empty">{t('cycle.review.empty')}</p>
        )}
        {drafts.data && drafts.data.total > 0 && (
          <>
            <p className="civq-measure">{t('cycle.review.intro')}</p>
            <ul className="civq-bill-review" data-testid="review-list">
              {drafts.data.items.map((s) => (
                <ReviewItem
                  key={s.id}
                  statement={s}
                  bill={bill}
                  onMessage={onMessage}
                  onProblem={onProblem}
                />
              ))}
            </ul>
            {pages > 1 && (
              <SimplePager page={page} pages={pages} total={drafts.data.total} onPage={setPage} />
            )}
          </>
        )}
      </section>
      <section aria-labelledby="excluded-title" className="civq-ut-section">
        <h2 id="excluded-title">{t('cycle.excluded.title')}</h2>
        {excluded.data && excluded.data.total === 0 && <p>{t('cycle.excluded.empty')}</p>}
        {excluded.data && excluded.data.total > 0 && (
          <>
            <p className="civq-measure">{t('cycle.excluded.intro')}</p>
            <ul className="civq-bill-review" data-testid="excluded-list">
              {excluded.data.items.map((s) => (
                <ReviewItem
                  key={s.id}
                  statement={s}
                  bill={bill}
                  onMessage={onMessage}
                  onProblem={onProblem}
                />
              ))}
            </ul>
          </>
        )}
      </section>
    </>
  );
}

function ReviewItem({
  statement: s,
  bill,
  onMessage,
  onProblem,
}: {
  statement: Statement;
  bill: boolean;
  onMessage: (message: string) => void;
  onProblem: (err: unknown) => void;
}) {
  const { t } = useTranslation('dashboard-billing');
  const lang = useLanguage();
  const { call } = useSession();
  const queryClient = useQueryClient();
  const issueLines = useIssueLines();
  const [busy, setBusy] = useState(false);
  const excluded = s.status === 'excluded';
  const account = groupAccountNumber(s.accountNumber);
  const headingId = `review-${s.id}`;
  const codes = new Set(s.issues.map((i) => i.code));

  const toggle = async () => {
    onProblem(null);
    setBusy(true);
    try {
      await call(`/api/v1/utilities/statements/${s.id}/${excluded ? 'include' : 'exclude'}`, 'POST');
      await queryClient.invalidateQueries({ queryKey: UTILITIES_KEY });
      onMessage(t(excluded ? 'cycle.review.includedMessage' : 'cycle.review.excludedMessage', { account }));
    } catch (err) {
      onProblem(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <li
      className="civq-bill-review__item"
      data-testid={excluded ? 'excluded-draft' : 'review-draft'}
      data-account={s.accountNumber}
    >
      <h3 className="civq-bill-review__title" id={headingId}>
        <span className="civq-ut-nowrap">{account}</span> <span className="civq-break">{s.customerName}</span>
      </h3>
      {s.issues.length > 0 && (
        <ul className="civq-bill-review__issues" data-testid="draft-issues">
          {issueLines(s.issues).map((line) => (
            <li key={line.key} data-code={line.code}>
              {line.text}
            </li>
          ))}
        </ul>
      )}
      <p className="civq-ut-note margin-y-1">
        {t('cycle.review.charges', { amount: formatMoney(lang, s.currentChargesCents) })}
      </p>
      <div className="civq-bill-review__actions">
        <Link className="usa-link" to={`${BASE}/accounts/${s.accountId}`} aria-describedby={headingId}>
          {t('cycle.review.openAccount')}
        </Link>
        {codes.has('open_exception') && (
          <Link
            className="usa-link"
            to={`${BASE}/exceptions?account=${s.accountId}`}
            aria-describedby={headingId}
          >
            {t('cycle.review.reviewExceptions')}
          </Link>
        )}
        {codes.has('no_rate') && (
          <Link className="usa-link" to={`${BASE}/types`}>
            {t('cycle.review.reviewTypes')}
          </Link>
        )}
        {bill && (
          <button
            type="button"
            className="usa-button usa-button--outline"
            aria-describedby={headingId}
            disabled={busy}
            onClick={() => void toggle()}
          >
            {excluded ? t('cycle.review.include') : t('cycle.review.exclude')}
          </button>
        )}
      </div>
    </li>
  );
}

function SimplePager({
  page,
  pages,
  total,
  onPage,
}: {
  page: number;
  pages: number;
  total: number;
  onPage: (page: number) => void;
}) {
  const { t } = useTranslation('dashboard');
  const { t: tb } = useTranslation('dashboard-billing');
  const from = (page - 1) * PER_PAGE + 1;
  const to = Math.min(total, page * PER_PAGE);
  return (
    <nav className="civq-pager" aria-label={tb('pager.label.drafts')}>
      <p className="civq-pager__status" aria-live="polite">
        {tb('pager.showing.drafts', { from, to, total })}
      </p>
      <ul className="civq-pager__links">
        {page > 1 && (
          <li>
            <button type="button" className="usa-button usa-button--outline" onClick={() => onPage(page - 1)}>
              {t('utilities.pager.previous')}
            </button>
          </li>
        )}
        <li className="civq-pager__page">{t('utilities.pager.page', { page, pages })}</li>
        {page < pages && (
          <li>
            <button type="button" className="usa-button usa-button--outline" onClick={() => onPage(page + 1)}>
              {t('utilities.pager.next')}
            </button>
          </li>
        )}
      </ul>
    </nav>
  );
}
