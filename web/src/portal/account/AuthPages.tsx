import { startAuthentication, browserSupportsWebAuthn } from '@simplewebauthn/browser';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { api, ApiError } from '../../api.ts';
import { Alert } from '../../components/Alert.tsx';
import { ProblemAlert, useProblem } from '../../ui/ProblemAlert.tsx';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { PageHeading } from '../../components/SiteLayout.tsx';
import { useLanguage } from '../../hooks.ts';
import { TextField } from '../../ui/Field.tsx';
import { fieldError } from '../../ui/formErrors.ts';
import { useResetAccount, type ResidentSession } from './session.ts';

/** Where to go after signing in: a page of the account, never somewhere else. */
function nextPage(params: URLSearchParams): string {
  const next = params.get('next');
  return next && /^\/portal\/account(\/[a-z-]*)?$/.test(next) ? next : '/portal/account';
}

export function SignUpPage() {
  const { t } = useTranslation('account');
  const lang = useLanguage();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, problem, submit: send } = useFormSubmit();

  const submit = (event: FormEvent) =>
    send(
      {
        action: async () => {
          await api('/api/v1/resident/signup', { method: 'POST', body: { email, password, language: lang } });
          void navigate(`/portal/account/verify?email=${encodeURIComponent(email.trim())}&sent=1`);
        },
      },
      event,
    );

  return (
    <div className="civq-measure">
      <PageHeading>{t('signUp.title')}</PageHeading>
      {params.get('deleted') && (
        <Alert type="success" heading={t('signUp.deletedTitle')}>
          <p>{t('signUp.deletedBody')}</p>
        </Alert>
      )}
      <p className="usa-intro">{t('signUp.intro')}</p>
      <p>{t('signUp.optional')}</p>
      {problem && <ProblemAlert problem={problem} />}
      <form className="usa-form usa-form--large" noValidate onSubmit={(e) => void submit(e)}>
        <TextField
          id="email"
          type="email"
          label={t('fields.email')}
          autoComplete="username"
          value={email}
          onChange={setEmail}
          error={fieldError(problem, 'email')}
        />
        <TextField
          id="password"
          type="password"
          label={t('fields.newPassword')}
          hint={t('fields.passwordHint')}
          autoComplete="new-password"
          value={password}
          onChange={setPassword}
          error={fieldError(problem, 'password')}
        />
        <button type="submit" className="usa-button margin-top-3" disabled={busy}>
          {t('signUp.submit')}
        </button>
      </form>
      <p className="margin-top-4">
        {t('signUp.haveAccount')}{' '}
        <Link className="usa-link" to="/portal/account/sign-in">
          {t('signIn.title')}
        </Link>
      </p>
    </div>
  );
}

export function VerifyPage() {
  const { t } = useTranslation('account');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const reset = useResetAccount();
  const [email, setEmail] = useState(params.get('email') ?? '');
  const [code, setCode] = useState('');
  const { busy, problem, setProblem, submit: send } = useFormSubmit();
  const [resent, setResent] = useState(false);

  const submit = (event: FormEvent) =>
    send(
      {
        action: async () => {
          const session = await api<ResidentSession>('/api/v1/resident/verify-email', {
            method: 'POST',
            body: { email, code },
          });
          reset(session);
          void navigate('/portal/account?welcome=1');
        },
      },
      event,
    );
  const resend = async () => {
    setProblem(null);
    try {
      await api('/api/v1/resident/verify-email/resend', { method: 'POST', body: { email } });
      setResent(true);
    } catch (err) {
      setProblem(err);
    }
  };

  return (
    <div className="civq-measure">
      <PageHeading>{t('verify.title')}</PageHeading>
      {params.get('sent') && !resent && (
        <Alert type="info" heading={t('verify.sentTitle')}>
          <p>{t('verify.sentBody')}</p>
        </Alert>
      )}
      {resent && <Alert type="success" heading={t('verify.resent')} />}
      {problem && <ProblemAlert problem={problem} />}
      <p>{t('verify.intro')}</p>
      <form className="usa-form usa-form--large" noValidate onSubmit={(e) => void submit(e)}>
        <TextField
          id="email"
          type="email"
          label={t('fields.email')}
          autoComplete="username"
          value={email}
          onChange={setEmail}
          error={fieldError(problem, 'email')}
        />
        <TextField
          id="code"
          label={t('fields.code')}
          hint={t('fields.codeHint')}
          inputMode="numeric"
          autoComplete="one-time-code"
          value={code}
          onChange={setCode}
          error={fieldError(problem, 'code')}
        />
        <button type="submit" className="usa-button margin-top-3" disabled={busy}>
          {t('verify.submit')}
        </button>
      </form>
      <p className="margin-top-3">
        <button type="button" className="usa-button usa-button--unstyled" onClick={() => void resend()}>
          {t('verify.resend')}
        </button>
      </p>
    </div>
  );
}

export function SignInPage() {
  const { t } = useTranslation('account');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const reset = useResetAccount();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, problem, setProblem, submit: send } = useFormSubmit();
  const [unverified, setUnverified] = useState(false);

  const done = (session: ResidentSession) => {
    reset(session);
    void navigate(nextPage(params));
  };
  const submit = (event: FormEvent) => {
    setUnverified(false);
    return send(
      {
        action: async () =>
          done(
            await api<ResidentSession>('/api/v1/resident/login', {
              method: 'POST',
              body: { email, password },
            }),
          ),
        onError: (err) => {
          if (err instanceof ApiError && err.code === 'email_not_verified') setUnverified(true);
        },
      },
      event,
    );
  };
  const withPasskey = async () => {
    setProblem(null);
    try {
      const start = await api<{
        challengeId: string;
        options: Parameters<typeof startAuthentication>[0]['optionsJSON'];
      }>('/api/v1/resident/passkeys/login/options', { method: 'POST' });
      const response = await startAuthentication({ optionsJSON: start.options });
      done(
        await api<ResidentSession>('/api/v1/resident/passkeys/login', {
          method: 'POST',
          body: { challengeId: start.challengeId, response },
        }),
      );
    } catch (err) {
      setProblem(
        err instanceof ApiError
          ? err
          : new ApiError(400, 'passkey', t('passkeys.failedTitle'), t('passkeys.failedBody')),
      );
    }
  };

  return (
    <div className="civq-measure">
      <PageHeading>{t('signIn.title')}</PageHeading>
      {params.get('signedOut') && <Alert type="success" heading={t('signIn.signedOutTitle')} />}
      <p className="usa-intro">{t('signIn.intro')}</p>
      {problem && <ProblemAlert problem={problem} />}
      {unverified && (
        <p>
          <Link className="usa-link" to={`/portal/account/verify?email=${encodeURIComponent(email.trim())}`}>
            {t('signIn.verifyLink')}
          </Link>
        </p>
      )}
      <form className="usa-form usa-form--large" noValidate onSubmit={(e) => void submit(e)}>
        <TextField
          id="email"
          type="email"
          label={t('fields.email')}
          autoComplete="username webauthn"
          value={email}
          onChange={setEmail}
          error={fieldError(problem, 'email')}
        />
        <TextField
          id="password"
          type="password"
          label={t('fields.password')}
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          error={fieldError(problem, 'password')}
        />
        <button type="submit" className="usa-button margin-top-3" disabled={busy}>
          {t('signIn.submit')}
        </button>
      </form>
      {browserSupportsWebAuthn() && (
        <p className="margin-top-3">
          <button type="button" className="usa-button usa-button--outline" onClick={() => void withPasskey()}>
            {t('signIn.passkey')}
          </button>
        </p>
      )}
      <ul className="usa-list usa-list--unstyled margin-top-4">
        <li>
          <Link className="usa-link" to="/portal/account/forgot">
            {t('signIn.forgot')}
          </Link>
        </li>
        <li className="margin-top-1">
          <Link className="usa-link" to="/portal/account/sign-up">
            {t('signIn.create')}
          </Link>
        </li>
      </ul>
    </div>
  );
}

export function ForgotPage() {
  const { t } = useTranslation('account');
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [problem, setProblem] = useProblem();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    try {
      await api('/api/v1/resident/password/forgot', { method: 'POST', body: { email } });
      setSent(true);
    } catch (err) {
      setProblem(err);
    }
  };

  return (
    <div className="civq-measure">
      <PageHeading>{t('forgot.title')}</PageHeading>
      <p className="usa-intro">{t('forgot.intro')}</p>
      {sent && (
        <Alert type="success" heading={t('forgot.sentTitle')} focus>
          <p>{t('forgot.sentBody')}</p>
        </Alert>
      )}
      {problem && <ProblemAlert problem={problem} />}
      <form className="usa-form usa-form--large" noValidate onSubmit={(e) => void submit(e)}>
        <TextField
          id="email"
          type="email"
          label={t('fields.email')}
          autoComplete="username"
          value={email}
          onChange={setEmail}
          error={fieldError(problem, 'email')}
        />
        <button type="submit" className="usa-button margin-top-3">
          {t('forgot.submit')}
        </button>
      </form>
    </div>
  );
}

export function ResetPage() {
  const { t } = useTranslation('account');
  const { hash } = useLocation();
  const token = /token=([A-Za-z0-9_.-]+)/.exec(hash)?.[1] ?? '';
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const [problem, setProblem] = useProblem();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    try {
      await api('/api/v1/resident/password/reset', { method: 'POST', body: { token, password } });
      setDone(true);
    } catch (err) {
      setProblem(err);
    }
  };

  return (
    <div className="civq-measure">
      <PageHeading>{t('reset.title')}</PageHeading>
      {done ? (
        <Alert type="success" heading={t('reset.doneTitle')} focus>
          <p>
            {t('reset.doneBody')}{' '}
            <Link className="usa-link" to="/portal/account/sign-in">
              {t('signIn.title')}
            </Link>
          </p>
        </Alert>
      ) : (
        <>
          {problem && <ProblemAlert problem={problem} />}
          {!token && (
            <Alert type="warning" heading={t('reset.noTokenTitle')}>
              <p>
                {t('reset.noTokenBody')}{' '}
                <Link className="usa-link" to="/portal/account/forgot">
                  {t('forgot.title')}
                </Link>
              </p>
            </Alert>
          )}
          <form className="usa-form usa-form--large" noValidate onSubmit={(e) => void submit(e)}>
            <TextField
              id="password"
              type="password"
              label={t('fields.newPassword')}
              hint={t('fields.passwordHint')}
              autoComplete="new-password"
              value={password}
              onChange={setPassword}
              error={fieldError(problem, 'password')}
            />
            <button type="submit" className="usa-button margin-top-3" disabled={!token}>
              {t('reset.submit')}
            </button>
          </form>
        </>
      )}
    </div>
  );
}
