import { useTranslation } from 'react-i18next';
import { formatDay } from '../../../format.ts';
import { useLanguage } from '../../../hooks.ts';
import { useLabels } from '../labels.tsx';
import type { CycleStatus, StatementIssue, StatementStatus } from './api.ts';
import './billing.css';

/** A statement's status as a USWDS tag, colored by how much attention it needs. */
export function StatementStatusTag({ status }: { status: StatementStatus }) {
  const { t } = useTranslation('dashboard-billing');
  return (
    <span className={`usa-tag civq-status civq-bill-status--${status}`} data-status={status}>
      {t(`statuses.${status}`)}
    </span>
  );
}

export function CycleStatusTag({ status }: { status: CycleStatus }) {
  const { t } = useTranslation('dashboard-billing');
  return (
    <span className={`usa-tag civq-status civq-bill-cycle--${status}`} data-status={status}>
      {t(`cycleStatuses.${status}`)}
    </span>
  );
}

/** "November 1, 2026 to November 30, 2026" (or "del … al …"). */
export function usePeriod() {
  const { t } = useTranslation('dashboard-billing');
  const lang = useLanguage();
  return (from: string, to: string, style: 'long' | 'medium' = 'medium') =>
    t('period', { from: formatDay(lang, from, style), to: formatDay(lang, to, style) });
}

/**
 * Why a draft cannot be issued, in words a clerk acts on: one line per reason, the same
 * exception on the same meter (several months of it) counted on one line.
 */
export function useIssueLines() {
  const text = useIssueText();
  return (issues: StatementIssue[]) => {
    const lines = new Map<string, { issue: StatementIssue; count: number }>();
    for (const issue of issues) {
      const key = [issue.code, issue.serial ?? issue.meterId, issue.kind, issue.service].join('|');
      const line = lines.get(key);
      if (line) line.count++;
      else lines.set(key, { issue, count: 1 });
    }
    return [...lines.entries()].map(([key, { issue, count }]) => ({
      key,
      code: issue.code,
      text: text(issue, count),
    }));
  };
}

export function useIssueText() {
  const { t } = useTranslation('dashboard-billing');
  const labels = useLabels();
  return (issue: StatementIssue, count = 1) => {
    const serial = issue.serial ?? t('cycle.meterUnknown');
    switch (issue.code) {
      case 'missing_read':
        return t('cycle.issues.missing_read', { serial });
      case 'open_exception':
        return t('cycle.issues.open_exception', {
          count,
          serial,
          kind: labels.exception(issue.kind ?? 'missing').toLowerCase(),
        });
      case 'no_rate': {
        const type = labels.accountType(issue.accountType ?? '');
        return issue.service
          ? t('cycle.issues.no_rate_service', { type, service: labels.service(issue.service).toLowerCase() })
          : t('cycle.issues.no_rate', { type });
      }
      default:
        return t('cycle.issues.other', { code: issue.code });
    }
  };
}
