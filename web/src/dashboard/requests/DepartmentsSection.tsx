import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/Field.tsx';
import { fieldErrors } from '../../ui/formErrors.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { TableRegion } from '../../ui/TableRegion.tsx';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { useSession } from '../session.tsx';
import { API, REQUESTS_KEY, type Department } from './api.ts';

const CODE = /^[a-z0-9_]{1,40}$/;

/** The departments that own categories: their names in both languages; add or rename. */
export function DepartmentsSection({
  departments,
  onDone,
}: {
  departments: Department[];
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation('dashboard');
  const { call } = useSession();
  const queryClient = useQueryClient();
  const { busy, problem, submit } = useFormSubmit();
  const [editing, setEditing] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [en, setEn] = useState('');
  const [es, setEs] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const d = (key: string) => t(`requests.departments.${key}`);

  const edit = (dep: Department | null) => {
    setEditing(dep?.code ?? null);
    setCode(dep?.code ?? '');
    setEn(dep?.name.en ?? '');
    setEs(dep?.name.es ?? '');
    setErrors({});
  };

  const onSubmit = (event: React.FormEvent) =>
    void submit(
      {
        validate: () => {
          const next: Record<string, string> = {};
          if (!editing && !CODE.test(code.trim())) next.code = t('requests.catalogue.form.codeInvalid');
          if (!en.trim()) next['name.en'] = t('requests.catalogue.form.required');
          if (!es.trim()) next['name.es'] = t('requests.catalogue.form.required');
          setErrors(next);
          const first = ['code', 'name.en', 'name.es'].find((f) => next[f]);
          if (first) document.getElementById(`dep-${first.replace('name.', '')}`)?.focus();
          return !first;
        },
        action: async () => {
          const target = editing ?? code.trim();
          await call(`${API}/admin/departments/${encodeURIComponent(target)}`, 'PUT', {
            name: { en: en.trim(), es: es.trim() },
          });
          await queryClient.invalidateQueries({ queryKey: REQUESTS_KEY });
          onDone(d('saved'));
          edit(null);
        },
        onError: (err) => setErrors(fieldErrors(err)),
      },
      event,
    );

  return (
    <section className="civq-req-section" aria-labelledby="departments-title">
      <h2 id="departments-title">{d('title')}</h2>
      {departments.length > 0 && (
        <TableRegion spaced label={d('title')}>
          <table
            className="usa-table usa-table--borderless usa-table--stacked-header civq-table"
            data-testid="departments-table"
          >
            <caption className="usa-sr-only">{d('title')}</caption>
            <thead>
              <tr>
                <th scope="col">{d('code')}</th>
                <th scope="col">{d('nameEn')}</th>
                <th scope="col">{d('nameEs')}</th>
                <th scope="col">
                  <span className="usa-sr-only">{t('requests.catalogue.columns.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {departments.map((dep) => (
                <tr key={dep.code}>
                  <th scope="row" data-label={d('code')}>
                    <code>{dep.code}</code>
                  </th>
                  <td data-label={d('nameEn')} lang="en">
                    {dep.name.en}
                  </td>
                  <td data-label={d('nameEs')} lang="es">
                    {dep.name.es}
                  </td>
                  <td data-label={t('requests.catalogue.columns.actions')}>
                    <button
                      type="button"
                      className="usa-button usa-button--unstyled"
                      onClick={() => edit(dep)}
                    >
                      {d('rename')}
                      <span className="usa-sr-only"> {dep.code}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      <form
        className="civq-req-catform civq-req-panel"
        onSubmit={onSubmit}
        noValidate
        data-testid="department-form"
      >
        <h3 className="margin-top-0">{editing ? d('renameTitle') : d('addTitle')}</h3>
        {problem && <ProblemAlert problem={problem} />}
        <div className="civq-req-grid civq-req-grid--3">
          {editing ? (
            <p className="civq-req-code">
              {d('code')}: <code>{editing}</code>
            </p>
          ) : (
            <Field
              id="dep-code"
              label={d('code')}
              hint={t('requests.catalogue.form.codeHint')}
              error={errors.code}
            >
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
          <Field id="dep-en" label={d('nameEn')} error={errors['name.en']}>
            {(c) => (
              <input
                {...c}
                type="text"
                lang="en"
                maxLength={200}
                value={en}
                onChange={(e) => setEn(e.target.value)}
              />
            )}
          </Field>
          <Field id="dep-es" label={d('nameEs')} error={errors['name.es']}>
            {(c) => (
              <input
                {...c}
                type="text"
                lang="es"
                maxLength={200}
                value={es}
                onChange={(e) => setEs(e.target.value)}
              />
            )}
          </Field>
        </div>
        <div className="civq-req-buttons">
          <button type="submit" className="usa-button" disabled={busy}>
            {editing ? d('saveRename') : d('add')}
          </button>
          {editing && (
            <button type="button" className="usa-button usa-button--unstyled" onClick={() => edit(null)}>
              {t('requests.actions.cancel')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
