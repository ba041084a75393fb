import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Alert } from '../../components/Alert.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { PageHeading } from '../../components/SiteLayout.tsx';
import { formatDay, formatMoney } from '../../format.ts';
import { useLanguage } from '../../hooks.ts';
import { TextField } from '../../ui/Field.tsx';
import { fieldError } from '../../ui/formErrors.ts';
import { residentApi, useResident } from './session.ts';

export type Link_ = {
  id: string;
  module: string;
  refId: string;
  linkedAt: string;
  utility: { accountNumber: string; serviceAddress: string; status: string } | null;
};
type Summary = {
  owedCents: number;
  creditCents: number;
  balanceCents: number;
  paidCents: number;
  paidSince: string;
  accounts: { linkId: string; accountNumber: string; balanceCents: number; paidCents: number }[];
};

/** 1234567890 -> 1234-567-890, as printed on bills. */
export const displayAccount = (n: string) => n.replace(/^(\d{4})(\d{3})(\d{3})$/, '$1\u2011$2\u2011$3');

export function useLinks() {
  const me = useResident().data;
  return useQuery({
    queryKey: ['resident-links'],
    queryFn: () => residentApi<{ items: Link_[] }>(me, '/links'),
    enabled: Boolean(me),
  });
}

export function SignOutButton() {
  const { t } = useTranslation('account');
  const me = useResident().data;
  return (
    <button
      type="button"
      className="usa-button usa-button--outline margin-top-2"
      onClick={() =>
        void residentApi(me, '/logout', { method: 'POST' })
          .catch(() => undefined)
          .then(() => {
            // A full page load: nothing the account showed stays in memory on a shared computer.
            window.location.assign('/portal/account/sign-in?signedOut=1');
          })
      }
    >
      {t('nav.signOut')}
    </button>
  );
}

export function OverviewPage() {
  const { t } = useTranslation('account');
  const lang = useLanguage();
  const me = useResident().data!;
  const [params] = useSearchParams();
  const summary = useQuery({
    queryKey: ['resident-summary'],
    queryFn: () => residentApi<Summary>(me, '/summary'),
  });
  const links = useLinks();
  const s = summary.data;
  return (
    <>
      <PageHeading>{t('overview.title')}</PageHeading>
      <p className="usa-intro">{t('overview.intro', { email: me.resident.email })}</p>
      {params.get('welcome') && (
        <Alert type="success" heading={t('overview.welcomeTitle')}>
          <p>{t('overview.welcomeBody')}</p>
        </Alert>
      )}
      <h2>{t('overview.moneyTitle')}</h2>
      {s && (
        <ul className="civq-account-summary" data-testid="money-summary">
          <li>
            {t('overview.owe')}
            <span className="civq-account-figure" data-testid="owe">
              {formatMoney(lang, s.balanceCents > 0 ? s.balanceCents : 0)}
            </span>
            {s.creditCents > 0 && (
              <span>{t('overview.credit', { amount: formatMoney(lang, s.creditCents) })}</span>
            )}
          </li>
          <li>
            {t('overview.paid', { since: formatDay(lang, s.paidSince) })}
            <span className="civq-account-figure" data-testid="paid">
              {formatMoney(lang, s.paidCents)}
            </span>
          </li>
        </ul>
      )}
      <p>
        <Link className="usa-link" to="/portal/account/activity">
          {t('overview.seeActivity')}
        </Link>
      </p>
      <h2>{t('links.title')}</h2>
      {links.data && links.data.items.length === 0 && <p>{t('links.none')}</p>}
      {links.data && links.data.items.length > 0 && <LinkList links={links.data.items} />}
      <ClaimForm />
    </>
  );
}

function LinkList({ links }: { links: Link_[] }) {
  const { t } = useTranslation('account');
  const lang = useLanguage();
  const me = useResident().data;
  const client = useQueryClient();
  const unlink = useMutation({
    mutationFn: (id: string) => residentApi(me, `/links/${id}`, { method: 'DELETE' }),
    onSuccess: () =>
      client.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('resident-') }),
  });
  return (
    <ul className="civq-link-list" data-testid="linked-accounts">
      {links.map((l) => (
        <li key={l.id}>
          <div>
            <strong>{t('links.utility', { number: displayAccount(l.utility?.accountNumber ?? '') })}</strong>
            <div>{l.utility?.serviceAddress}</div>
            <div className="text-base">{t('links.since', { date: formatDay(lang, l.linkedAt) })}</div>
          </div>
          <button
            type="button"
            className="usa-button usa-button--unstyled"
            onClick={() => unlink.mutate(l.id)}
            aria-label={t('links.unlinkLabel', { number: l.utility?.accountNumber ?? '' })}
          >
            {t('links.unlink')}
          </button>
        </li>
      ))}
    </ul>
  );
}

function ClaimForm() {
  const { t } = useTranslation('account');
  const me = useResident().data;
  const client = useQueryClient();
  const [accountNumber, setAccountNumber] = useState('');
  const [zip, setZip] = useState('');
  const [lastName, setLastName] = useState('');
  const { busy, problem, submit: send } = useFormSubmit();
  const [linked, setLinked] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    setLinked(null);
    await send(
      {
        action: async () => {
          const link = await residentApi<Link_>(me, '/links/utilities', {
            method: 'POST',
            body: { accountNumber, zip, lastName },
          });
          setLinked(link.utility?.accountNumber ?? '');
          setAccountNumber('');
          setZip('');
          setLastName('');
          await client.invalidateQueries({
            predicate: (q) =>
              String(q.queryKey[0]).startsWith('resident-') && q.queryKey[0] !== 'resident-me',
          });
        },
      },
      event,
    );
  };

  return (
    <section aria-labelledby="claim-title" className="margin-top-4">
      <h2 id="claim-title">{t('claim.title')}</h2>
      <p className="civq-measure">{t('claim.intro')}</p>
      {linked !== null && (
        <Alert type="success" heading={t('claim.doneTitle')} focus testId="claim-done">
          <p>{t('claim.doneBody', { number: displayAccount(linked) })}</p>
        </Alert>
      )}
      {problem && <ProblemAlert problem={problem} />}
      <form className="usa-form usa-form--large" noValidate onSubmit={(e) => void submit(e)}>
        <TextField
          id="account-number"
          label={t('claim.number')}
          hint={t('claim.numberHint')}
          inputMode="numeric"
          autoComplete="off"
          value={accountNumber}
          onChange={setAccountNumber}
          error={fieldError(problem, 'accountNumber')}
        />
        <TextField
          id="zip"
          label={t('claim.zip')}
          hint={t('claim.zipHint')}
          inputMode="numeric"
          autoComplete="postal-code"
          value={zip}
          onChange={setZip}
          error={fieldError(problem, 'zip')}
        />
        <TextField
          id="last-name"
          label={t('claim.lastName')}
          hint={t('claim.lastNameHint')}
          autoComplete="family-name"
          value={lastName}
          onChange={setLastName}
          error={fieldError(problem, 'lastName')}
        />
        <button type="submit" className="usa-button margin-top-3" disabled={busy}>
          {t('claim.submit')}
        </button>
      </form>
    </section>
  );
}
