import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { formatMoney } from '../../format.ts';
import { useLanguage } from '../../hooks.ts';
import { useMoneyPost, type Payment } from './api.ts';
import { errorsByField } from '../../ui/formErrors.ts';
import { amountErrorKey } from './money.ts';
import { Field } from '../../ui/Field.tsx';
import { MoneyInput } from './MoneyInput.tsx';
import { parseDollars } from './money.ts';

type Props = {
  paymentId: string;
  receiptNumber: string;
  /** The charge whose part of the payment is returned. */
  chargeId: string;
  refundableCents: number;
  onDone: (payment: Payment) => void;
  onCancel: () => void;
};

/** Refund part or all of what one payment paid on a charge (administrators). */
export function RefundForm({ paymentId, receiptNumber, chargeId, refundableCents, onDone, onCancel }: Props) {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const post = useMoneyPost();
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ amount?: string; reason?: string }>({});
  const { busy, problem, setProblem, run } = useFormSubmit();
  const amountRef = useRef<HTMLInputElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const max = formatMoney(lang, refundableCents);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const cents = parseDollars(amount);
    const found: typeof errors = {};
    if (!cents.ok) found.amount = t(amountErrorKey(cents)!);
    else if (cents.cents > refundableCents) found.amount = t('payments.refund.tooMuch', { max });
    if (!reason.trim()) found.reason = t('payments.refund.reasonRequired');
    setErrors(found);
    if (found.amount) return amountRef.current?.focus();
    if (found.reason || !cents.ok) return reasonRef.current?.focus();
    await run(
      async () => {
        const payment = await post<Payment>(`/api/v1/payments/payments/${paymentId}/refunds`, {
          amountCents: cents.cents,
          reason: reason.trim(),
          chargeId,
        });
        onDone(payment);
      },
      (err) => {
        setErrors(errorsByField(err, { amountCents: 'amount', reason: 'reason' }));
      },
    );
  };

  return (
    <section className="civq-pay-panel" aria-labelledby="refund-title" data-testid="refund-form">
      <h3 id="refund-title" className="margin-top-0">
        {t('payments.refund.title', { receipt: receiptNumber })}
      </h3>
      {problem && <ProblemAlert problem={problem} />}
      <form className="usa-form usa-form--large" noValidate onSubmit={(e) => void submit(e)}>
        <Field
          id="refundAmount"
          label={t('payments.refund.amount')}
          hint={t('payments.refund.amountHint', { max })}
          error={errors.amount}
        >
          {(c) => <MoneyInput control={c} value={amount} onChange={setAmount} inputRef={amountRef} />}
        </Field>
        <Field
          kind="usa-textarea"
          id="refundReason"
          label={t('payments.refund.reason')}
          hint={t('payments.refund.reasonHint')}
          error={errors.reason}
        >
          {({ className, ...c }) => (
            <textarea
              {...c}
              ref={reasonRef}
              className={`${className} civq-pay-textarea`}
              maxLength={300}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          )}
        </Field>
        <div className="civq-actions">
          <button type="submit" className="usa-button" disabled={busy}>
            {t('payments.refund.submit')}
          </button>
          <button type="button" className="usa-button usa-button--outline" onClick={onCancel}>
            {t('payments.refund.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
