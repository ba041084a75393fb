import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { ApiError } from '../../api.ts';
import { Alert } from '../../components/Alert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { PageHeading } from '../../components/SiteLayout.tsx';
import { formatDateTime } from '../../format.ts';
import { useLanguage } from '../../hooks.ts';
import { useSession } from '../session.tsx';
import { useStaffList } from './staff.ts';

/** Flash message carried in navigation state after an action on another page. */
export type Flash = { flash?: string };

export function UsersPage() {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const { session } = useSession();
  const staff = useStaffList();
  const flash = (useLocation().state as Flash | null)?.flash;

  return (
    <>
      <PageHeading>{t('users.title')}</PageHeading>
      <div className="civq-toolbar">
        <p className="civq-measure margin-0">{t('users.intro')}</p>
        <Link className="usa-button margin-0" to="/dashboard/users/new">
          {t('users.add')}
        </Link>
      </div>
      {flash && <Alert type="success" heading={flash} testId="flash" />}
      {staff.isPending && <Loading />}
      {staff.error instanceof ApiError && <ProblemAlert problem={staff.error} />}
      {staff.data && (
        <>
          <p className="civq-muted" data-testid="staff-count">
            {t('users.count', { count: staff.data.length })}
          </p>
          <table
            className="usa-table usa-table--borderless usa-table--stacked-header civq-table"
            data-testid="staff-table"
          >
            <caption className="usa-sr-only">{t('users.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('users.columns.name')}</th>
                <th scope="col">{t('users.columns.email')}</th>
                <th scope="col">{t('users.columns.role')}</th>
                <th scope="col">{t('users.columns.status')}</th>
                <th scope="col">{t('users.columns.lastSignIn')}</th>
              </tr>
            </thead>
            <tbody>
              {staff.data.map((u) => (
                <tr key={u.id} data-testid={`staff-row-${u.email}`}>
                  <th scope="row" data-label={t('users.columns.name')}>
                    <Link
                      className="usa-link"
                      to={`/dashboard/users/${u.id}`}
                      aria-label={t('users.manage', { name: u.displayName })}
                    >
                      {u.displayName}
                    </Link>
                    {u.id === session.user.id && <> {t('users.you')}</>}
                  </th>
                  <td data-label={t('users.columns.email')} className="civq-break">
                    {u.email}
                  </td>
                  <td data-label={t('users.columns.role')}>{t(`roles.${u.role}.name`)}</td>
                  <td data-label={t('users.columns.status')}>
                    <span className={`usa-tag civq-status civq-status--${u.status}`}>
                      {t(`users.status.${u.status}`)}
                    </span>
                  </td>
                  <td data-label={t('users.columns.lastSignIn')}>
                    {u.lastLoginAt ? formatDateTime(lang, u.lastLoginAt) : t('users.never')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
