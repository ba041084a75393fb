import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../../api.ts';
import { Alert } from '../../components/Alert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { PageHeading } from '../../components/SiteLayout.tsx';
import {
  CHANNELS,
  MESSAGE_STATUSES,
  useMessages,
  type ChannelName,
  type LogFilters,
  type MessageStatus,
} from './api.ts';
import { CommunicationsNav } from './CommunicationsNav.tsx';
import { MessageFilters } from './MessageFilters.tsx';
import { MessageTable } from './MessageTable.tsx';
import { Pager } from '../../ui/Pager.tsx';

const PER_PAGE = 25;

/** Filters and page from the URL (?status=failed&channel=sms&kind=payment.receipt&page=2), so they can be shared. */
function readFilters(params: URLSearchParams): LogFilters {
  const status = params.get('status');
  const kind = params.get('kind');
  const channel = params.get('channel');
  const positive = (name: string, fallback: number, max: number) => {
    const n = Number(params.get(name));
    return Number.isInteger(n) && n >= 1 ? Math.min(n, max) : fallback;
  };
  return {
    status: MESSAGE_STATUSES.includes(status as MessageStatus) ? (status as MessageStatus) : undefined,
    channel: CHANNELS.includes(channel as ChannelName) ? (channel as ChannelName) : undefined,
    kind: kind || undefined,
    page: positive('page', 1, 100_000),
    perPage: positive('perPage', PER_PAGE, 200),
  };
}

function toSearch(filters: Partial<LogFilters>): string {
  const params = new URLSearchParams();
  if (filters.status) params.set('status', filters.status);
  if (filters.channel) params.set('channel', filters.channel);
  if (filters.kind) params.set('kind', filters.kind);
  if (filters.page && filters.page > 1) params.set('page', String(filters.page));
  if (filters.perPage && filters.perPage !== PER_PAGE) params.set('perPage', String(filters.perPage));
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** The communications log: every message, newest first, filtered by status and notice type. */
export function MessagesPage() {
  const { t } = useTranslation('dashboard');
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const messages = useMessages(filters);
  const filtered = Boolean(filters.status || filters.channel || filters.kind);
  const data = messages.data;

  return (
    <>
      <PageHeading>{t('modules.communications.title')}</PageHeading>
      <CommunicationsNav current="log" />
      <p className="civq-measure">{t('communications.log.intro')}</p>
      <MessageFilters
        status={filters.status}
        channel={filters.channel}
        kind={filters.kind}
        onApply={(f) => setParams(new URLSearchParams(toSearch({ ...f, perPage: filters.perPage })))}
      />
      {messages.isPending && <Loading />}
      {messages.error instanceof ApiError && <ProblemAlert problem={messages.error} />}
      {data && data.items.some((m) => m.deliveredVia === 'log') && (
        <Alert type="info" heading={t('communications.log.localLogTitle')} testId="local-log-note">
          <p>{t('communications.log.localLogBody')}</p>
        </Alert>
      )}
      {data && data.total === 0 && (
        <div className="civq-empty" data-testid="messages-empty">
          <h2 className="civq-empty__title">
            {filtered ? t('communications.log.emptyFiltered') : t('communications.log.empty')}
          </h2>
          <p>{filtered ? t('communications.log.emptyFilteredBody') : t('communications.log.emptyBody')}</p>
        </div>
      )}
      {data && data.total > 0 && (
        <>
          {data.items.length > 0 ? (
            <>
              <MessageTable items={data.items} />
              <Pager
                page={filters.page}
                perPage={filters.perPage}
                total={data.total}
                messages={{ prefix: 'communications.pager' }}
                formatTotal
                hrefFor={(page) => `/dashboard/communications${toSearch({ ...filters, page })}`}
              />
            </>
          ) : (
            // An old link to a page the log no longer reaches.
            <p data-testid="messages-past-end">
              {t('communications.log.pastEnd')}{' '}
              <Link className="usa-link" to={`/dashboard/communications${toSearch({ ...filters, page: 1 })}`}>
                {t('communications.log.firstPage')}
              </Link>
            </p>
          )}
        </>
      )}
    </>
  );
}
