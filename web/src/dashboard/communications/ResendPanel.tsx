import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { can, useSession } from '../session.tsx';
import { MESSAGES_KEY, type MessageDetail } from './api.ts';

/**
 * "Resend" for a failed message, behind a confirmation. Offered only for failed messages and
 * to roles allowed to resend; the result (queued again, or the server's refusal) is shown here.
 */
export function ResendPanel({ message }: { message: MessageDetail }) {
  const { t } = useTranslation('dashboard');
  const { session, call } = useSession();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState(false);
  const { busy, problem, setProblem, run } = useFormSubmit();

  if (done) {
    return (
      <Alert type="success" heading={t('communications.resend.done')} testId="flash">
        <p>{t('communications.resend.doneBody')}</p>
      </Alert>
    );
  }
  if (message.status !== 'failed' || !can(session, 'communications.resend')) return null;

  const resend = async () => {
    setProblem(null);
    await run(async () => {
      await call(`/api/v1/communications/messages/${message.id}/resend`, 'POST');
      setDone(true);
      await queryClient.invalidateQueries({ queryKey: MESSAGES_KEY });
    });
    setConfirming(false);
  };

  return (
    <section className="civq-measure margin-top-4" aria-labelledby="resend-title">
      <h2 id="resend-title">{t('communications.resend.title')}</h2>
      {problem && <ProblemAlert problem={problem} />}
      <p>{t('communications.resend.intro')}</p>
      {!confirming ? (
        <button type="button" className="usa-button" onClick={() => setConfirming(true)}>
          {t('communications.resend.button')}
        </button>
      ) : (
        <div className="civq-confirm civq-confirm--neutral" role="group" aria-labelledby="resend-confirm">
          <p id="resend-confirm" className="text-bold civq-break">
            {t('communications.resend.confirm', { recipient: message.recipient })}
          </p>
          <div className="civq-actions">
            <button type="button" className="usa-button" disabled={busy} onClick={() => void resend()}>
              {t('communications.resend.yes')}
            </button>
            <button
              type="button"
              className="usa-button usa-button--outline"
              onClick={() => setConfirming(false)}
            >
              {t('communications.resend.no')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
