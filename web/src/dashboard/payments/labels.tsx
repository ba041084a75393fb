import { useTranslation } from 'react-i18next';
import type { ChargeKind, ChargeStatus, Method, PaymentStatus } from './api.ts';

/** Display names for the codes the payments API uses. */
export function useLabels() {
  const { t } = useTranslation('dashboard');
  return {
    kind: (kind: ChargeKind) => t(`payments.kinds.${kind}`),
    status: (status: ChargeStatus) => t(`payments.status.${status}`),
    method: (method: Method) => t(`payments.methods.${method}`),
    paymentStatus: (status: PaymentStatus) => t(`payments.paymentStatus.${status}`),
    language: (language: string) => t(`payments.languages.${language}`, { defaultValue: language }),
  };
}

/** A charge's status as a USWDS tag. */
export function ChargeStatusTag({ status }: { status: ChargeStatus }) {
  const labels = useLabels();
  return (
    <span className={`usa-tag civq-status civq-pay-status--${status}`} data-status={status}>
      {labels.status(status)}
    </span>
  );
}

/** A payment's status: completed, or returned by the bank. */
export function PaymentStatusTag({ status }: { status: PaymentStatus }) {
  const labels = useLabels();
  return (
    <span className={`usa-tag civq-status civq-pay-status--${status}`}>{labels.paymentStatus(status)}</span>
  );
}
