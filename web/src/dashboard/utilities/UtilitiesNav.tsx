import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../session.tsx';
import { BASE, canDo } from './api.ts';
// The sub-navigation looks the same in every module: its styles live with Communications.
import '../communications/communications.css';
import './utilities.css';

export type UtilitiesView = 'accounts' | 'import' | 'exceptions' | 'types' | 'delinquencies' | 'autopay';

/** The parts of Utility Billing that exist so far (cycles, statements, delinquencies come later). */
export function UtilitiesNav({ current }: { current: UtilitiesView }) {
  const { t } = useTranslation('dashboard');
  const { t: tDelinquency } = useTranslation('dashboard-delinquency');
  const { session } = useSession();
  const manage = canDo(session.user.role, 'manage');
  const items: { key: UtilitiesView; to: string; label?: string }[] = [
    { key: 'accounts', to: BASE },
    ...(manage ? [{ key: 'import' as const, to: `${BASE}/readings/import` }] : []),
    { key: 'exceptions', to: `${BASE}/exceptions` },
    { key: 'types', to: `${BASE}/types` },
    { key: 'delinquencies', to: `${BASE}/delinquencies`, label: tDelinquency('nav') },
    { key: 'autopay', to: `${BASE}/autopay`, label: t('dashboard-autopay:nav.label') },
  ];
  return (
    <nav className="civq-subnav" aria-label={t('utilities.nav.label')}>
      <ul className="civq-subnav__list">
        {items.map((item) => (
          <li key={item.key}>
            <Link
              className="civq-subnav__link"
              to={item.to}
              aria-current={item.key === current ? 'page' : undefined}
            >
              {item.label ?? t(`utilities.nav.${item.key}`)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
