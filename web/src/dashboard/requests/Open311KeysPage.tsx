import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { Alert } from '../../components/Alert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeading } from '../../components/SiteLayout.tsx';
import { formatDateTime } from '../../format.ts';
import { useLanguage } from '../../hooks.ts';
import { Field } from '../../ui/Field.tsx';
import { fieldErrors } from '../../ui/formErrors.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { TableRegion } from '../../ui/TableRegion.tsx';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { useSession } from '../session.tsx';
import { API, REQUESTS_KEY, useOpen311Keys, type Open311Key } from './api.ts';
import { RequestsNav } from './RequestsNav.tsx';

/** Open311 API keys: the apps that may post reports; a new key is shown once, and can be revoked. */
export function Open311KeysPage() {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const { call } = useSession();
  const queryClient = useQueryClient();
  const keys = useOpen311Keys();
  const { busy, problem, submit, run } = useFormSubmit();
  const [label, setLabel] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [created, setCreated] = useState<{ label: string; key: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [revoked, setRevoked] = useState<string | null>(null);
  const k = (key: string) => t(`requests.keys.${key}`);

  const onCreate = (event: React.FormEvent) =>
    void submit(
      {
        validate: () => {
          const e = label.trim() ? undefined : k('labelRequired');
          setError(e);
          if (e) document.getElementById('key-label')?.focus();
          return !e;
        },
        action: async () => {
          const made = await call<{ key: string; label?: string }>(`${API}/admin/open311-keys`, 'POST', {
            label: label.trim(),
          });
          setCreated({ label: made.label ?? label.trim(), key: made.key });
          setCopied(false);
          setRevoked(null);
          setLabel('');
          await queryClient.invalidateQueries({ queryKey: [...REQUESTS_KEY, 'open311-keys'] });
        },
        onError: (err) => setError(fieldErrors(err).label),
      },
      event,
    );

  const revoke = (key: Open311Key) => {
    if (!window.confirm(t('requests.keys.confirmRevoke', { label: key.label }))) return;
    void run(async () => {
      await call(`${API}/admin/open311-keys/${encodeURIComponent(key.id)}`, 'DELETE');
      setRevoked(key.label);
      setCreated(null);
      await queryClient.invalidateQueries({ queryKey: [...REQUESTS_KEY, 'open311-keys'] });
    });
  };

  const copy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied(true);
    } catch {
      document.getElementById('new-key')?.focus();
    }
  };

  const list = keys.data?.keys ?? [];
  const col = (key: string) => t(`requests.keys.columns.${key}`);
  return (
    <>
      <PageHeading>{k('title')}</PageHeading>
      <RequestsNav current="open311" />
      <p className="civq-measure">{k('intro')}</p>
      {problem && <ProblemAlert problem={problem} />}
      {revoked && (
        <Alert type="success" testId="key-revoked">
          <p className="margin-0">{t('requests.keys.revokedDone', { label: revoked })}</p>
        </Alert>
      )}
      {created && (
        <div className="usa-alert usa-alert--warning civq-alert" role="status" data-testid="new-key-panel">
          <div className="usa-alert__body">
            <h2 className="usa-alert__heading">
              {t('requests.keys.createdTitle', { label: created.label })}
            </h2>
            <p className="usa-alert__text">{k('createdOnce')}</p>
            <label className="usa-label" htmlFor="new-key">
              {k('key')}
            </label>
            <div className="civq-req-keyrow">
              <input
                className="usa-input civq-req-keyvalue"
                id="new-key"
                readOnly
                value={created.key}
                data-testid="new-key"
                onFocus={(e) => e.target.select()}
              />
              <button type="button" className="usa-button" onClick={() => void copy()}>
                {k('copy')}
              </button>
            </div>
            <p aria-live="polite" className="margin-bottom-0">
              {copied ? k('copied') : ''}
            </p>
          </div>
        </div>
      )}
      <section className="civq-req-section" aria-labelledby="new-key-title">
        <h2 id="new-key-title">{k('createTitle')}</h2>
        <form className="usa-form civq-req-form" onSubmit={onCreate} noValidate data-testid="key-form">
          <Field id="key-label" label={k('label')} hint={k('labelHint')} error={error}>
            {(c) => (
              <input
                {...c}
                type="text"
                maxLength={100}
                autoComplete="off"
                value={label}
                onChange={(e) => setLabel(e.target.value)}
              />
            )}
          </Field>
          <button type="submit" className="usa-button" disabled={busy}>
            {k('create')}
          </button>
        </form>
      </section>
      <section className="civq-req-section" aria-labelledby="keys-title">
        <h2 id="keys-title">{k('listTitle')}</h2>
        {keys.isPending && <Loading />}
        {keys.error instanceof ApiError && <ProblemAlert problem={keys.error} />}
        {keys.data && list.length === 0 && <p>{k('none')}</p>}
        {list.length > 0 && (
          <TableRegion spaced label={k('listTitle')}>
            <table
              className="usa-table usa-table--borderless usa-table--stacked-header civq-table"
              data-testid="keys-table"
            >
              <caption className="usa-sr-only">{k('listTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{col('label')}</th>
                  <th scope="col">{col('prefix')}</th>
                  <th scope="col">{col('created')}</th>
                  <th scope="col">{col('lastUsed')}</th>
                  <th scope="col">{col('status')}</th>
                  <th scope="col">
                    <span className="usa-sr-only">{t('requests.catalogue.columns.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((key) => (
                  <tr key={key.id} data-testid="key-row" data-label={key.label}>
                    <th scope="row" data-label={col('label')} className="civq-break">
                      {key.label}
                    </th>
                    <td data-label={col('prefix')}>
                      <code>{key.prefix}…</code>
                    </td>
                    <td data-label={col('created')}>{formatDateTime(lang, key.createdAt)}</td>
                    <td data-label={col('lastUsed')}>
                      {key.lastUsedAt ? formatDateTime(lang, key.lastUsedAt) : k('never')}
                    </td>
                    <td data-label={col('status')}>
                      <span
                        className={`usa-tag civq-status civq-status--${key.revokedAt ? 'disabled' : 'active'}`}
                      >
                        {key.revokedAt
                          ? t('requests.keys.revokedOn', { date: formatDateTime(lang, key.revokedAt) })
                          : k('active')}
                      </span>
                    </td>
                    <td data-label={t('requests.catalogue.columns.actions')}>
                      {!key.revokedAt && (
                        <button
                          type="button"
                          className="usa-button usa-button--secondary usa-button--small"
                          disabled={busy}
                          onClick={() => revoke(key)}
                        >
                          {k('revoke')}
                          <span className="usa-sr-only"> {key.label}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        )}
      </section>
    </>
  );
}
