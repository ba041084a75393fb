import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { api, ApiError } from '../api.ts';
import { Alert } from '../components/Alert.tsx';
import { ProblemAlert } from '../ui/ProblemAlert.tsx';
import { useFormSubmit } from '../ui/useFormSubmit.ts';
import { PageHeading } from '../components/SiteLayout.tsx';
import { applyLanguage, currentLanguage } from '../i18n.ts';
import { SESSION_KEY, type Session } from './session.tsx';
import { TextField } from '../ui/Field.tsx';

/** Only paths inside the dashboard may be returned to after sign-in (no open redirect). */
export function safeNext(next: string | null): string {
  return next && /^\/dashboard(\/[\w\-/]*)?$/.test(next) ? next : '/dashboard';
}

export function SignInPage() {
  const { t } = useTranslation('dashboard');
  const queryClient = useQueryClient();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [showPassword, setShowPassword] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<{ email?: string; password?: string }>({});
  const { busy, problem, setProblem, run } = useFormSubmit();
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const signedOut = (location.state as { signedOut?: boolean } | null)?.signedOut;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const errors = {
      email: email.trim() ? undefined : t('signIn.emailRequired'),
      password: password ? undefined : t('signIn.passwordRequired'),
    };
    setFieldErrors(errors);
    if (errors.email) return emailRef.current?.focus();
    if (errors.password) return passwordRef.current?.focus();
    await run(
      async () => {
        const session = await api<Session>('/api/v1/auth/login', {
          method: 'POST',
          body: { email, password },
        });
        // Signing in brings the user's saved language; a user without one keeps the current one.
        if (session.user.locale) {
          await applyLanguage(session.user.locale);
        } else {
          const locale = currentLanguage();
          await api('/api/v1/auth/me/preferences', {
            method: 'PUT',
            body: { locale },
            csrfToken: session.csrfToken,
          });
          session.user.locale = locale;
        }
        // With a session, the sign-in route sends the user on to the page they asked for.
        queryClient.setQueryData(SESSION_KEY, session);
      },
      (err) => {
        if (err instanceof ApiError && err.fieldErrors.length) {
          const byField = Object.fromEntries(err.fieldErrors.map((f) => [f.field, f.message]));
          setFieldErrors({ email: byField.email, password: byField.password });
        }
        setPassword('');
      },
    );
  };

  return (
    <div className="grid-row">
      <div className="tablet:grid-col-8 desktop:grid-col-6">
        <PageHeading>{t('signIn.title')}</PageHeading>
        <p>{t('signIn.intro')}</p>
        {signedOut && !problem && (
          <Alert type="success" heading={t('signIn.signedOut')} testId="signed-out" />
        )}
        {problem && <ProblemAlert problem={problem} />}
        <form
          className="usa-form usa-form--large"
          noValidate
          onSubmit={(e) => void submit(e)}
          aria-label={t('signIn.title')}
        >
          <TextField
            ref={emailRef}
            id="email"
            label={t('signIn.email')}
            type="email"
            autoComplete="username"
            value={email}
            onChange={setEmail}
            error={fieldErrors.email}
          />
          <TextField
            ref={passwordRef}
            id="password"
            label={t('signIn.password')}
            type={showPassword ? 'text' : 'password'}
            autoComplete="current-password"
            value={password}
            onChange={setPassword}
            error={fieldErrors.password}
          />
          <p className="margin-top-1 margin-bottom-0">
            <button
              type="button"
              className="usa-button usa-button--unstyled"
              aria-controls="password"
              aria-pressed={showPassword}
              onClick={() => setShowPassword(!showPassword)}
            >
              {showPassword ? t('signIn.hidePassword') : t('signIn.showPassword')}
            </button>
          </p>
          <button type="submit" className="usa-button" disabled={busy} aria-disabled={busy}>
            {busy ? t('signIn.submitting') : t('signIn.submit')}
          </button>
        </form>
        <p className="margin-top-4">
          {t('signIn.residents')}{' '}
          <Link className="usa-link" to="/">
            {t('signIn.residentsLink')}
          </Link>
        </p>
      </div>
    </div>
  );
}
