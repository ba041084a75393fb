import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../format.ts';
import { useLanguage } from '../../hooks.ts';
import type { Update } from './api.ts';

/**
 * Everything that happened to the request, newest first: who, when, what. Each entry says
 * whether the reporter can see it; internal notes stand apart in color and words.
 */
export function Timeline({ updates }: { updates: Update[] }) {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const status = (s: string | null) => (s ? t(`requests.status.${s}`, { defaultValue: s }) : '');
  const ordered = [...updates].sort((a, b) => b.at.localeCompare(a.at));
  const what = (u: Update) => {
    switch (u.kind) {
      case 'status':
        return u.fromStatus
          ? t('requests.timeline.statusFromTo', { from: status(u.fromStatus), to: status(u.toStatus) })
          : t('requests.timeline.statusTo', { to: status(u.toStatus) });
      case 'submitted':
      case 'public_note':
      case 'internal_note':
      case 'assignment':
      case 'duplicate':
      case 'reopened':
        return t(`requests.timeline.kinds.${u.kind}`);
      default:
        return u.kind;
    }
  };
  if (ordered.length === 0) return <p>{t('requests.timeline.empty')}</p>;
  return (
    <ol className="civq-req-timeline" data-testid="timeline">
      {ordered.map((u) => (
        <li
          key={u.id}
          className={`civq-req-event civq-req-event--${u.visibility}`}
          data-testid="timeline-entry"
          data-kind={u.kind}
          data-visibility={u.visibility}
        >
          <div className="civq-req-event__head">
            <strong>{what(u)}</strong>
            <span className={`usa-tag civq-status civq-req-vis--${u.visibility}`}>
              {t(`requests.timeline.${u.visibility}`)}
            </span>
          </div>
          <p className="civq-req-event__meta">
            <time dateTime={u.at}>{formatDateTime(lang, u.at)}</time>
            {' · '}
            {u.actorName ?? t('requests.timeline.system')}
          </p>
          {u.body && <p className="civq-req-event__body">{u.body}</p>}
        </li>
      ))}
    </ol>
  );
}
