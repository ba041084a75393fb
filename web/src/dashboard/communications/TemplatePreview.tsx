import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigationType } from 'react-router';
import { ApiError } from '../../api.ts';
import { Loading } from '../../components/Loading.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { formatNumber } from '../../format.ts';
import { useLanguage } from '../../hooks.ts';
import type { Language } from '../../i18n.ts';
import { usePreview, type Template } from './api.ts';
import { EmailFrame } from './EmailFrame.tsx';
import { useLabels } from './labels.tsx';

type Props = { template: Template; language: Language; languageHref: (l: Language) => string };

/** One notice rendered with sample data: subject, text, HTML and the SMS with its segment count. */
export function TemplatePreview({ template, language, languageHref }: Props) {
  const { t } = useTranslation('dashboard');
  const uiLang = useLanguage();
  const labels = useLabels();
  const preview = usePreview(template.kind, language);
  const heading = useRef<HTMLHeadingElement>(null);
  const notice = labels.kind(template.kind);

  // Choosing a notice or a language moves focus (and the view) to its preview; opening the
  // address directly, or going back, leaves focus where the browser puts it.
  const navigationType = useNavigationType();
  useEffect(() => {
    if (navigationType !== 'POP') heading.current?.focus();
  }, [template.kind, language, navigationType]);

  return (
    <section
      id="preview"
      className="civq-preview"
      aria-labelledby="preview-title"
      data-testid="template-preview"
    >
      <h2 id="preview-title" ref={heading} tabIndex={-1}>
        {t('communications.templates.previewTitle', { notice, language: labels.language(language) })}
      </h2>
      <nav
        className="civq-subnav civq-subnav--small"
        aria-label={t('communications.templates.languageLabel')}
      >
        <ul className="civq-subnav__list">
          {(['en', 'es'] as const).map((l) => (
            <li key={l}>
              <Link
                className="civq-subnav__link"
                to={languageHref(l)}
                aria-current={l === language ? 'page' : undefined}
              >
                {labels.language(l)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <p className="civq-muted civq-measure">{t('communications.templates.sample')}</p>
      <p className="civq-measure">
        <span className="text-bold">{t('communications.templates.placeholders')}</span>{' '}
        {Object.entries(template.fields).map(([field, type], i) => (
          <span key={field}>
            {i > 0 && ', '}
            <code className="civq-code civq-code--inline">{field}</code> (
            {t(`communications.templates.fieldTypes.${type}`)})
          </span>
        ))}
      </p>
      {preview.isPending && <Loading />}
      {preview.error instanceof ApiError && <ProblemAlert problem={preview.error} />}
      {preview.data && (
        <>
          <dl className="civq-details civq-details--wide">
            <dt>{t('communications.templates.subject')}</dt>
            <dd className="civq-break" lang={language} data-testid="preview-subject">
              {preview.data.subject}
            </dd>
          </dl>
          <h3>{t('communications.templates.sms')}</h3>
          <p className="civq-sms civq-break" lang={language} data-testid="preview-sms">
            {preview.data.sms}
          </p>
          <p className="civq-muted" data-testid="preview-segments">
            {t('communications.templates.segments', {
              count: preview.data.smsSegments,
              chars: formatNumber(uiLang, preview.data.smsLength),
            })}{' '}
            {t('communications.templates.encoding', { encoding: preview.data.smsEncoding })}
          </p>
          <h3>{t('communications.templates.text')}</h3>
          <pre className="civq-plain-text" lang={language} data-testid="preview-text">
            {preview.data.text}
          </pre>
          <h3>{t('communications.templates.html')}</h3>
          <EmailFrame
            html={preview.data.html}
            title={t('communications.templates.htmlFrame', { notice, language })}
            testId="preview-html"
          />
        </>
      )}
    </section>
  );
}
