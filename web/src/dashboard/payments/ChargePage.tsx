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
import { PAYMENTS_KEY, useCharge, useMoneyPost, type ChargeDetail } from './api.ts';
import { ChargePayments } from './ChargePayments.tsx';
import type { Flash } from './flash.ts';
import { ChargeStatusTag, useLabels } from './labels.tsx';
import { ReasonAction } from './ReasonAction.tsx';
import { RefundForm } from './RefundForm.tsx';
import { RefundsTable } from './RefundsTable.tsx';
import './payments.css';

/** One charge: what it is for, who owes it, what was paid and refunded; refund and void. */
export function ChargePage() {
  const { t } = useTranslation('dashboard');
  const { id = '' } = useParams();
  const charge = useCharge(id);
  const back = (
    <p className="margin-top-0">
      <Link className="usa-link" to="/dashboard/payments">
        {t('payments.back')}
      </Link>
    </p>
  );
  if (charge.isPending) return <Loading />;
  if (!charge.data) {
    return (
      <>
        {back}
        <PageHeading>{t('payments.charge.notFound')}</PageHeading>
        {charge.error instanceof ApiError && <ProblemAlert problem={charge.error} />}
      </>
    );
  }
  return (
    <>
      {back}
      <Charge charge={charge.data} />
    </>
  );
}

function Charge({ charge: c }: { charge: ChargeDetail }) {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const labels = useLabels();
  const { session } = useSession();
  const queryClient = useQueryClient();
  const post = useMoneyPost();
  const initial = (useLocation().state as Flash | null)?.flash;
  const [flash, setFlash] = useState(initial);
  const [refunding, setRefunding] = useState<string | null>(null);
  const refundOf = c.payments.find((p) => p.paymentId === refunding);
  const receipts = new Map(c.payments.map((p) => [p.paymentId, p.receiptNumber]));
  const row = (key: string, value: ReactNode, testId?: string) => (
    <>
      <dt>{t(`payments.charge.${key}`)}</dt>
      <dd className="civq-break" data-testid={testId}>
        {value}
      </dd>
    </>
  );
  const refresh = () => queryClient.invalidateQueries({ queryKey: PAYMENTS_KEY });

  return (
    <>
      <PageHeading>{t('payments.charge.title', { code: c.referenceCode })}</PageHeading>
      <p className="civq-pay-lead">{c.description[lang]}</p>
      {flash && <Alert type="success" heading={flash} testId="flash" focus={flash !== initial} />}

      <dl className="civq-pay-kpis civq-pay-kpis--charge" data-testid="charge-amounts">
        {(
          [
            ['amount', c.amountCents],
            ['paid', c.allocatedCents],
            ['refunded', c.refundedCents],
            ['balance', c.balanceCents],
          ] as const
        ).map(([key, cents]) => (
          <div key={key} className="civq-pay-kpi" data-testid={`charge-${key}`}>
            <dt className="civq-pay-kpi__label">{t(`payments.charge.${key}`)}</dt>
            <dd className="civq-pay-kpi__value">{formatMoney(lang, cents)}</dd>
          </div>
        ))}
      </dl>
      {can(session, 'payments.record') && c.balanceCents > 0 && (
        <p>
          <Link
            className="usa-button"
            to={`/dashboard/payments/record?ref=${encodeURIComponent(c.referenceCode)}`}
          >
            {t('payments.charge.recordPayment')}
          </Link>
        </p>
      )}

      <h2>{t('payments.charge.details')}</h2>
      <dl className="civq-details">
        {row('status', <ChargeStatusTag status={c.status} />, 'charge-status')}
        {c.voidReason && row('voidReason', c.voidReason)}
        {row('kind', labels.kind(c.kind))}
        {row('party', c.party.name)}
        {c.party.email && row('email', c.party.email)}
        {c.party.phone && row('phone', c.party.phone)}
        {row('language', labels.language(c.party.language))}
        {c.dueDate && row('dueDate', formatDay(lang, c.dueDate))}
        {c.source &&
          row('source', t('payments.charge.sourceValue', { module: c.source.module, id: c.source.id }))}
        {row('posted', formatDateTime(lang, c.createdAt))}
      </dl>

      <h2 className="margin-top-5">{t('payments.charge.payments')}</h2>
      <ChargePayments
        payments={c.payments}
        refunding={refunding}
        onRefund={
          can(session, 'payments.refund')
            ? (id) => setRefunding((open) => (open === id ? null : id))
            : undefined
        }
      />
      {refundOf && (
        <div id="refund-panel">
          <RefundForm
            key={refundOf.paymentId}
            paymentId={refundOf.paymentId}
            receiptNumber={refundOf.receiptNumber}
            chargeId={c.id}
            refundableCents={refundOf.refundableCents}
            onCancel={() => setRefunding(null)}
            onDone={(payment) => {
              const refund = payment.refunds[payment.refunds.length - 1]!;
              setRefunding(null);
              setFlash(
                t('payments.refund.done', {
                  number: refund.refundNumber,
                  amount: formatMoney(lang, refund.amountCents),
                }),
              );
              void refresh();
            }}
          />
        </div>
      )}

      <h2 className="margin-top-5">{t('payments.refunds.title')}</h2>
      <RefundsTable refunds={c.refunds} receipts={receipts} />

      {can(session, 'payments.void') && c.status !== 'void' && c.allocatedCents === 0 && (
        <ReasonAction
          id="void"
          title={t('payments.void.title')}
          intro={t('payments.void.intro')}
          open={t('payments.void.open')}
          submit={t('payments.void.submit')}
          reasonLabel={t('payments.void.reason')}
          reasonHint={t('payments.void.reasonHint')}
          onSubmit={async (reason) => {
            await post(`/api/v1/payments/charges/${c.id}/void`, { reason });
            setFlash(t('payments.void.done', { code: c.referenceCode }));
            await refresh();
          }}
        />
      )}
    </>
  );
}
