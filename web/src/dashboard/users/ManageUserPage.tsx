import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api.ts';
import { Alert } from '../../components/Alert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { PageHeading } from '../../components/SiteLayout.tsx';
import { formatDate, formatDateTime } from '../../format.ts';
import { useLanguage } from '../../hooks.ts';
import { useSession, type Role } from '../session.tsx';
import { RoleRadios } from './RoleRadios.tsx';
import { STAFF_KEY, useStaffList, type StaffUser } from './staff.ts';

/** One staff user: details, change of role, and disabling or enabling their access. */
export function ManageUserPage() {
  const { t } = useTranslation('dashboard');
  const { id } = useParams();
  const staff = useStaffList();
  const user = staff.data?.find((u) => u.id === id);

  if (staff.isPending) return <Loading />;
  if (staff.error instanceof ApiError) return <ProblemAlert problem={staff.error} />;
  if (!user) {
    return (
      <>
        <PageHeading>{t('users.title')}</PageHeading>
        <Alert type="warning" heading={t('manageUser.notFound')} />
        <Link className="usa-link" to="/dashboard/users">
          {t('users.back')}
        </Link>
      </>
    );
  }
  return <ManageUser user={user} />;
}

function ManageUser({ user }: { user: StaffUser }) {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const { session, call } = useSession();
  const queryClient = useQueryClient();
  const [role, setRole] = useState<Role>(user.role);
  const [confirming, setConfirming] = useState(false);
  const [success, setSuccess] = useState<string | null>(null);
  const { busy, problem, setProblem, run } = useFormSubmit();
  const self = user.id === session.user.id;

  useEffect(() => setRole(user.role), [user.role]);

  const update = async (
    body: Partial<Pick<StaffUser, 'role' | 'status'>>,
    message: (u: StaffUser) => string,
  ) => {
    setProblem(null);
    setSuccess(null);
    await run(
      async () => {
        const updated = await call<StaffUser>(`/api/v1/staff/${user.id}`, 'PATCH', body);
        queryClient.setQueryData<StaffUser[]>(STAFF_KEY, (list) =>
          list?.map((u) => (u.id === updated.id ? updated : u)),
        );
        setSuccess(message(updated));
      },
      () => setRole(user.role),
    );
    setConfirming(false);
  };

  const saveRole = (event: FormEvent) => {
    event.preventDefault();
    void update({ role }, (u) =>
      t('manageUser.roleSaved', { name: u.displayName, role: t(`roles.${u.role}.name`) }),
    );
  };

  return (
    <>
      <p className="margin-top-0">
        <Link className="usa-link" to="/dashboard/users">
          {t('users.back')}
        </Link>
      </p>
      <PageHeading>{user.displayName}</PageHeading>
      {success && <Alert type="success" heading={success} testId="flash" />}
      {problem && <ProblemAlert problem={problem} />}

      <h2>{t('manageUser.details')}</h2>
      <dl className="civq-details">
        <dt>{t('manageUser.email')}</dt>
        <dd className="civq-break">{user.email}</dd>
        <dt>{t('manageUser.status')}</dt>
        <dd>
          <span className={`usa-tag civq-status civq-status--${user.status}`} data-testid="user-status">
            {t(`users.status.${user.status}`)}
          </span>
        </dd>
        <dt>{t('manageUser.lastSignIn')}</dt>
        <dd>{user.lastLoginAt ? formatDateTime(lang, user.lastLoginAt) : t('users.never')}</dd>
        <dt>{t('manageUser.created')}</dt>
        <dd>{formatDate(lang, user.createdAt)}</dd>
      </dl>

      <form className="usa-form usa-form--large" onSubmit={saveRole}>
        <RoleRadios name="role" legend={t('manageUser.roleTitle')} value={role} onChange={setRole} large />
        <button type="submit" className="usa-button margin-top-3" disabled={busy || role === user.role}>
          {t('manageUser.roleSave')}
        </button>
      </form>

      <h2 className="margin-top-5">{t('manageUser.accessTitle')}</h2>
      {user.status === 'active' && self && <p>{t('manageUser.self')}</p>}
      {user.status === 'active' && !self && (
        <div className="civq-measure">
          <p>{t('manageUser.disableIntro')}</p>
          {!confirming ? (
            <button
              type="button"
              className="usa-button usa-button--secondary"
              onClick={() => setConfirming(true)}
            >
              {t('manageUser.disable')}
            </button>
          ) : (
            <div className="civq-confirm" role="group" aria-labelledby="disable-confirm">
              <p id="disable-confirm" className="text-bold">
                {t('manageUser.disableConfirm', { name: user.displayName })}
              </p>
              <div className="civq-actions">
                <button
                  type="button"
                  className="usa-button usa-button--secondary"
                  disabled={busy}
                  onClick={() =>
                    void update({ status: 'disabled' }, (u) =>
                      t('manageUser.disabled', { name: u.displayName }),
                    )
                  }
                >
                  {t('manageUser.disableYes')}
                </button>
                <button
                  type="button"
                  className="usa-button usa-button--outline"
                  onClick={() => setConfirming(false)}
                >
                  {t('manageUser.disableNo')}
                </button>
              </div>
            </div>
          )}
        </div>
      )}
      {user.status === 'disabled' && (
        <div className="civq-measure">
          <p>{t('manageUser.enableIntro')}</p>
          <button
            type="button"
            className="usa-button"
            disabled={busy}
            onClick={() =>
              void update({ status: 'active' }, (u) => t('manageUser.enabled', { name: u.displayName }))
            }
          >
            {t('manageUser.enable')}
          </button>
        </div>
      )}
    </>
  );
}
