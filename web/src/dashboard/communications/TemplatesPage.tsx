import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../../api.ts';
import { Alert } from '../../components/Alert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { PageHeading } from '../../components/SiteLayout.tsx';
import { useLanguage } from '../../hooks.ts';
import { isLanguage, type Language } from '../../i18n.ts';
import { useTemplates } from './api.ts';
import { CommunicationsNav } from './CommunicationsNav.tsx';
import { useLabels } from './labels.tsx';
import { TemplatePreview } from './TemplatePreview.tsx';

/** Every notice kind, and a preview of the chosen one (?kind=…&language=…) with sample data. */
export function TemplatesPage() {
  const { t } = useTranslation('dashboard');
  const uiLang = useLanguage();
  const labels = useLabels();
  const templates = useTemplates();
  const [params] = useSearchParams();
  const kind = params.get('kind') ?? undefined;
  const language: Language = isLanguage(params.get('language'))
    ? (params.get('language') as Language)
    : uiLang;
  const chosen = templates.data?.find((k) => k.kind === kind);
  const previewHref = (k: string, l: Language = language) =>
    `/dashboard/communications/templates?${new URLSearchParams({ kind: k, language: l })}#preview`;

  return (
    <>
      <PageHeading>{t('communications.templates.title')}</PageHeading>
      <CommunicationsNav current="templates" />
      <p className="civq-measure">{t('communications.templates.intro')}</p>
      {templates.isPending && <Loading />}
      {templates.error instanceof ApiError && <ProblemAlert problem={templates.error} />}
      {templates.data && (
        <table
          className="usa-table usa-table--borderless usa-table--stacked-header civq-table"
          data-testid="templates-table"
        >
          <caption className="usa-sr-only">{t('communications.templates.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('communications.templates.columns.notice')}</th>
              <th scope="col">{t('communications.templates.columns.type')}</th>
              <th scope="col">{t('communications.templates.columns.preview')}</th>
            </tr>
          </thead>
          <tbody>
            {templates.data.map((k) => (
              <tr key={k.kind} data-testid={`template-row-${k.kind}`}>
                <th scope="row" data-label={t('communications.templates.columns.notice')}>
                  {labels.kind(k.kind)}
                  <span className="civq-code">{k.kind}</span>
                </th>
                <td data-label={t('communications.templates.columns.type')}>
                  {k.optional
                    ? t('communications.templates.optional')
                    : t('communications.templates.required')}
                </td>
                <td data-label={t('communications.templates.columns.preview')}>
                  <span className="civq-preview-links">
                    {(['en', 'es'] as const).map((l) => (
                      <Link
                        key={l}
                        className="usa-link"
                        to={previewHref(k.kind, l)}
                        aria-label={t('communications.templates.previewIn', {
                          notice: labels.kind(k.kind),
                          language: l,
                        })}
                        aria-current={k.kind === kind && l === language ? 'true' : undefined}
                      >
                        {labels.language(l)}
                      </Link>
                    ))}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {kind && templates.data && !chosen && (
        <Alert type="warning" heading={t('communications.templates.unknown')} testId="template-unknown" />
      )}
      {chosen && (
        <TemplatePreview
          template={chosen}
          language={language}
          languageHref={(l) => previewHref(chosen.kind, l)}
        />
      )}
    </>
  );
}
