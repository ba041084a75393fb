import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import './communications.css';

/** The two parts of Communications: the message log and the notice templates. */
export function CommunicationsNav({ current }: { current: 'log' | 'templates' }) {
  const { t } = useTranslation('dashboard');
  const items = [
    { key: 'log', to: '/dashboard/communications', label: t('communications.nav.log') },
    { key: 'templates', to: '/dashboard/communications/templates', label: t('communications.nav.templates') },
  ] as const;
  return (
    <nav className="civq-subnav" aria-label={t('communications.nav.label')}>
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
