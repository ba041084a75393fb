import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMoneyPost, type Payment } from './api.ts';
import { amountErrorKey } from './money.ts';
import { Field } from '../../ui/Field.tsx';
import { MoneyInput } from './MoneyInput.tsx';
import { parseDollars } from './money.ts';
import { ReasonAction } from './ReasonAction.tsx';

/** "Reverse returned check" (administrators): the payment stops counting; a fee may be charged. */
export function ReverseCheck({ payment, onDone }: { payment: Payment; onDone: (p: Payment) => void }) {
  const { t } = useTranslation('dashboard');
  const post = useMoneyPost();
  const [fee, setFee] = useState('');
  const [feeError, setFeeError] = useState<string>();
  return (
    <ReasonAction
      id="reverse"
      title={t('payments.reverse.title')}
      intro={t('payments.reverse.intro')}
      open={t('payments.reverse.open')}
      submit={t('payments.reverse.submit')}
      reasonLabel={t('payments.reverse.reason')}
      reasonHint={t('payments.reverse.reasonHint')}
      extra={
        <Field
          id="returnedCheckFee"
          label={t('payments.reverse.fee')}
          optional={t('payments.record.optional')}
          hint={t('payments.reverse.feeHint')}
          error={feeError}
        >
          {(c) => <MoneyInput control={c} value={fee} onChange={setFee} />}
        </Field>
      }
      onSubmit={async (reason) => {
        const cents = fee.trim() ? parseDollars(fee) : null;
        if (cents && !cents.ok) {
          setFeeError(t(amountErrorKey(cents)!));
          document.getElementById('returnedCheckFee')?.focus();
          return false;
        }
        setFeeError(undefined);
        const reversed = await post<Payment>(`/api/v1/payments/payments/${payment.id}/reverse`, {
          reason,
          ...(cents?.ok && { returnedCheckFeeCents: cents.cents }),
        });
        onDone(reversed);
      }}
    />
  );
}
