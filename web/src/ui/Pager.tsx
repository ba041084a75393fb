import { useTranslation } from 'react-i18next';
import './ui.css';
import { Link } from 'react-router';
import { formatNumber } from '../format.ts';
import { useLanguage } from '../hooks.ts';

type Props = {
  page: number;
  perPage: number;
  total: number;
  /**
   * Where the messages are: `${prefix}.label`, `.showing`, `.page`, `.previous`, `.next` in
   * namespace `ns` (dashboard unless told). With a `noun`, label and showing are per noun
   * (`${prefix}.label.${noun}`), and previous/next/page come from `navPrefix`.
   */
  messages: { ns?: string; prefix: string; navPrefix?: string };
  /** What is counted (accounts, exceptions), when the messages are per noun. */
  noun?: string;
  /** The link to another page, keeping the filters. */
  hrefFor: (page: number) => string;
  /** The server stopped counting at `total` (large lists): "of more than 10,000 accounts". */
  capped?: boolean;
  /** The message shows `{total}` as text, so it gets the number already formatted. */
  formatTotal?: boolean;
};

/** "Showing 26–50 of 73 accounts" with previous and next links. */
export function Pager({ page, perPage, total, messages, noun, hrefFor, capped = false, formatTotal }: Props) {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const pages = Math.max(1, Math.ceil(total / perPage));
  const from = total === 0 ? 0 : (page - 1) * perPage + 1;
  const to = Math.min(total, page * perPage);
  const { ns = 'dashboard', prefix, navPrefix = prefix } = messages;
  const perNoun = (key: string) => (noun ? `${key}.${noun}` : key);
  return (
    <nav className="civq-pager" aria-label={t(perNoun(`${prefix}.label`), { ns })} data-testid="pager">
      <p className="civq-pager__status" aria-live="polite">
        {t(perNoun(`${prefix}.${capped ? 'showingMore' : 'showing'}`), {
          ns,
          from: formatNumber(lang, from),
          to: formatNumber(lang, to),
          total: formatTotal ? formatNumber(lang, total) : total,
        })}
      </p>
      {pages > 1 && (
        <ul className="civq-pager__links">
          {page > 1 && (
            <li>
              <Link className="usa-button usa-button--outline" to={hrefFor(page - 1)} rel="prev">
                {t(`${navPrefix}.previous`)}
              </Link>
            </li>
          )}
          <li className="civq-pager__page">{t(`${navPrefix}.page`, { page, pages })}</li>
          {page < pages && (
            <li>
              <Link className="usa-button usa-button--outline" to={hrefFor(page + 1)} rel="next">
                {t(`${navPrefix}.next`)}
              </Link>
            </li>
          )}
        </ul>
      )}
    </nav>
  );
}
