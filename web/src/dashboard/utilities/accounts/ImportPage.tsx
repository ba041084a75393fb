import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { useFormSubmit } from '../../../ui/useFormSubmit.ts';
import { PageHeading } from '../../../components/SiteLayout.tsx';
import { useLanguage } from '../../../hooks.ts';
import type { Language } from '../../../i18n.ts';
import { useSession } from '../../session.tsx';
import { UTILITIES_KEY, type ImportResult } from '../api.ts';
import { fieldErrors } from '../../../ui/formErrors.ts';
import { Field } from '../../../ui/Field.tsx';
import { ImportResults } from './ImportResults.tsx';
import { UtilitiesNav } from '../UtilitiesNav.tsx';

const MAPPED = ['serial', 'readOn', 'value', 'method'] as const;
type Mapped = (typeof MAPPED)[number];
const MAX_BYTES = 30 * 1024 * 1024;

function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file);
  });
}

/** Readings from a meter-reading system's CSV export: stored, duplicates and rejected rows. */
export function ImportPage() {
  const { t } = useTranslation('dashboard');
  const { call } = useSession();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [mapping, setMapping] = useState<Record<Mapped, string>>({
    serial: '',
    readOn: '',
    value: '',
    method: '',
  });
  const [errors, setErrors] = useState<Partial<Record<'file' | Mapped, string>>>({});
  const { busy, problem, setProblem, run } = useFormSubmit();
  // The rejected rows' reasons are in the language of the request: shown only in that language.
  const [result, setResult] = useState<{ fileName: string; lang: Language; result: ImportResult } | null>(
    null,
  );
  const lang = useLanguage();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    setResult(null);
    if (!file || file.size === 0 || file.size > MAX_BYTES) {
      setErrors({
        file: t(file && file.size > 0 ? 'utilities.import.fileTooBig' : 'utilities.import.fileRequired'),
      });
      return document.getElementById('csv-file')?.focus();
    }
    setErrors({});
    await run(
      async () => {
        const csv = await readText(file);
        const named = Object.fromEntries(
          MAPPED.filter((k) => mapping[k].trim()).map((k) => [k, mapping[k].trim()]),
        );
        const body = { fileName: file.name, csv, ...(Object.keys(named).length > 0 && { mapping: named }) };
        const imported = await call<ImportResult>('/api/v1/utilities/reads/import', 'POST', body);
        setResult({ fileName: file.name, lang, result: imported });
        await queryClient.invalidateQueries({ queryKey: UTILITIES_KEY });
      },
      (err) => {
        const byField: Partial<Record<'file' | Mapped, string>> = {};
        for (const [path, message] of Object.entries(fieldErrors(err))) {
          const key = path.replace(/^mapping\./, '');
          if ((MAPPED as readonly string[]).includes(key)) byField[key as Mapped] = message;
          else byField.file ??= message;
        }
        setErrors(byField);
      },
    );
  };

  return (
    <>
      <PageHeading>{t('utilities.import.title')}</PageHeading>
      <UtilitiesNav current="import" />
      <p className="civq-measure">{t('utilities.import.intro')}</p>
      {problem && <ProblemAlert problem={problem} />}
      <form className="usa-form usa-form--large civq-ut-form" noValidate onSubmit={(e) => void submit(e)}>
        <Field
          id="csv-file"
          label={t('utilities.import.file')}
          hint={t('utilities.import.fileHint')}
          error={errors.file}
        >
          {(control) => (
            // The browser's own file button speaks the browser's language; ours speaks the page's.
            <div className="civq-ut-file">
              <span className="civq-ut-file__pick">
                <input
                  {...control}
                  className="civq-ut-file__input"
                  type="file"
                  accept=".csv,text/csv,text/plain"
                  onChange={(e) => {
                    setFile(e.target.files?.[0] ?? null);
                    setResult(null);
                  }}
                />
                <span className="usa-button usa-button--outline" aria-hidden="true">
                  {t('utilities.import.choose')}
                </span>
              </span>
              <span className="civq-ut-file__name civq-break" aria-hidden="true">
                {file?.name ?? t('utilities.import.noFile')}
              </span>
            </div>
          )}
        </Field>
        <details className="civq-ut-mapping" open={MAPPED.some((k) => errors[k]) || undefined}>
          <summary>{t('utilities.import.mappingTitle')}</summary>
          <p className="usa-hint">{t('utilities.import.mappingHint')}</p>
          {MAPPED.map((k) => (
            <Field
              key={k}
              id={`map-${k}`}
              label={t(`utilities.import.columns.${k}`)}
              optional={t('utilities.optional')}
              error={errors[k]}
            >
              {(control) => (
                <input
                  {...control}
                  type="text"
                  autoComplete="off"
                  spellCheck={false}
                  value={mapping[k]}
                  onChange={(e) => setMapping((m) => ({ ...m, [k]: e.target.value }))}
                />
              )}
            </Field>
          ))}
        </details>
        <button type="submit" className="usa-button margin-top-3" disabled={busy}>
          {busy ? t('utilities.import.submitting') : t('utilities.import.submit')}
        </button>
      </form>
      {result && result.lang === lang && <ImportResults fileName={result.fileName} result={result.result} />}
    </>
  );
}
