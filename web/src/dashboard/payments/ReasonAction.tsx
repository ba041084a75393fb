import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { errorsByField } from '../../ui/formErrors.ts';
import { Field } from '../../ui/Field.tsx';

type Props = {
  id: string;
  title: string;
  intro: string;
  /** Opens the form. */
  open: string;
  submit: string;
  reasonLabel: string;
  reasonHint: string;
  /** More fields between the reason and the buttons (they keep their own state and errors). */
  extra?: ReactNode;
  /** Sends the action; returns false when a field of `extra` is wrong and nothing was sent. */
  onSubmit: (reason: string) => Promise<boolean | void>;
};

/**
 * An administrator's action that needs a reason — void a charge, reverse a returned check:
 * an explanation and a button, then the reason and a confirmation, with the server's answer.
 */
export function ReasonAction({
  id,
  title,
  intro,
  open,
  submit,
  reasonLabel,
  reasonHint,
  extra,
  onSubmit,
}: Props) {
  const { t } = useTranslation('dashboard');
  const [opened, setOpened] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const { busy, problem, setProblem, run } = useFormSubmit();
  const reasonRef = useRef<HTMLTextAreaElement>(null);

  const send = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    if (!reason.trim()) {
      setError(t('payments.reasonRequired'));
      return reasonRef.current?.focus();
    }
    setError(undefined);
    await run(
      async () => {
        if ((await onSubmit(reason.trim())) !== false) setOpened(false);
      },
      (err) => {
        setError(errorsByField(err, { reason: 'reason' }).reason);
      },
    );
  };

  return (
    <section className="civq-pay-section civq-measure" aria-labelledby={`${id}-title`} data-testid={id}>
      <h2 id={`${id}-title`}>{title}</h2>
      <p>{intro}</p>
      {problem && <ProblemAlert problem={problem} />}
      {!opened ? (
        <button type="button" className="usa-button usa-button--secondary" onClick={() => setOpened(true)}>
          {open}
        </button>
      ) : (
        <form className="usa-form usa-form--large civq-pay-panel" noValidate onSubmit={(e) => void send(e)}>
          <Field kind="usa-textarea" id={`${id}-reason`} label={reasonLabel} hint={reasonHint} error={error}>
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
          {extra}
          <div className="civq-actions">
            <button type="submit" className="usa-button usa-button--secondary" disabled={busy}>
              {submit}
            </button>
            <button type="button" className="usa-button usa-button--outline" onClick={() => setOpened(false)}>
              {t('payments.keep')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
