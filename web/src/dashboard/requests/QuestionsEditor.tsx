import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/Field.tsx';
import { QUESTION_TYPES, type CategoryQuestion, type QuestionType } from './api.ts';

export type QuestionDraft = {
  key: string;
  type: QuestionType;
  labelEn: string;
  labelEs: string;
  required: boolean;
  /** Choices, one a line: "value | English | Spanish". */
  options: { value: string; en: string; es: string }[];
};

export function toDraft(q: CategoryQuestion): QuestionDraft {
  return {
    key: q.key,
    type: q.type,
    labelEn: q.label.en,
    labelEs: q.label.es,
    required: q.required,
    options: (q.options ?? []).map((o) => ({ value: o.value, en: o.label.en, es: o.label.es })),
  };
}

export function fromDraft(d: QuestionDraft): CategoryQuestion {
  const choice = d.type === 'single_choice' || d.type === 'multiple_choice';
  return {
    key: d.key.trim(),
    type: d.type,
    label: { en: d.labelEn.trim(), es: d.labelEs.trim() },
    required: d.required,
    ...(choice && {
      options: d.options.map((o) => ({ value: o.value.trim(), label: { en: o.en.trim(), es: o.es.trim() } })),
    }),
  };
}

type Props = {
  questions: QuestionDraft[];
  onChange: (questions: QuestionDraft[]) => void;
  /** Server field errors by path ("questions.0.label.es"). */
  errors: Record<string, string>;
};

/** The extra questions of a category, each in English and Spanish, with its choices. */
export function QuestionsEditor({ questions, onChange, errors }: Props) {
  const { t } = useTranslation('dashboard');
  const q = (key: string) => t(`requests.catalogue.questions.${key}`);
  const set = (i: number, patch: Partial<QuestionDraft>) =>
    onChange(questions.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const move = (i: number, by: -1 | 1) => {
    const next = [...questions];
    const [item] = next.splice(i, 1);
    next.splice(i + by, 0, item!);
    onChange(next);
  };

  return (
    <fieldset className="usa-fieldset civq-req-questions" data-testid="questions-editor">
      <legend className="usa-legend usa-legend--large">{q('legend')}</legend>
      <p className="usa-hint">{q('hint')}</p>
      {questions.length === 0 && <p>{q('none')}</p>}
      {questions.map((item, i) => {
        const n = i + 1;
        const id = (f: string) => `question-${i}-${f}`;
        const err = (path: string) => errors[`questions.${i}.${path}`];
        const choice = item.type === 'single_choice' || item.type === 'multiple_choice';
        return (
          <fieldset key={i} className="usa-fieldset civq-req-question" data-testid="question">
            <legend className="usa-legend">{t('requests.catalogue.questions.number', { n })}</legend>
            <div className="civq-req-grid">
              <Field id={id('key')} label={q('key')} hint={q('keyHint')} error={err('key')}>
                {(c) => (
                  <input
                    {...c}
                    type="text"
                    spellCheck={false}
                    autoComplete="off"
                    value={item.key}
                    onChange={(e) => set(i, { key: e.target.value })}
                  />
                )}
              </Field>
              <Field id={id('type')} label={q('type')} error={err('type')} kind="usa-select">
                {(c) => (
                  <select
                    {...c}
                    value={item.type}
                    onChange={(e) => set(i, { type: e.target.value as QuestionType })}
                  >
                    {QUESTION_TYPES.map((ty) => (
                      <option key={ty} value={ty}>
                        {t(`requests.catalogue.questions.types.${ty}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field id={id('label-en')} label={q('labelEn')} error={err('label.en')}>
                {(c) => (
                  <input
                    {...c}
                    type="text"
                    lang="en"
                    value={item.labelEn}
                    onChange={(e) => set(i, { labelEn: e.target.value })}
                  />
                )}
              </Field>
              <Field id={id('label-es')} label={q('labelEs')} error={err('label.es')}>
                {(c) => (
                  <input
                    {...c}
                    type="text"
                    lang="es"
                    value={item.labelEs}
                    onChange={(e) => set(i, { labelEs: e.target.value })}
                  />
                )}
              </Field>
            </div>
            <div className="usa-checkbox">
              <input
                className="usa-checkbox__input"
                type="checkbox"
                id={id('required')}
                checked={item.required}
                onChange={(e) => set(i, { required: e.target.checked })}
              />
              <label className="usa-checkbox__label" htmlFor={id('required')}>
                {q('required')}
              </label>
            </div>
            {choice && (
              <fieldset className="usa-fieldset civq-req-options">
                <legend className="usa-legend">{q('options')}</legend>
                {err('options') && (
                  <span className="usa-error-message" role="alert">
                    {err('options')}
                  </span>
                )}
                {item.options.map((o, k) => {
                  const setOption = (patch: Partial<typeof o>) =>
                    set(i, { options: item.options.map((x, m) => (m === k ? { ...x, ...patch } : x)) });
                  const oid = (f: string) => `question-${i}-option-${k}-${f}`;
                  return (
                    <div key={k} className="civq-req-grid civq-req-option" data-testid="option">
                      <Field id={oid('value')} label={q('optionValue')} error={err(`options.${k}.value`)}>
                        {(c) => (
                          <input
                            {...c}
                            type="text"
                            spellCheck={false}
                            value={o.value}
                            onChange={(e) => setOption({ value: e.target.value })}
                          />
                        )}
                      </Field>
                      <Field id={oid('en')} label={q('optionEn')} error={err(`options.${k}.label.en`)}>
                        {(c) => (
                          <input
                            {...c}
                            type="text"
                            lang="en"
                            value={o.en}
                            onChange={(e) => setOption({ en: e.target.value })}
                          />
                        )}
                      </Field>
                      <Field id={oid('es')} label={q('optionEs')} error={err(`options.${k}.label.es`)}>
                        {(c) => (
                          <input
                            {...c}
                            type="text"
                            lang="es"
                            value={o.es}
                            onChange={(e) => setOption({ es: e.target.value })}
                          />
                        )}
                      </Field>
                      <button
                        type="button"
                        className="usa-button usa-button--unstyled civq-req-remove"
                        onClick={() => set(i, { options: item.options.filter((_, m) => m !== k) })}
                      >
                        {q('removeOption')}
                        <span className="usa-sr-only"> {o.en || String(k + 1)}</span>
                      </button>
                    </div>
                  );
                })}
                <button
                  type="button"
                  className="usa-button usa-button--outline"
                  onClick={() => set(i, { options: [...item.options, { value: '', en: '', es: '' }] })}
                >
                  {q('addOption')}
                </button>
              </fieldset>
            )}
            <div className="civq-req-buttons">
              {i > 0 && (
                <button type="button" className="usa-button usa-button--unstyled" onClick={() => move(i, -1)}>
                  {t('requests.catalogue.questions.up', { n })}
                </button>
              )}
              {i < questions.length - 1 && (
                <button type="button" className="usa-button usa-button--unstyled" onClick={() => move(i, 1)}>
                  {t('requests.catalogue.questions.down', { n })}
                </button>
              )}
              <button
                type="button"
                className="usa-button usa-button--unstyled civq-req-remove"
                onClick={() => onChange(questions.filter((_, j) => j !== i))}
              >
                {t('requests.catalogue.questions.remove', { n })}
              </button>
            </div>
          </fieldset>
        );
      })}
      <button
        type="button"
        className="usa-button usa-button--outline"
        data-testid="add-question"
        onClick={() =>
          onChange([
            ...questions,
            { key: '', type: 'text', labelEn: '', labelEs: '', required: false, options: [] },
          ])
        }
      >
        {q('add')}
      </button>
    </fieldset>
  );
}
