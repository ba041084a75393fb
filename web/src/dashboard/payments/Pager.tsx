import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatNumber } from '../../format.ts';
import { useLanguage } from '../../hooks.ts';

type Props = { page: number; perPage: number; total: number; hrefFor: (page: number) => string };

/** "Showing 26–50 of 73 charges" with previous and next links that keep the filters. */
export function Pager({ page, perPage, total, hrefFor }: Props) {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const pages = Math.max(1, Math.ceil(total / perPage));
  const from = total === 0 ? 0 : (page - 1) * perPage + 1;
  const to = Math.min(total, page * perPage);
  return (
    <nav className="civq-pay-pager" aria-label={t('payments.pager.label')} data-testid="pager">
      <p className="margin-0" aria-live="polite">
        {t('payments.pager.showing', {
          from: formatNumber(lang, from),
          to: formatNumber(lang, to),
          total,
        })}
      </p>
      {pages > 1 && (
        <ul className="civq-pay-pager__links">
          {page > 1 && (
            <li>
              <Link className="usa-button usa-button--outline" to={hrefFor(page - 1)} rel="prev">
                {t('payments.pager.previous')}
              </Link>
            </li>
          )}
          <li>{t('payments.pager.page', { page, pages })}</li>
          {page < pages && (
            <li>
              <Link className="usa-button usa-button--outline" to={hrefFor(page + 1)} rel="next">
                {t('payments.pager.next')}
              </Link>
            </li>
          )}
        </ul>
      )}
    </nav>
  );
}
