import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../../api.ts';
import { Alert } from '../../../components/Alert.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { useFormSubmit } from '../../../ui/useFormSubmit.ts';
import { PageHeading } from '../../../components/SiteLayout.tsx';
import { formatDay, formatMoney, formatNumber } from '../../../format.ts';
import { useDocumentTitle, useLanguage } from '../../../hooks.ts';
import { useMoneyPost } from '../../payments/api.ts';
import { can, useSession } from '../../session.tsx';
import { BASE, groupAccountNumber, today, UTILITIES_KEY } from '../api.ts';
import { fieldErrors } from '../../../ui/formErrors.ts';
import { RETURN_CODES, useAchFiles, useEntries, type AchFile, type Entry } from './api.ts';
import { Disclosure } from '../Disclosure.tsx';
import { Field } from '../../../ui/Field.tsx';
import { TableRegion } from '../../../ui/TableRegion.tsx';
import { UtilitiesNav } from '../UtilitiesNav.tsx';
import '../utilities.css';

/** /dashboard/utilities/autopay: what waits for the bank, the ACH files, settling and returns. */
export function AutopayPage() {
  const { t } = useTranslation('dashboard-autopay');
  const lang = useLanguage();
  const { session } = useSession();
  const queryClient = useQueryClient();
  const post = useMoneyPost();
  useDocumentTitle(t('page.title'));
  const pending = useEntries('pending');
  const out = useEntries('out');
  const files = useAchFiles();
  const [flash, setFlash] = useState<string | null>(null);
  const { busy, problem, setProblem, run: send } = useFormSubmit();
  const admin = can(session, 'utilities.autopay.files');

  const run = (fn: () => Promise<string>) => {
    setProblem(null);
    setFlash(null);
    return send(async () => {
      const message = await fn();
      await queryClient.invalidateQueries({ queryKey: UTILITIES_KEY });
      setFlash(message);
    });
  };
  const createFile = () =>
    run(async () => {
      const f = await post<AchFile>('/api/v1/utilities/autopay/files', {});
      return t('page.created', { name: f.fileName });
    });
  const settle = (f: AchFile) =>
    run(async () => {
      await post<AchFile>(`/api/v1/utilities/autopay/files/${f.id}/settle`, {});
      return t('page.settled', { name: f.fileName });
    });

  const waiting = pending.data ?? [];
  const waitingTotal = waiting.reduce((s, e) => s + e.amountCents, 0);

  return (
    <>
      <PageHeading>{t('page.title')}</PageHeading>
      <UtilitiesNav current="autopay" />
      <p className="civq-measure">{t('page.intro')}</p>
      {flash && <Alert type="success" heading={flash} testId="flash" />}
      {problem && <ProblemAlert problem={problem} />}
      {!admin && <Alert type="info" heading={t('page.onlyAdmins')} />}

      <section aria-labelledby="pending-title" className="civq-ut-section">
        <h2 id="pending-title">{t('page.pendingTitle')}</h2>
        {pending.isPending && <Loading />}
        {pending.error instanceof ApiError && <ProblemAlert problem={pending.error} />}
        {pending.data &&
          (waiting.length === 0 ? (
            <p data-testid="pending-none">{t('page.pendingNone')}</p>
          ) : (
            <>
              <p data-testid="pending-summary">
                {t('page.pendingSummary', { count: waiting.length, total: formatMoney(lang, waitingTotal) })}
              </p>
              <EntryTable entries={waiting} caption={t('page.pendingTitle')} testId="pending-table" />
            </>
          ))}
        {admin && (
          <button
            type="button"
            className="usa-button"
            disabled={busy || waiting.length === 0}
            onClick={() => void createFile()}
          >
            {t('page.createFile')}
          </button>
        )}
      </section>

      <section aria-labelledby="files-title" className="civq-ut-section">
        <h2 id="files-title">{t('page.filesTitle')}</h2>
        {files.isPending && <Loading />}
        {files.error instanceof ApiError && <ProblemAlert problem={files.error} />}
        {files.data &&
          (files.data.length === 0 ? (
            <p>{t('page.filesNone')}</p>
          ) : (
            <FileTable files={files.data} admin={admin} busy={busy} onSettle={(f) => void settle(f)} />
          ))}
      </section>

      <section aria-labelledby="entries-title" className="civq-ut-section">
        <h2 id="entries-title">{t('page.entriesTitle')}</h2>
        {out.isPending && <Loading />}
        {out.error instanceof ApiError && <ProblemAlert problem={out.error} />}
        {out.data &&
          (out.data.length === 0 ? (
            <p>{t('page.entriesNone')}</p>
          ) : (
            <EntryTable
              entries={out.data}
              caption={t('page.entriesTitle')}
              testId="sent-table"
              onReturned={admin ? setFlash : undefined}
            />
          ))}
      </section>
    </>
  );
}

function FileTable({
  files,
  admin,
  busy,
  onSettle,
}: {
  files: AchFile[];
  admin: boolean;
  busy: boolean;
  onSettle: (f: AchFile) => void;
}) {
  const { t } = useTranslation('dashboard-autopay');
  const lang = useLanguage();
  const col = (key: string) => t(`columns.${key}`);
  return (
    <TableRegion label={t('page.filesTitle')}>
      <table
        className="usa-table usa-table--borderless usa-table--stacked-header civq-table civq-ut-table"
        data-testid="files-table"
      >
        <caption className="usa-sr-only">{t('page.filesTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{col('file')}</th>
            <th scope="col">{col('effective')}</th>
            <th scope="col" className="civq-ut-num">
              {col('entries')}
            </th>
            <th scope="col" className="civq-ut-num">
              {col('total')}
            </th>
            <th scope="col">{col('status')}</th>
            {admin && <th scope="col">{col('actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {files.map((f) => (
            <tr key={f.id} data-testid="file-row" data-file={f.fileName}>
              <th scope="row" data-label={col('file')}>
                {f.fileName}
                <span className="civq-ut-note"> {formatDay(lang, f.fileDate, 'medium')}</span>
              </th>
              <td data-label={col('effective')}>{formatDay(lang, f.effectiveDate, 'medium')}</td>
              <td data-label={col('entries')} className="civq-ut-num">
                {formatNumber(lang, f.entryCount)}
              </td>
              <td data-label={col('total')} className="civq-ut-num">
                {formatMoney(lang, f.debitTotalCents)}
              </td>
              <td data-label={col('status')}>{t(`fileStatus.${f.status}`)}</td>
              {admin && (
                <td data-label={col('actions')}>
                  <div className="civq-actions">
                    <a
                      className="usa-button usa-button--outline"
                      href={`/api/v1/utilities/autopay/files/${f.id}/download`}
                      download={f.fileName}
                      aria-label={t('page.downloadLabel', { name: f.fileName })}
                    >
                      {t('page.download')}
                    </a>
                    {f.status === 'created' && (
                      <button
                        type="button"
                        className="usa-button"
                        disabled={busy}
                        aria-label={t('page.settleLabel', { name: f.fileName })}
                        onClick={() => onSettle(f)}
                      >
                        {t('page.settle')}
                      </button>
                    )}
                  </div>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

function EntryTable({
  entries,
  caption,
  testId,
  onReturned,
}: {
  entries: Entry[];
  caption: string;
  testId: string;
  onReturned?: (message: string) => void;
}) {
  const { t } = useTranslation('dashboard-autopay');
  const lang = useLanguage();
  const col = (key: string) => t(`columns.${key}`);
  const canReturn = (e: Entry) => onReturned && (e.status === 'sent' || e.status === 'settled');
  const withActions = entries.some(canReturn);
  return (
    <TableRegion label={caption}>
      <table
        className="usa-table usa-table--borderless usa-table--stacked-header civq-table civq-ut-table"
        data-testid={testId}
      >
        <caption className="usa-sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{col('account')}</th>
            <th scope="col">{col('kind')}</th>
            <th scope="col" className="civq-ut-num">
              {col('amount')}
            </th>
            <th scope="col">{col('bank')}</th>
            <th scope="col">{col('status')}</th>
            {withActions && <th scope="col">{col('actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} data-testid="entry-row" data-account={e.accountNumber} data-kind={e.kind}>
              <th scope="row" data-label={col('account')}>
                <Link className="usa-link" to={`${BASE}/accounts/${e.accountId}`}>
                  {groupAccountNumber(e.accountNumber)}
                </Link>
                <span className="civq-ut-note"> {e.customerName}</span>
              </th>
              <td data-label={col('kind')}>
                {t(`kinds.${e.kind}`)} <span className="civq-ut-note">{e.secCode}</span>
              </td>
              <td data-label={col('amount')} className="civq-ut-num">
                {formatMoney(lang, e.amountCents)}
              </td>
              <td data-label={col('bank')}>{e.bankAccount}</td>
              <td data-label={col('status')}>
                {t(`entryStatus.${e.status}`)}
                {e.returnCode && (
                  <span className="civq-ut-note">
                    {' '}
                    {e.returnCode} — {t(`returnCodes.${e.returnCode}`)}
                  </span>
                )}
              </td>
              {withActions && (
                <td data-label={col('actions')}>
                  {canReturn(e) && (
                    <Disclosure label={t('page.returnTitle')} variant="outline" testId="return-tool">
                      {(close) => (
                        <ReturnForm
                          entry={e}
                          onDone={(message) => {
                            close();
                            onReturned!(message);
                          }}
                        />
                      )}
                    </Disclosure>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

function ReturnForm({ entry, onDone }: { entry: Entry; onDone: (message: string) => void }) {
  const { t } = useTranslation('dashboard-autopay');
  const queryClient = useQueryClient();
  const post = useMoneyPost();
  const [code, setCode] = useState<string>('R01');
  const [returnedOn, setReturnedOn] = useState(today());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { busy, problem, submit: send } = useFormSubmit();
  const account = groupAccountNumber(entry.accountNumber);
  const id = (k: string) => `return-${entry.id}-${k}`;

  const submit = (event: FormEvent) =>
    send(
      {
        action: async () => {
          await post(`/api/v1/utilities/autopay/entries/${entry.id}/return`, { code, returnedOn });
          await queryClient.invalidateQueries({ queryKey: UTILITIES_KEY });
          onDone(t('page.returned', { code, account }));
        },
        onError: (err) => setErrors(fieldErrors(err)),
      },
      event,
    );

  return (
    <form
      className="usa-form civq-ut-subform"
      noValidate
      aria-label={t('page.returnLabel', { account })}
      onSubmit={(e) => void submit(e)}
      data-testid="return-form"
    >
      {problem && <ProblemAlert problem={problem} />}
      <Field id={id('code')} label={t('page.returnCode')} kind="usa-select" error={errors.code}>
        {(control) => (
          <select {...control} value={code} onChange={(e) => setCode(e.target.value)}>
            {RETURN_CODES.map((c) => (
              <option key={c} value={c}>
                {c} — {t(`returnCodes.${c}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={id('on')} label={t('page.returnedOn')} error={errors.returnedOn}>
        {(control) => (
          <input
            {...control}
            className={`${control.className} usa-input--lg`}
            type="date"
            value={returnedOn}
            onChange={(e) => setReturnedOn(e.target.value)}
          />
        )}
      </Field>
      <button type="submit" className="usa-button" disabled={busy}>
        {t('page.returnSubmit')}
      </button>
    </form>
  );
}
