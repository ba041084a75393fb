import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../hooks.ts';
import { Field } from '../../ui/Field.tsx';
import { fieldErrors } from '../../ui/formErrors.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { useSession } from '../session.tsx';
import { API, REQUESTS_KEY, type Category, type Department } from './api.ts';
import { fromDraft, QuestionsEditor, toDraft, type QuestionDraft } from './QuestionsEditor.tsx';

const CODE = /^[a-z0-9_]{1,40}$/;

type Props = {
  /** The category being edited; none for a new one. */
  category?: Category;
  departments: Department[];
  nextPosition: number;
  onDone: (message: string) => void;
  onCancel: () => void;
};

/** A category in both languages: its department, SLA, location rule, questions, on or off. */
export function CategoryForm({ category, departments, nextPosition, onDone, onCancel }: Props) {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const { call } = useSession();
  const queryClient = useQueryClient();
  const { busy, problem, submit } = useFormSubmit();
  const [code, setCode] = useState(category?.code ?? '');
  const [nameEn, setNameEn] = useState(category?.name.en ?? '');
  const [nameEs, setNameEs] = useState(category?.name.es ?? '');
  const [descEn, setDescEn] = useState(category?.description.en ?? '');
  const [descEs, setDescEs] = useState(category?.description.es ?? '');
  const [department, setDepartment] = useState(category?.department.code ?? departments[0]?.code ?? '');
  const [sla, setSla] = useState(String(category?.slaBusinessDays ?? 5));
  const [locationRequired, setLocationRequired] = useState(category?.locationRequired ?? true);
  const [active, setActive] = useState(category?.active ?? true);
  const [position, setPosition] = useState(String(category?.position ?? nextPosition));
  const [questions, setQuestions] = useState<QuestionDraft[]>((category?.questions ?? []).map(toDraft));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const f = (key: string) => t(`requests.catalogue.form.${key}`);
  const prefix = category ? `cat-${category.code}` : 'cat-new';
  const id = (name: string) => `${prefix}-${name}`;

  const validate = () => {
    const next: Record<string, string> = {};
    const need = (path: string, value: string) => {
      if (!value.trim()) next[path] = t('requests.catalogue.form.required');
    };
    if (!category && !CODE.test(code.trim())) next.code = f('codeInvalid');
    need('name.en', nameEn);
    need('name.es', nameEs);
    need('description.en', descEn);
    need('description.es', descEs);
    if (!department) next.departmentCode = t('requests.catalogue.form.required');
    const days = Number(sla);
    if (!Number.isInteger(days) || days < 1 || days > 365) next.slaBusinessDays = f('slaInvalid');
    questions.forEach((q, i) => {
      if (!/^[a-z][a-z0-9_]{0,39}$/.test(q.key.trim())) next[`questions.${i}.key`] = f('keyInvalid');
      need(`questions.${i}.label.en`, q.labelEn);
      need(`questions.${i}.label.es`, q.labelEs);
      if ((q.type === 'single_choice' || q.type === 'multiple_choice') && q.options.length < 2)
        next[`questions.${i}.options`] = f('optionsNeeded');
      q.options.forEach((o, k) => {
        if (!CODE.test(o.value.trim())) next[`questions.${i}.options.${k}.value`] = f('codeInvalid');
        need(`questions.${i}.options.${k}.label.en`, o.en);
        need(`questions.${i}.options.${k}.label.es`, o.es);
      });
    });
    setErrors(next);
    // Focus the first field in error once it is drawn as such.
    requestAnimationFrame(() =>
      document.querySelector<HTMLElement>(`#${prefix}-form [aria-invalid="true"]`)?.focus(),
    );
    return Object.keys(next).length === 0;
  };

  const onSubmit = (event: React.FormEvent) =>
    void submit(
      {
        validate,
        action: async () => {
          const saved = await call<Category>(
            `${API}/admin/categories/${encodeURIComponent(category?.code ?? code.trim())}`,
            'PUT',
            {
              name: { en: nameEn.trim(), es: nameEs.trim() },
              description: { en: descEn.trim(), es: descEs.trim() },
              departmentCode: department,
              slaBusinessDays: Number(sla),
              locationRequired,
              questions: questions.map(fromDraft),
              active,
              position: Number(position) || 0,
            },
          );
          await queryClient.invalidateQueries({ queryKey: REQUESTS_KEY });
          onDone(t('requests.catalogue.saved', { name: saved.name[lang] }));
        },
        onError: (err) => setErrors(fieldErrors(err)),
      },
      event,
    );

  const text = (
    path: string,
    name: string,
    label: string,
    value: string,
    set: (v: string) => void,
    l?: 'en' | 'es',
  ) => (
    <Field id={id(name)} label={label} error={errors[path]}>
      {(c) => (
        <input
          {...c}
          type="text"
          lang={l}
          maxLength={200}
          value={value}
          onChange={(e) => set(e.target.value)}
        />
      )}
    </Field>
  );
  const area = (
    path: string,
    name: string,
    label: string,
    value: string,
    set: (v: string) => void,
    l: 'en' | 'es',
  ) => (
    <Field id={id(name)} label={label} error={errors[path]} kind="usa-textarea">
      {(c) => (
        <textarea
          {...c}
          lang={l}
          rows={3}
          maxLength={1000}
          value={value}
          onChange={(e) => set(e.target.value)}
        />
      )}
    </Field>
  );

  return (
    <form
      id={`${prefix}-form`}
      className="civq-req-catform"
      onSubmit={onSubmit}
      noValidate
      data-testid="category-form"
    >
      {problem && <ProblemAlert problem={problem} />}
      <div className="civq-req-grid">
        {category ? (
          <p className="civq-req-code">
            {f('code')}: <code>{category.code}</code>
          </p>
        ) : (
          <Field id={id('code')} label={f('code')} hint={f('codeHint')} error={errors.code}>
            {(c) => (
              <input
                {...c}
                type="text"
                spellCheck={false}
                autoComplete="off"
                maxLength={40}
                value={code}
                onChange={(e) => setCode(e.target.value)}
              />
            )}
          </Field>
        )}
        <Field id={id('department')} label={f('department')} error={errors.departmentCode} kind="usa-select">
          {(c) => (
            <select {...c} value={department} onChange={(e) => setDepartment(e.target.value)}>
              {!department && <option value="">{f('choose')}</option>}
              {departments.map((d) => (
                <option key={d.code} value={d.code}>
                  {d.name[lang]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {text('name.en', 'name-en', f('nameEn'), nameEn, setNameEn, 'en')}
        {text('name.es', 'name-es', f('nameEs'), nameEs, setNameEs, 'es')}
        {area('description.en', 'desc-en', f('descriptionEn'), descEn, setDescEn, 'en')}
        {area('description.es', 'desc-es', f('descriptionEs'), descEs, setDescEs, 'es')}
        <Field id={id('sla')} label={f('sla')} hint={f('slaHint')} error={errors.slaBusinessDays}>
          {(c) => (
            <input
              {...c}
              type="text"
              inputMode="numeric"
              value={sla}
              onChange={(e) => setSla(e.target.value)}
            />
          )}
        </Field>
        <Field id={id('position')} label={f('position')} hint={f('positionHint')} error={errors.position}>
          {(c) => (
            <input
              {...c}
              type="text"
              inputMode="numeric"
              value={position}
              onChange={(e) => setPosition(e.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="usa-checkbox">
        <input
          className="usa-checkbox__input"
          type="checkbox"
          id={id('location')}
          checked={locationRequired}
          onChange={(e) => setLocationRequired(e.target.checked)}
        />
        <label className="usa-checkbox__label" htmlFor={id('location')}>
          {f('locationRequired')}
        </label>
      </div>
      <div className="usa-checkbox">
        <input
          className="usa-checkbox__input"
          type="checkbox"
          id={id('active')}
          checked={active}
          onChange={(e) => setActive(e.target.checked)}
        />
        <label className="usa-checkbox__label" htmlFor={id('active')}>
          {f('active')}
          <span className="usa-checkbox__label-description">{f('activeHint')}</span>
        </label>
      </div>
      <QuestionsEditor questions={questions} onChange={setQuestions} errors={errors} />
      <div className="civq-req-buttons">
        <button type="submit" className="usa-button" disabled={busy}>
          {f('save')}
        </button>
        <button type="button" className="usa-button usa-button--unstyled" onClick={onCancel}>
          {t('requests.actions.cancel')}
        </button>
      </div>
    </form>
  );
}
