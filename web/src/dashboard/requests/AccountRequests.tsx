import { useTranslation } from 'react-i18next';
import { useAccountRequests } from './api.ts';
import { QueueTable } from './QueueTable.tsx';
import './requests.css';

/** The open 311 requests at a utility account, for its page in Utility Billing. */
export function AccountRequests({ accountId }: { accountId: string }) {
  const { t } = useTranslation('dashboard');
  const requests = useAccountRequests(accountId);
  const items = requests.data?.items ?? [];
  if (requests.error) return null;
  return (
    <section
      aria-labelledby="account-requests-title"
      className="civq-req-section"
      data-testid="account-requests"
    >
      <h2 id="account-requests-title">{t('requests.account.title')}</h2>
      {requests.data && items.length === 0 && <p>{t('requests.account.none')}</p>}
      {items.length > 0 && <QueueTable items={items} caption={t('requests.account.title')} />}
    </section>
  );
}
