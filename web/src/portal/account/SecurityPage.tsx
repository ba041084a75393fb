import { browserSupportsWebAuthn, startRegistration } from '@simplewebauthn/browser';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api.ts';
import { Alert } from '../../components/Alert.tsx';
import { ProblemAlert, useProblem } from '../../ui/ProblemAlert.tsx';
import { PageHeading } from '../../components/SiteLayout.tsx';
import { formatDateTime } from '../../format.ts';
import { useLanguage } from '../../hooks.ts';
import { TextField } from '../../ui/Field.tsx';
import { fieldError } from '../../ui/formErrors.ts';
import { residentApi, useResetAccount, useResident } from './session.ts';

type Passkey = { id: string; label: string; createdAt: string; lastUsedAt: string | null };

/** Passkeys, the data download and account deletion. */
export function SecurityPage() {
  const { t } = useTranslation('account');
  return (
    <>
      <PageHeading>{t('security.title')}</PageHeading>
      <Passkeys />
      <section aria-labelledby="data-title" className="margin-top-5">
        <h2 id="data-title">{t('data.title')}</h2>
        <p className="civq-measure">{t('data.intro')}</p>
        <a className="usa-button usa-button--outline" href="/api/v1/resident/data" download="my-account.json">
          {t('data.download')}
        </a>
      </section>
      <DeleteAccount />
    </>
  );
}

function Passkeys() {
  const { t } = useTranslation('account');
  const lang = useLanguage();
  const me = useResident().data!;
  const client = useQueryClient();
  const list = useQuery({
    queryKey: ['resident-passkeys'],
    queryFn: () => residentApi<{ items: Passkey[] }>(me, '/passkeys'),
  });
  const [label, setLabel] = useState('');
  const [problem, setProblem] = useProblem();
  const [added, setAdded] = useState(false);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    setAdded(false);
    try {
      const start = await residentApi<{
        challengeId: string;
        options: Parameters<typeof startRegistration>[0]['optionsJSON'];
      }>(me, '/passkeys/registration/options', { method: 'POST' });
      const response = await startRegistration({ optionsJSON: start.options });
      await residentApi(me, '/passkeys', {
        method: 'POST',
        body: { challengeId: start.challengeId, label: label || t('passkeys.defaultLabel'), response },
      });
      setLabel('');
      setAdded(true);
      await client.invalidateQueries({ queryKey: ['resident-passkeys'] });
    } catch (err) {
      setProblem(
        err instanceof ApiError
          ? err
          : new ApiError(400, 'passkey', t('passkeys.failedTitle'), t('passkeys.failedBody')),
      );
    }
  };
  const remove = async (id: string) => {
    await residentApi(me, `/passkeys/${id}`, { method: 'DELETE' }).catch(setProblem);
    await client.invalidateQueries({ queryKey: ['resident-passkeys'] });
  };

  return (
    <section aria-labelledby="passkeys-title">
      <h2 id="passkeys-title">{t('passkeys.title')}</h2>
      <p className="civq-measure">{t('passkeys.intro')}</p>
      {added && <Alert type="success" heading={t('passkeys.added')} focus testId="passkey-added" />}
      {problem && <ProblemAlert problem={problem} />}
      {list.data && list.data.items.length === 0 && <p>{t('passkeys.none')}</p>}
      {list.data && list.data.items.length > 0 && (
        <ul className="civq-link-list" data-testid="passkeys">
          {list.data.items.map((p) => (
            <li key={p.id}>
              <div>
                <strong>{p.label}</strong>
                <div className="text-base">
                  {t('passkeys.addedOn', { when: formatDateTime(lang, p.createdAt) })}
                  {p.lastUsedAt && (
                    <> · {t('passkeys.lastUsed', { when: formatDateTime(lang, p.lastUsedAt) })}</>
                  )}
                </div>
              </div>
              <button
                type="button"
                className="usa-button usa-button--unstyled"
                aria-label={t('passkeys.removeLabel', { label: p.label })}
                onClick={() => void remove(p.id)}
              >
                {t('passkeys.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {browserSupportsWebAuthn() ? (
        <form className="usa-form usa-form--large" noValidate onSubmit={(e) => void add(e)}>
          <TextField
            id="passkey-label"
            label={t('passkeys.label')}
            hint={t('passkeys.labelHint')}
            value={label}
            onChange={setLabel}
            error={fieldError(problem, 'label')}
          />
          <button type="submit" className="usa-button margin-top-3">
            {t('passkeys.add')}
          </button>
        </form>
      ) : (
        <p>{t('passkeys.unsupported')}</p>
      )}
    </section>
  );
}

function DeleteAccount() {
  const { t } = useTranslation('account');
  const me = useResident().data!;
  const reset = useResetAccount();
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useProblem();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    try {
      await residentApi(me, '/account', { method: 'DELETE', body: { password } });
      reset(null);
      void navigate('/portal/account/sign-up?deleted=1');
    } catch (err) {
      setProblem(err);
    }
  };

  return (
    <section aria-labelledby="delete-title" className="margin-top-5">
      <h2 id="delete-title">{t('delete.title')}</h2>
      <p className="civq-measure">{t('delete.intro')}</p>
      {problem && <ProblemAlert problem={problem} />}
      <form className="usa-form usa-form--large" noValidate onSubmit={(e) => void submit(e)}>
        <TextField
          id="delete-password"
          type="password"
          label={t('delete.password')}
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          error={fieldError(problem, 'password')}
        />
        <button type="submit" className="usa-button usa-button--secondary margin-top-3">
          {t('delete.submit')}
        </button>
      </form>
    </section>
  );
}
