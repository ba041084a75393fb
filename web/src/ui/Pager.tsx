import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatNumber } from '../format.ts';
import { useLanguage } from '../hooks.ts';

type Props = {
  page: number;
  perPage: number;
  total: number;
  /** What is counted, as a catalog key under utilities.pager (accounts, exceptions). */
  noun: string;
  /** Where the label and "showing" messages of `noun` are, when not under dashboard:utilities.pager. */
  messages?: { ns: string; prefix: string };
  /** The link to another page, keeping the filters. */
  hrefFor: (page: number) => string;
  /** The server stopped counting at `total` (large lists): "of more than 10,000 accounts". */
  capped?: boolean;
};

/** "Showing 26–50 of 73 accounts" with previous and next links. */
export function Pager({ page, perPage, total, noun, messages, hrefFor, capped = false }: Props) {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const pages = Math.max(1, Math.ceil(total / perPage));
  const from = total === 0 ? 0 : (page - 1) * perPage + 1;
  const to = Math.min(total, page * perPage);
  const { ns, prefix } = messages ?? { ns: 'dashboard', prefix: 'utilities.pager' };
  return (
    <nav className="civq-pager" aria-label={t(`${prefix}.label.${noun}`, { ns })} data-testid="pager">
      <p className="civq-pager__status" aria-live="polite">
        {t(`${prefix}.${capped ? 'showingMore' : 'showing'}.${noun}`, {
          ns,
          from: formatNumber(lang, from),
          to: formatNumber(lang, to),
          total,
        })}
      </p>
      {pages > 1 && (
        <ul className="civq-pager__links">
          {page > 1 && (
            <li>
              <Link className="usa-button usa-button--outline" to={hrefFor(page - 1)} rel="prev">
                {t('utilities.pager.previous')}
              </Link>
            </li>
          )}
          <li className="civq-pager__page">{t('utilities.pager.page', { page, pages })}</li>
          {page < pages && (
            <li>
              <Link className="usa-button usa-button--outline" to={hrefFor(page + 1)} rel="next">
                {t('utilities.pager.next')}
              </Link>
            </li>
          )}
        </ul>
      )}
    </nav>
  );
}
