import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/Field.tsx';
import { errorsByField } from '../../ui/formErrors.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import type { StaffRequest } from './api.ts';
import { useRequestAction } from './useRequestAction.ts';

/**
 * Marks the request a duplicate of another by its tracking code: it closes, and its reporter
 * and followers follow the original from then on.
 */
export function DuplicateForm({
  request,
  onDone,
}: {
  request: StaffRequest;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation('dashboard');
  const act = useRequestAction(request.id);
  const { busy, problem, submit } = useFormSubmit();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | undefined>();
  const field = 'originalTrackingCode';

  const onSubmit = (event: React.FormEvent) =>
    void submit(
      {
        validate: () => {
          const clean = code.replace(/[\s-]/g, '');
          const e = clean.length === 10 ? undefined : t('requests.duplicate.codeInvalid');
          setError(e);
          if (e) document.getElementById('duplicate-code')?.focus();
          return !e;
        },
        action: async () => {
          await act('duplicate', { originalTrackingCode: code.trim() });
          onDone(t('requests.duplicate.done'));
          setCode('');
        },
        onError: (err) =>
          setError(
            errorsByField(err, { [field]: field } as const, {
              duplicate_of_itself: field,
              original_closed: field,
              request_not_found: field,
            })[field],
          ),
      },
      event,
    );

  return (
    <form className="usa-form civq-req-form" onSubmit={onSubmit} noValidate data-testid="duplicate-form">
      {problem && <ProblemAlert problem={problem} />}
      <Field
        id="duplicate-code"
        label={t('requests.duplicate.code')}
        hint={t('requests.duplicate.hint')}
        error={error}
      >
        {(control) => (
          <input
            {...control}
            type="text"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={14}
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        )}
      </Field>
      <button type="submit" className="usa-button usa-button--secondary" disabled={busy}>
        {t('requests.duplicate.submit')}
      </button>
    </form>
  );
}
