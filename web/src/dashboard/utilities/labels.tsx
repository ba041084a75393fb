import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../format.ts';
import { useLanguage } from '../../hooks.ts';
import { useTypes, type AccountStatus } from './api.ts';

/** Display names for the codes the utilities API uses; unknown codes show as they are. */
export function useLabels() {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const types = useTypes().data?.accountTypes;
  const label = (group: string) => (code: string) => t(`utilities.${group}.${code}`, { defaultValue: code });
  return {
    status: label('status'),
    service: label('services'),
    unit: label('units'),
    method: label('methods'),
    purpose: label('purposes'),
    exception: label('exceptionKinds'),
    exceptionStatus: label('exceptionStatus'),
    meterStatus: label('meterStatus'),
    usage: label('usage'),
    accountType: (code: string) => types?.find((x) => x.code === code)?.name[lang] ?? code,
  };
}

/** An account's status as a USWDS tag. */
export function AccountStatusTag({ status }: { status: AccountStatus }) {
  const labels = useLabels();
  return (
    <span className={`usa-tag civq-status civq-ut-status--${status}`} data-status={status}>
      {labels.status(status)}
    </span>
  );
}

/** The Autopay badge of an account list row or page. */
export function AutopayBadge() {
  const { t } = useTranslation('dashboard');
  return <span className="usa-tag civq-ut-autopay">{t('utilities.autopay')}</span>;
}

/** A balance: what is owed, or a credit said in words (not only with a minus sign). */
export function Balance({ cents }: { cents: number }) {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  if (cents < 0)
    return (
      <span className="civq-ut-credit">{t('utilities.credit', { amount: formatMoney(lang, -cents) })}</span>
    );
  return <>{formatMoney(lang, cents)}</>;
}
