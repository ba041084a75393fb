import { useTranslation } from 'react-i18next';
import type { MessageStatus, MessageSummary } from './api.ts';

/** Display names for the codes the API uses (kinds, statuses, channels, languages). */
export function useLabels() {
  const { t } = useTranslation('dashboard');
  return {
    // A kind registered after this catalog was written still shows, by its code.
    kind: (kind: string) => t(`communications.kinds.${kind}`, { defaultValue: kind }),
    status: (status: MessageStatus) => t(`communications.status.${status}`),
    channel: (channel: MessageSummary['channel']) => t(`communications.channel.${channel}`),
    language: (language: string) => t(`communications.language.${language}`, { defaultValue: language }),
    // Why a notice went by email instead of the channel the person chose.
    reason: (reason: string) =>
      t(`communications.reason.${reason}`, { defaultValue: t('communications.reason.other') }),
  };
}

/** A message's status as a USWDS tag, with "local log only" said plainly when no mail went out. */
export function StatusTag({
  message,
  showVia = true,
}: {
  message: Pick<MessageSummary, 'status' | 'deliveredVia'>;
  /** Off where the page says how it was delivered elsewhere. */
  showVia?: boolean;
}) {
  const { t } = useTranslation('dashboard');
  const labels = useLabels();
  return (
    <span className="civq-status-cell">
      <span className={`usa-tag civq-status civq-status--${message.status}`}>
        {labels.status(message.status)}
      </span>
      {showVia && ['sent', 'delivered'].includes(message.status) && message.deliveredVia === 'log' && (
        <span className="civq-local-log">{t('communications.log.localLog')}</span>
      )}
    </span>
  );
}
