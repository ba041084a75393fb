import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate, formatNumber } from '../../format.ts';
import { useLanguage } from '../../hooks.ts';
import { INTL_LOCALE, type Language } from '../../i18n.ts';
import type { MessageSummary } from './api.ts';
import { StatusTag, useLabels } from './labels.tsx';

/** The log's rows: one message each, newest first, linking to what was sent. */
export function MessageTable({ items }: { items: MessageSummary[] }) {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const labels = useLabels();
  const col = (key: string) => t(`communications.log.columns.${key}`);
  return (
    // Eight columns can be wider than a tablet: the table scrolls sideways, not the page.
    <div
      className="civq-messages-scroll"
      role="region"
      aria-label={t('communications.log.caption')}
      tabIndex={0}
    >
      <table
        className="usa-table usa-table--borderless usa-table--stacked-header civq-table civq-messages"
        data-testid="messages-table"
      >
        <caption className="usa-sr-only">{t('communications.log.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{col('notice')}</th>
            <th scope="col">{col('recipient')}</th>
            <th scope="col">{col('language')}</th>
            <th scope="col">{col('channel')}</th>
            <th scope="col">{col('status')}</th>
            <th scope="col">{col('attempts')}</th>
            <th scope="col">{col('created')}</th>
            <th scope="col">{col('sent')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((m) => (
            <tr key={m.id} data-testid="message-row" data-kind={m.kind} data-status={m.status}>
              <th scope="row" data-label={col('notice')}>
                <Link
                  className="usa-link"
                  to={`/dashboard/communications/messages/${m.id}`}
                  aria-label={t('communications.log.open', {
                    notice: labels.kind(m.kind),
                    recipient: m.recipient,
                  })}
                >
                  {labels.kind(m.kind)}
                </Link>
              </th>
              <td data-label={col('recipient')} className="civq-nowrap">
                {m.recipient}
              </td>
              <td data-label={col('language')}>{labels.language(m.language)}</td>
              <td data-label={col('channel')} data-channel={m.channel}>
                {labels.channel(m.channel)}
                {m.segments !== null && (
                  <span className="civq-muted civq-nowrap">
                    {' '}
                    ({t('communications.log.segments', { count: m.segments })})
                  </span>
                )}
                {m.channelReason && m.requestedChannel && (
                  <span className="civq-channel-reason" data-testid="channel-reason">
                    {t('communications.log.fallback', {
                      channel: labels.channel(m.requestedChannel),
                      reason: labels.reason(m.channelReason),
                    })}
                  </span>
                )}
              </td>
              <td data-label={col('status')} className="civq-messages__status">
                <StatusTag message={m} />
              </td>
              <td data-label={col('attempts')}>{formatNumber(lang, m.attempts)}</td>
              <td data-label={col('created')}>
                <When lang={lang} iso={m.createdAt} />
              </td>
              <td data-label={col('sent')}>
                {m.sentAt ? <When lang={lang} iso={m.sentAt} /> : t('communications.log.notSent')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Date and time on lines of their own, so a narrow column never breaks inside either. */
function When({ lang, iso }: { lang: Language; iso: string }) {
  const time = new Intl.DateTimeFormat(INTL_LOCALE[lang], { timeStyle: 'short' }).format(new Date(iso));
  return (
    <time dateTime={iso}>
      <span className="civq-nowrap">{formatDate(lang, iso, 'medium')}</span>{' '}
      <span className="civq-nowrap">{time}</span>
    </time>
  );
}
