import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../api.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { PageHeading } from '../../components/SiteLayout.tsx';
import type { Language } from '../../i18n.ts';
import { useSession, type Role } from '../session.tsx';
import { TextField } from '../../ui/Field.tsx';
import { RoleRadios } from './RoleRadios.tsx';
import { STAFF_KEY, type StaffUser } from './staff.ts';

type Fields = 'displayName' | 'email' | 'password';

export function NewUserPage() {
  const { t } = useTranslation(['dashboard', 'common']);
  const { call } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('clerk');
  const [locale, setLocale] = useState<Language | ''>('');
  const [errors, setErrors] = useState<Partial<Record<Fields, string>>>({});
  const { busy, problem, setProblem, run } = useFormSubmit();
  const refs = {
    displayName: useRef<HTMLInputElement>(null),
    email: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const found: Partial<Record<Fields, string>> = {};
    if (!displayName.trim()) found.displayName = t('newUser.nameRequired');
    if (!email.trim()) found.email = t('newUser.emailRequired');
    if (!password) found.password = t('newUser.passwordRequired');
    setErrors(found);
    const first = (['displayName', 'email', 'password'] as const).find((f) => found[f]);
    if (first) return refs[first].current?.focus();
    await run(
      async () => {
        const user = await call<StaffUser>('/api/v1/staff', 'POST', {
          displayName,
          email,
          password,
          role,
          ...(locale && { locale }),
        });
        await queryClient.invalidateQueries({ queryKey: STAFF_KEY });
        navigate('/dashboard/users', { state: { flash: t('users.created', { name: user.displayName }) } });
      },
      (err) => {
        if (err instanceof ApiError && err.fieldErrors.length) {
          const byField: Partial<Record<Fields, string>> = {};
          for (const f of err.fieldErrors) if (f.field in refs) byField[f.field as Fields] = f.message;
          setErrors(byField);
        }
      },
    );
  };

  return (
    <>
      <p className="margin-top-0">
        <Link className="usa-link" to="/dashboard/users">
          {t('users.back')}
        </Link>
      </p>
      <PageHeading>{t('newUser.title')}</PageHeading>
      <p>{t('newUser.intro')}</p>
      {problem && <ProblemAlert problem={problem} />}
      <form className="usa-form usa-form--large" noValidate onSubmit={(e) => void submit(e)}>
        <TextField
          ref={refs.displayName}
          id="displayName"
          label={t('newUser.name')}
          autoComplete="off"
          value={displayName}
          onChange={setDisplayName}
          error={errors.displayName}
        />
        <TextField
          ref={refs.email}
          id="email"
          label={t('newUser.email')}
          type="email"
          autoComplete="off"
          value={email}
          onChange={setEmail}
          error={errors.email}
        />
        <RoleRadios name="role" legend={t('newUser.role')} value={role} onChange={setRole} />
        <TextField
          ref={refs.password}
          id="password"
          label={t('newUser.password')}
          type="text"
          autoComplete="new-password"
          hint={t('newUser.passwordHint')}
          value={password}
          onChange={setPassword}
          error={errors.password}
        />
        <div className="usa-form-group">
          <label className="usa-label" htmlFor="locale">
            {t('newUser.language')}
          </label>
          <select
            className="usa-select"
            id="locale"
            name="locale"
            value={locale}
            onChange={(e) => setLocale(e.target.value as Language | '')}
          >
            <option value="">{t('newUser.languageBrowser')}</option>
            <option value="en" lang="en">
              {t('common:language.names.en')}
            </option>
            <option value="es" lang="es">
              {t('common:language.names.es')}
            </option>
          </select>
        </div>
        <div className="civq-actions">
          <button type="submit" className="usa-button" disabled={busy}>
            {busy ? t('newUser.submitting') : t('newUser.submit')}
          </button>
          <Link className="usa-button usa-button--unstyled" to="/dashboard/users">
            {t('newUser.cancel')}
          </Link>
        </div>
      </form>
    </>
  );
}
