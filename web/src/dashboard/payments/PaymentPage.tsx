import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { ApiError } from '../../api.ts';
import { Alert } from '../../components/Alert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { PageHeading } from '../../components/SiteLayout.tsx';
import { formatDateTime, formatDay, formatMoney } from '../../format.ts';
import { useLanguage } from '../../hooks.ts';
import { can, useSession } from '../session.tsx';
import { PAYMENTS_KEY, usePayment, type Payment } from './api.ts';
import { Allocations } from './Allocations.tsx';
import type { Flash } from './flash.ts';
import { PaymentStatusTag, useLabels } from './labels.tsx';
import { RefundsTable } from './RefundsTable.tsx';
import { ReverseCheck } from './ReverseCheck.tsx';
import './payments.css';

/** One payment: its receipt, payer, what it paid, refunds; reprint, and reverse a returned check. */
export function PaymentPage() {
  const { t } = useTranslation('dashboard');
  const { id = '' } = useParams();
  const payment = usePayment(id);
  const back = (
    <p className="margin-top-0">
      <Link className="usa-link" to="/dashboard/payments">
        {t('payments.back')}
      </Link>
    </p>
  );
  if (payment.isPending) return <Loading />;
  if (!payment.data) {
    return (
      <>
        {back}
        <PageHeading>{t('payments.payment.notFound')}</PageHeading>
        {payment.error instanceof ApiError && <ProblemAlert problem={payment.error} />}
      </>
    );
  }
  return (
    <>
      {back}
      <PaymentView payment={payment.data} />
    </>
  );
}

function PaymentView({ payment: p }: { payment: Payment }) {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const labels = useLabels();
  const { session } = useSession();
  const queryClient = useQueryClient();
  const initial = (useLocation().state as Flash | null)?.flash;
  const [flash, setFlash] = useState(initial);
  const other = p.payer.language === 'en' ? 'es' : 'en';
  const pdf = `/api/v1/payments/payments/${p.id}/receipt.pdf`;
  const row = (key: string, value: ReactNode, testId?: string) => (
    <>
      <dt>{t(`payments.payment.${key}`)}</dt>
      <dd className="civq-break" data-testid={testId}>
        {value}
      </dd>
    </>
  );

  return (
    <>
      <PageHeading>{t('payments.payment.title', { receipt: p.receiptNumber })}</PageHeading>
      {flash && <Alert type="success" heading={flash} testId="flash" focus={flash !== initial} />}
      <div className="civq-pay-buttons margin-bottom-3">
        <a className="usa-button" href={pdf}>
          {t('payments.payment.print')}
        </a>
        <a className="usa-link" href={`${pdf}?lang=${other}`} lang={other}>
          {t(`payments.payment.printOther.${other}`)}
        </a>
      </div>
      <p className="civq-muted civq-measure">
        {t('payments.payment.printHint', { language: p.payer.language })}
      </p>

      <h2>{t('payments.payment.details')}</h2>
      <dl className="civq-details">
        {row('receipt', p.receiptNumber, 'receipt-number')}
        {row('status', <PaymentStatusTag status={p.status} />, 'payment-status')}
        {p.reversalReason && row('reversalReason', p.reversalReason)}
        {row('amount', formatMoney(lang, p.amountCents), 'payment-amount')}
        {row('method', labels.method(p.method), 'payment-method')}
        {p.checkNumber && row('checkNumber', p.checkNumber, 'check-number')}
        {row('received', formatDay(lang, p.receivedOn))}
        {row('payer', p.payer.name, 'payer-name')}
        {p.payer.email && row('email', p.payer.email)}
        {row('language', labels.language(p.payer.language))}
        {row('unapplied', formatMoney(lang, p.unappliedCents), 'unapplied')}
        {row('recordedBy', p.recordedBy ?? t('payments.payment.unknownClerk'))}
        {row('recordedAt', formatDateTime(lang, p.createdAt))}
      </dl>

      <h2 className="margin-top-5">{t('payments.payment.allocations')}</h2>
      <Allocations allocations={p.allocations} />

      <h2 className="margin-top-5">{t('payments.refunds.title')}</h2>
      <RefundsTable refunds={p.refunds} />

      {can(session, 'payments.reverse') &&
        p.status === 'completed' &&
        p.method === 'check' &&
        (p.refunds.length > 0 ? (
          <p className="civq-measure margin-top-4">{t('payments.reverse.hasRefunds')}</p>
        ) : (
          <ReverseCheck
            payment={p}
            onDone={(reversed) => {
              queryClient.setQueryData([...PAYMENTS_KEY, 'payment', p.id], reversed);
              setFlash(t('payments.reverse.done', { receipt: p.receiptNumber }));
              void queryClient.invalidateQueries({ queryKey: PAYMENTS_KEY });
            }}
          />
        ))}
    </>
  );
}
