import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/Field.tsx';
import { errorsByField, focusFirstError } from '../../ui/formErrors.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import type { StaffRequest } from './api.ts';
import { useRequestAction } from './useRequestAction.ts';

type F = 'body' | 'visibility';

/**
 * A note on the request. Who will read it is never assumed: the clerk picks public (the
 * reporter and followers see it and are told) or internal (staff only) each time.
 */
export function NoteForm({ request, onDone }: { request: StaffRequest; onDone: (message: string) => void }) {
  const { t } = useTranslation('dashboard');
  const act = useRequestAction(request.id);
  const { busy, problem, submit } = useFormSubmit();
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<'public' | 'internal' | ''>('');
  const [errors, setErrors] = useState<Partial<Record<F, string>>>({});
  const ids: Record<F, string> = { body: 'note-body', visibility: 'note-public' };

  const onSubmit = (event: React.FormEvent) =>
    void submit(
      {
        validate: () => {
          const next: Partial<Record<F, string>> = {};
          if (!body.trim()) next.body = t('requests.note.bodyRequired');
          if (!visibility) next.visibility = t('requests.note.visibilityRequired');
          setErrors(next);
          return !focusFirstError(['visibility', 'body'], next, (f) => ids[f]);
        },
        action: async () => {
          await act('notes', { body: body.trim(), visibility });
          onDone(t(visibility === 'public' ? 'requests.note.addedPublic' : 'requests.note.addedInternal'));
          setBody('');
          setVisibility('');
        },
        onError: (err) => setErrors(errorsByField(err, { body: 'body', visibility: 'visibility' } as const)),
      },
      event,
    );

  return (
    <form className="usa-form civq-req-form" onSubmit={onSubmit} noValidate data-testid="note-form">
      {problem && <ProblemAlert problem={problem} />}
      <fieldset
        className={`usa-fieldset usa-form-group${errors.visibility ? ' usa-form-group--error' : ''}`}
        aria-describedby={errors.visibility ? 'note-visibility-error' : undefined}
      >
        <legend className="usa-legend">{t('requests.note.visibility')}</legend>
        {errors.visibility && (
          <span className="usa-error-message" id="note-visibility-error" role="alert">
            {errors.visibility}
          </span>
        )}
        {(['public', 'internal'] as const).map((v) => (
          <div className="usa-radio" key={v}>
            <input
              className="usa-radio__input usa-radio__input--tile"
              type="radio"
              id={`note-${v}`}
              name="visibility"
              value={v}
              checked={visibility === v}
              onChange={() => setVisibility(v)}
            />
            <label className="usa-radio__label" htmlFor={`note-${v}`}>
              {t(`requests.note.${v}`)}
              <span className="usa-checkbox__label-description">{t(`requests.note.${v}Hint`)}</span>
            </label>
          </div>
        ))}
      </fieldset>
      <Field id="note-body" label={t('requests.note.body')} error={errors.body} kind="usa-textarea">
        {(control) => (
          <textarea
            {...control}
            rows={4}
            maxLength={4000}
            value={body}
            onChange={(e) => setBody(e.target.value)}
          />
        )}
      </Field>
      <button type="submit" className="usa-button" disabled={busy}>
        {visibility === 'public'
          ? t('requests.note.submitPublic')
          : visibility === 'internal'
            ? t('requests.note.submitInternal')
            : t('requests.note.submit')}
      </button>
    </form>
  );
}
