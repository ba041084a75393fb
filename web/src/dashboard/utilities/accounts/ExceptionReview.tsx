import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { useFormSubmit } from '../../../ui/useFormSubmit.ts';
import { useSession } from '../../session.tsx';
import { parseWhole, UTILITIES_KEY, type ReadException } from '../api.ts';
import { fieldErrors } from '../../../ui/formErrors.ts';
import { Field } from '../../../ui/Field.tsx';

const ACTIONS = ['accept', 'correct', 'reread'] as const;
type Action = (typeof ACTIONS)[number];

/** Deciding one exception: accept the read, correct its value, or send someone to read again. */
export function ExceptionReview({
  exception,
  onDone,
}: {
  exception: ReadException;
  onDone: (action: Action) => void;
}) {
  const { t } = useTranslation('dashboard');
  const { call } = useSession();
  const queryClient = useQueryClient();
  const [action, setAction] = useState<Action>('accept');
  const [value, setValue] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<{ value?: string; note?: string }>({});
  const { busy, problem, setProblem, run } = useFormSubmit();
  const id = (name: string) => `${name}-${exception.id}`;
  const canCorrect = exception.readOn !== null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const corrected = parseWhole(value);
    if (action === 'correct' && corrected === null) {
      setErrors({ value: t('utilities.readForm.valueInvalid') });
      return document.getElementById(id('value'))?.focus();
    }
    setErrors({});
    await run(
      async () => {
        await call(`/api/v1/utilities/exceptions/${exception.id}/resolve`, 'POST', {
          action,
          ...(action === 'correct' && { value: corrected }),
          note: note.trim() || null,
        });
        await queryClient.invalidateQueries({ queryKey: UTILITIES_KEY });
        onDone(action);
      },
      (err) => {
        const byField = fieldErrors(err);
        setErrors({ value: byField.value, note: byField.note });
      },
    );
  };

  return (
    <form
      className="usa-form civq-ut-subform"
      noValidate
      onSubmit={(e) => void submit(e)}
      data-testid="exception-review"
    >
      {problem && <ProblemAlert problem={problem} />}
      <fieldset className="usa-fieldset">
        <legend className="usa-legend">{t('utilities.exceptions.decision')}</legend>
        {ACTIONS.filter((a) => a !== 'correct' || canCorrect).map((a) => (
          <div className="usa-radio" key={a}>
            <input
              className="usa-radio__input"
              id={id(a)}
              type="radio"
              name={id('action')}
              value={a}
              checked={action === a}
              onChange={() => setAction(a)}
            />
            <label className="usa-radio__label" htmlFor={id(a)}>
              {t(`utilities.exceptions.actions.${a}`)}
              <span className="usa-checkbox__label-description">
                {t(`utilities.exceptions.actionHints.${a}`)}
              </span>
            </label>
          </div>
        ))}
      </fieldset>
      {action === 'correct' && (
        <Field id={id('value')} label={t('utilities.exceptions.correctValue')} error={errors.value}>
          {(control) => (
            <input
              {...control}
              className={`${control.className} usa-input--md`}
              type="text"
              inputMode="numeric"
              autoComplete="off"
              value={value}
              onChange={(e) => setValue(e.target.value)}
            />
          )}
        </Field>
      )}
      <Field
        id={id('note')}
        label={t('utilities.exceptions.note')}
        optional={t('utilities.optional')}
        kind="usa-textarea"
        error={errors.note}
      >
        {(control) => (
          <textarea
            {...control}
            rows={2}
            maxLength={500}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        )}
      </Field>
      <button type="submit" className="usa-button margin-top-3" disabled={busy}>
        {t('utilities.exceptions.submit')}
      </button>
    </form>
  );
}
