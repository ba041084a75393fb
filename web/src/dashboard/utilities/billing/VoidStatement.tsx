import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { useFormSubmit } from '../../../ui/useFormSubmit.ts';
import { useSession } from '../../session.tsx';
import { UTILITIES_KEY } from '../api.ts';
import { fieldErrors } from '../../../ui/formErrors.ts';
import { Field } from '../../../ui/Field.tsx';

/** An administrator voids an issued statement, with the reason the audit log keeps. */
export function VoidStatement({ statementId, onDone }: { statementId: string; onDone: () => void }) {
  const { t } = useTranslation('dashboard-billing');
  const { call } = useSession();
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const { busy, problem, setProblem, run } = useFormSubmit();
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    if (!reason.trim()) {
      setError(t('statement.void.reasonRequired'));
      return reasonRef.current?.focus();
    }
    setError(undefined);
    await run(
      async () => {
        await call(`/api/v1/utilities/statements/${statementId}/void`, 'POST', { reason: reason.trim() });
        await queryClient.invalidateQueries({ queryKey: UTILITIES_KEY });
        setOpened(false);
        onDone();
      },
      (err) => {
        setError(fieldErrors(err).reason);
      },
    );
  };

  return (
    <section
      className="civq-ut-section civq-measure"
      aria-labelledby="void-title"
      data-testid="void-statement"
    >
      <h2 id="void-title">{t('statement.void.title')}</h2>
      <p>{t('statement.void.intro')}</p>
      {problem && <ProblemAlert problem={problem} />}
      {!opened ? (
        <button
          ref={openRef}
          type="button"
          className="usa-button usa-button--secondary"
          onClick={() => {
            setOpened(true);
            requestAnimationFrame(() => reasonRef.current?.focus());
          }}
        >
          {t('statement.void.open')}
        </button>
      ) : (
        <form
          className="usa-form usa-form--large civq-ut-subform"
          noValidate
          onSubmit={(e) => void submit(e)}
        >
          <Field
            id="void-reason"
            label={t('statement.void.reason')}
            hint={t('statement.void.reasonHint')}
            kind="usa-textarea"
            error={error}
          >
            {(control) => (
              <textarea
                {...control}
                ref={reasonRef}
                rows={3}
                maxLength={500}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
            )}
          </Field>
          <div className="civq-actions">
            <button type="submit" className="usa-button usa-button--secondary" disabled={busy}>
              {t('statement.void.submit')}
            </button>
            <button
              type="button"
              className="usa-button usa-button--outline"
              onClick={() => {
                setOpened(false);
                requestAnimationFrame(() => openRef.current?.focus());
              }}
            >
              {t('statement.void.keep')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
