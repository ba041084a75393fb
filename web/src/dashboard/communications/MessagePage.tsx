import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api.ts';
import { Loading } from '../../components/Loading.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { PageHeading } from '../../components/SiteLayout.tsx';
import { formatDateTime, formatNumber } from '../../format.ts';
import { useLanguage } from '../../hooks.ts';
import { useMessage, type MessageDetail } from './api.ts';
import { EmailFrame } from './EmailFrame.tsx';
import { StatusTag, useLabels } from './labels.tsx';
import { ResendPanel } from './ResendPanel.tsx';
import './communications.css';

/** One message, exactly as it was sent: its headers, the plain text and the HTML. */
export function MessagePage() {
  const { t } = useTranslation('dashboard');
  const { id = '' } = useParams();
  const message = useMessage(id);
  const back = (
    <p className="margin-top-0">
      <Link className="usa-link" to="/dashboard/communications">
        {t('communications.message.back')}
      </Link>
    </p>
  );
  if (message.isPending) return <Loading />;
  if (message.error || !message.data) {
    return (
      <>
        {back}
        <PageHeading>{t('communications.message.notFound')}</PageHeading>
        {message.error instanceof ApiError && <ProblemAlert problem={message.error} />}
      </>
    );
  }
  return (
    <>
      {back}
      <Message message={message.data} />
    </>
  );
}

function Message({ message: m }: { message: MessageDetail }) {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const labels = useLabels();
  const none = <span className="civq-muted">{t('communications.message.none')}</span>;
  const to = m.recipientName ? `${m.recipientName} <${m.recipient}>` : m.recipient;
  const row = (key: string, value: ReactNode, extra?: { lang?: string; testId?: string }) => (
    <>
      <dt>{t(`communications.message.${key}`)}</dt>
      <dd className="civq-break" lang={extra?.lang} data-testid={extra?.testId}>
        {value}
      </dd>
    </>
  );

  return (
    <>
      <div className="civq-break">
        <PageHeading>{labels.kind(m.kind)}</PageHeading>
      </div>
      {['sent', 'delivered'].includes(m.status) && m.deliveredVia === 'log' && (
        <div className="usa-alert usa-alert--info usa-alert--slim civq-alert" data-testid="local-log-note">
          <div className="usa-alert__body">
            <p className="usa-alert__text">{t('communications.message.localLogNote')}</p>
          </div>
        </div>
      )}

      <h2>{t('communications.message.headers')}</h2>
      <dl className="civq-details civq-details--wide" data-testid="message-headers">
        {row('to', to, { testId: 'message-to' })}
        {row('subject', m.subject, { lang: m.language, testId: 'message-subject' })}
        {row('kind', labels.kind(m.kind))}
        {row('language', labels.language(m.language))}
        {row('channel', labels.channel(m.channel), { testId: 'message-channel' })}
        {m.requestedChannel && row('requested', labels.channel(m.requestedChannel))}
        {m.channelReason && row('reason', labels.reason(m.channelReason), { testId: 'message-reason' })}
        {m.segments !== null &&
          row('segments', formatNumber(lang, m.segments), { testId: 'message-segments' })}
        {row('status', <StatusTag message={m} showVia={false} />, { testId: 'message-status' })}
        {row('attempts', formatNumber(lang, m.attempts))}
        {row('lastError', m.lastError ?? none, { testId: 'message-last-error' })}
        {row(
          'deliveredVia',
          m.deliveredVia
            ? t(
                m.channel === 'sms' && m.deliveredVia === 'log'
                  ? 'communications.message.viaSmsLog'
                  : 'communications.message.via',
                {
                  via: m.deliveredVia,
                },
              )
            : none,
        )}
        {row('providerId', m.providerMessageId ?? none)}
        {m.providerStatus && row('providerStatus', m.providerStatus, { testId: 'message-provider-status' })}
        {row('created', formatDateTime(lang, m.createdAt))}
        {row('sent', m.sentAt ? formatDateTime(lang, m.sentAt) : none)}
        {m.status === 'queued' && row('nextAttempt', formatDateTime(lang, m.nextAttemptAt))}
        {row('updated', formatDateTime(lang, m.updatedAt))}
      </dl>

      <ResendPanel message={m} />

      <h2 className="margin-top-5">{t('communications.message.textTitle')}</h2>
      <pre className="civq-plain-text" lang={m.language} data-testid="message-text">
        {m.bodyText}
      </pre>

      <h2 className="margin-top-5">{t('communications.message.htmlTitle')}</h2>
      {m.bodyHtml ? (
        <EmailFrame
          html={m.bodyHtml}
          title={t('communications.message.htmlFrame', { subject: m.subject })}
          testId="message-html"
        />
      ) : (
        <p>{t('communications.message.noHtml')}</p>
      )}
    </>
  );
}
