import { useTranslation } from 'react-i18next';
import { formatDay } from '../../../format.ts';
import { useLanguage } from '../../../hooks.ts';
import { formatAddress } from './AccountTable.tsx';
import { formatPhone, type Account } from '../api.ts';
import { AccountStatusTag, AutopayBadge, Balance, useLabels } from '../labels.tsx';

/** The account number as printed on bills, large, with what the customer does with it. */
export function AccountNumber({ account }: { account: Account }) {
  const { t } = useTranslation('dashboard');
  return (
    <div className="civq-ut-number" data-testid="account-number-box">
      <p className="civq-ut-number__label" id="account-number-label">
        {t('utilities.account.number')}
      </p>
      <p
        className="civq-ut-number__value"
        aria-labelledby="account-number-label account-number"
        id="account-number"
        data-testid="account-number"
      >
        {account.accountNumberDisplay}
      </p>
      <p className="civq-ut-number__note">{t('utilities.account.numberNote')}</p>
    </div>
  );
}

/** Status, balance and the account's details as a definition list. */
export function AccountSummary({ account }: { account: Account }) {
  const { t } = useTranslation(['dashboard', 'common']);
  const lang = useLanguage();
  const labels = useLabels();
  const d = (key: string) => t(`utilities.account.fields.${key}`);
  return (
    <>
      <p className="civq-ut-tags">
        <AccountStatusTag status={account.status} />
        {account.autopay && <AutopayBadge />}
      </p>
      <div className="civq-ut-balance" data-testid="balance">
        <span className="civq-ut-balance__label">{t('utilities.account.balance')}</span>
        <span className="civq-ut-balance__value">
          <Balance cents={account.balanceCents ?? 0} />
        </span>
      </div>
      <h2>{t('utilities.account.details')}</h2>
      <dl className="civq-details" data-testid="account-details">
        <dt>{d('email')}</dt>
        <dd className="civq-break">{account.email ?? t('utilities.account.none')}</dd>
        <dt>{d('phone')}</dt>
        <dd>{account.phone ? formatPhone(account.phone) : t('utilities.account.none')}</dd>
        <dt>{d('address')}</dt>
        <dd>{formatAddress(account.address)}</dd>
        <dt>{d('pin')}</dt>
        <dd data-testid="pin">
          {account.pin
            ? t('utilities.account.pinAt', {
                latitude: account.pin.latitude.toFixed(6),
                longitude: account.pin.longitude.toFixed(6),
              })
            : t('utilities.account.noPin')}
        </dd>
        <dt>{d('language')}</dt>
        <dd>{t(`common:language.names.${account.language}`)}</dd>
        <dt>{d('type')}</dt>
        <dd>{labels.accountType(account.accountType)}</dd>
        <dt>{d('route')}</dt>
        <dd>{account.route ?? t('utilities.account.none')}</dd>
        <dt>{d('opened')}</dt>
        <dd>{formatDay(lang, account.openedOn)}</dd>
        {account.closedOn && (
          <>
            <dt>{d('closed')}</dt>
            <dd>{formatDay(lang, account.closedOn)}</dd>
          </>
        )}
      </dl>
    </>
  );
}
