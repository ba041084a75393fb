import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { can, useSession } from '../session.tsx';
import { BASE } from './api.ts';
// The sub-navigation looks the same in every module: its styles live with Communications.
import '../communications/communications.css';
import './requests.css';

export type RequestsView = 'queue' | 'catalogue' | 'open311';

/** The parts of 311 Requests; configuration only for those who may change it. */
export function RequestsNav({ current }: { current: RequestsView | null }) {
  const { t } = useTranslation('dashboard');
  const { session } = useSession();
  const items: { key: RequestsView; to: string }[] = [
    { key: 'queue', to: BASE },
    ...(can(session, 'requests.configure')
      ? [
          { key: 'catalogue' as const, to: `${BASE}/catalogue` },
          { key: 'open311' as const, to: `${BASE}/open311` },
        ]
      : []),
  ];
  return (
    <nav className="civq-subnav" aria-label={t('requests.nav.label')}>
      <ul className="civq-subnav__list">
        {items.map((item) => (
          <li key={item.key}>
            <Link
              className="civq-subnav__link"
              to={item.to}
              aria-current={item.key === current ? 'page' : undefined}
            >
              {t(`requests.nav.${item.key}`)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
