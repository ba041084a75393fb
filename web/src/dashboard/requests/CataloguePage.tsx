import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { Alert } from '../../components/Alert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeading } from '../../components/SiteLayout.tsx';
import { formatNumber } from '../../format.ts';
import { useLanguage } from '../../hooks.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { TableRegion } from '../../ui/TableRegion.tsx';
import { useCategories, useDepartments } from './api.ts';
import { AreaForm } from './AreaForm.tsx';
import { CategoryForm } from './CategoryForm.tsx';
import { DepartmentsSection } from './DepartmentsSection.tsx';
import { RequestsNav } from './RequestsNav.tsx';

/** The service catalogue: categories and their questions, departments, the reporting area. */
export function CataloguePage() {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const categories = useCategories();
  const departments = useDepartments();
  const [editing, setEditing] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const list = categories.data?.categories ?? [];
  const deps = departments.data?.departments ?? [];
  const col = (key: string) => t(`requests.catalogue.columns.${key}`);
  const finish = (message: string) => {
    setEditing(null);
    setDone(message);
  };
  const form = (code: string | null) => {
    const category = list.find((c) => c.code === code);
    return (
      <div className="civq-req-panel" data-testid="category-editor">
        <h3 className="margin-top-0">
          {category
            ? t('requests.catalogue.editTitle', { name: category.name[lang] })
            : t('requests.catalogue.newTitle')}
        </h3>
        <CategoryForm
          category={category}
          departments={deps}
          nextPosition={list.reduce((m, c) => Math.max(m, c.position), 0) + 1}
          onDone={finish}
          onCancel={() => setEditing(null)}
        />
      </div>
    );
  };

  return (
    <>
      <PageHeading>{t('requests.catalogue.title')}</PageHeading>
      <RequestsNav current="catalogue" />
      <p className="civq-measure">{t('requests.catalogue.intro')}</p>
      {done && (
        <Alert type="success" testId="catalogue-done">
          <p className="margin-0">{done}</p>
        </Alert>
      )}
      <section className="civq-req-section" aria-labelledby="categories-title">
        <div className="civq-toolbar">
          <h2 id="categories-title" className="margin-0">
            {t('requests.catalogue.categories')}
          </h2>
          <button
            type="button"
            className="usa-button"
            onClick={() => {
              setDone(null);
              setEditing('new');
            }}
            disabled={deps.length === 0}
          >
            {t('requests.catalogue.add')}
          </button>
        </div>
        {deps.length === 0 && departments.data && <p>{t('requests.catalogue.needDepartment')}</p>}
        {editing === 'new' && form(null)}
        {categories.isPending && <Loading />}
        {categories.error instanceof ApiError && <ProblemAlert problem={categories.error} />}
        {categories.data && list.length === 0 && <p>{t('requests.catalogue.empty')}</p>}
        {list.length > 0 && (
          <TableRegion spaced label={t('requests.catalogue.categories')}>
            <table
              className="usa-table usa-table--borderless usa-table--stacked-header civq-table"
              data-testid="categories-table"
            >
              <caption className="usa-sr-only">{t('requests.catalogue.categories')}</caption>
              <thead>
                <tr>
                  <th scope="col">{col('name')}</th>
                  <th scope="col">{col('department')}</th>
                  <th scope="col" className="civq-req-num">
                    {col('sla')}
                  </th>
                  <th scope="col">{col('location')}</th>
                  <th scope="col" className="civq-req-num">
                    {col('questions')}
                  </th>
                  <th scope="col">{col('status')}</th>
                  <th scope="col">
                    <span className="usa-sr-only">{col('actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((c) => (
                  <tr key={c.code} data-testid="category-row" data-code={c.code}>
                    <th scope="row" data-label={col('name')}>
                      <span lang="en">{c.name.en}</span>
                      <span className="civq-req-sub" lang="es">
                        {c.name.es}
                      </span>
                    </th>
                    <td data-label={col('department')}>{c.department.name[lang]}</td>
                    <td data-label={col('sla')} className="civq-req-num">
                      {t('requests.catalogue.slaDays', { days: c.slaBusinessDays })}
                    </td>
                    <td data-label={col('location')}>
                      {t(
                        c.locationRequired
                          ? 'requests.catalogue.locationRequired'
                          : 'requests.catalogue.locationOptional',
                      )}
                    </td>
                    <td data-label={col('questions')} className="civq-req-num">
                      {formatNumber(lang, c.questions.length)}
                    </td>
                    <td data-label={col('status')}>
                      <span
                        className={`usa-tag civq-status civq-status--${c.active ? 'active' : 'disabled'}`}
                      >
                        {t(c.active ? 'requests.catalogue.active' : 'requests.catalogue.inactive')}
                      </span>
                    </td>
                    <td data-label={col('actions')}>
                      <button
                        type="button"
                        className="usa-button usa-button--outline usa-button--small civq-req-edit"
                        aria-expanded={editing === c.code}
                        onClick={() => {
                          setDone(null);
                          setEditing(editing === c.code ? null : c.code);
                        }}
                      >
                        {t('requests.catalogue.edit')}
                        <span className="usa-sr-only"> {c.name[lang]}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        )}
        {editing && editing !== 'new' && form(editing)}
      </section>
      <DepartmentsSection departments={deps} onDone={setDone} />
      <AreaForm onDone={setDone} />
    </>
  );
}
