import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/Field.tsx';
import { useLanguage } from '../../hooks.ts';
import type { Answers, CategoryQuestion } from './types.ts';

/** What the form holds for each question before it is sent: text as typed, choices as values. */
export type Draft = Record<string, string | string[]>;

export const questionId = (key: string) => `answer-${key.replace(/[^a-zA-Z0-9_-]/g, '_')}`;

/** The answers the report sends: blanks left out, numbers as numbers, yes/no as booleans. */
export function toAnswers(questions: CategoryQuestion[], draft: Draft): Answers {
  const out: Answers = {};
  for (const q of questions) {
    const value = draft[q.key];
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    if (q.type === 'number' && typeof value === 'string') {
      const n = Number(value.replace(',', '.'));
      out[q.key] = Number.isFinite(n) ? n : value;
    } else if (q.type === 'yes_no') out[q.key] = value === 'yes';
    else out[q.key] = value;
  }
  return out;
}

type Props = {
  questions: CategoryQuestion[];
  draft: Draft;
  onChange: (key: string, value: string | string[]) => void;
  errors: Record<string, string>;
};

/** A category's extra questions, each drawn by its type, required ones marked as such. */
export function Questions({ questions, draft, onChange, errors }: Props) {
  const { t } = useTranslation('requests');
  const lang = useLanguage();
  return (
    <>
      {questions.map((q) => {
        const id = questionId(q.key);
        const error = errors[`answers.${q.key}`];
        const label = q.label[lang];
        const mark = q.required ? t('portal.form.required') : t('portal.form.optional');
        const value = draft[q.key];
        if (q.type === 'yes_no' || q.type === 'single_choice' || q.type === 'multiple_choice') {
          const options =
            q.type === 'yes_no'
              ? [
                  { value: 'yes', label: t('portal.form.yes') },
                  { value: 'no', label: t('portal.form.no') },
                ]
              : (q.options ?? []).map((o) => ({ value: o.value, label: o.label[lang] }));
          const multiple = q.type === 'multiple_choice';
          const chosen = Array.isArray(value) ? value : value ? [value] : [];
          return (
            <div
              key={q.key}
              className={`usa-form-group${error ? ' usa-form-group--error' : ''}`}
              data-testid={`question-${q.key}`}
            >
              <fieldset
                className="usa-fieldset"
                id={id}
                tabIndex={-1}
                aria-describedby={error ? `${id}-error` : undefined}
                aria-required={q.required || undefined}
              >
                <legend className={`usa-legend${error ? ' usa-label--error' : ''}`}>
                  {label} <span className="civq-optional">{mark}</span>
                </legend>
                {error && (
                  <span className="usa-error-message" id={`${id}-error`} role="alert">
                    {error}
                  </span>
                )}
                {options.map((o, i) => (
                  <div className={multiple ? 'usa-checkbox' : 'usa-radio'} key={o.value}>
                    <input
                      className={multiple ? 'usa-checkbox__input' : 'usa-radio__input'}
                      id={`${id}-${i}`}
                      type={multiple ? 'checkbox' : 'radio'}
                      name={id}
                      value={o.value}
                      checked={chosen.includes(o.value)}
                      onChange={(e) =>
                        onChange(
                          q.key,
                          multiple
                            ? e.target.checked
                              ? [...chosen, o.value]
                              : chosen.filter((v) => v !== o.value)
                            : o.value,
                        )
                      }
                    />
                    <label
                      className={multiple ? 'usa-checkbox__label' : 'usa-radio__label'}
                      htmlFor={`${id}-${i}`}
                    >
                      {o.label}
                    </label>
                  </div>
                ))}
              </fieldset>
            </div>
          );
        }
        return (
          <Field
            key={q.key}
            id={id}
            label={label}
            optional={mark}
            error={error}
            hint={q.type === 'date' ? t('portal.form.dateHint') : undefined}
            kind={q.type === 'text' ? 'usa-textarea' : 'usa-input'}
            className={q.type === 'text' ? undefined : 'civq-req-short'}
          >
            {(control) =>
              q.type === 'text' ? (
                <textarea
                  {...control}
                  rows={2}
                  maxLength={1000}
                  aria-required={q.required || undefined}
                  value={typeof value === 'string' ? value : ''}
                  onChange={(e) => onChange(q.key, e.target.value)}
                />
              ) : (
                <input
                  {...control}
                  type={q.type === 'date' ? 'date' : 'text'}
                  inputMode={q.type === 'number' ? 'decimal' : undefined}
                  aria-required={q.required || undefined}
                  value={typeof value === 'string' ? value : ''}
                  onChange={(e) => onChange(q.key, e.target.value)}
                />
              )
            }
          </Field>
        );
      })}
    </>
  );
}
