import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { can, useSession } from '../session.tsx';
import { ACCOUNTS, BASE } from './api.ts';
// The sub-navigation looks the same in every module: its styles live with Communications.
import '../communications/communications.css';
import './utilities.css';

export type UtilitiesView =
  | 'dashboard'
  | 'accounts'
  | 'cycles'
  | 'statements'
  | 'import'
  | 'exceptions'
  | 'types'
  | 'delinquencies'
  | 'autopay';

/** The parts of Utility Billing; each feature's words live in its own catalog. */
export function UtilitiesNav({ current }: { current: UtilitiesView }) {
  const { t } = useTranslation('dashboard');
  const { t: tb } = useTranslation('dashboard-billing');
  const { t: tDelinquency } = useTranslation('dashboard-delinquency');
  const { session } = useSession();
  const manage = can(session, 'utilities.manage');
  const items: { key: UtilitiesView; to: string; label: string }[] = [
    { key: 'dashboard', to: BASE, label: tb('nav.dashboard') },
    { key: 'accounts', to: ACCOUNTS, label: t('utilities.nav.accounts') },
    { key: 'cycles', to: `${BASE}/cycles`, label: tb('nav.cycles') },
    { key: 'statements', to: `${BASE}/statements`, label: tb('nav.statements') },
    ...(manage
      ? [{ key: 'import' as const, to: `${BASE}/readings/import`, label: t('utilities.nav.import') }]
      : []),
    { key: 'exceptions', to: `${BASE}/exceptions`, label: t('utilities.nav.exceptions') },
    { key: 'types', to: `${BASE}/types`, label: t('utilities.nav.types') },
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
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
