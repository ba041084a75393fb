import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { can, useSession } from '../session.tsx';
import { MESSAGES_KEY, type ChannelName, type MessageDetail } from './api.ts';
import { useLabels } from './labels.tsx';

/**
 * "Resend" behind a confirmation, to roles allowed to resend: a failed (or undelivered) message
 * on its own channel, and any sent message on the other channel (email <-> text). The result
 * (queued, or the server's refusal: no phone, or the number texted STOP) is shown here.
 */
export function ResendPanel({ message }: { message: MessageDetail }) {
  const { t } = useTranslation('dashboard');
  const { session, call } = useSession();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState(false);
  const { busy, problem, setProblem, run } = useFormSubmit();
  const labels = useLabels();
  const failed = message.status === 'failed' || message.status === 'undelivered';
  // Its own channel when it failed; another whose address the server knows (resendChannels).
  const choices = [
    ...new Set<ChannelName>([...(failed ? [message.channel] : []), ...message.resendChannels]),
  ];
  const [channel, setChannel] = useState<ChannelName>(choices[0] ?? message.channel);

  if (done) {
    return (
      <Alert type="success" heading={t('communications.resend.done')} testId="flash">
        <p>{t('communications.resend.doneBody')}</p>
      </Alert>
    );
  }
  if (choices.length === 0 || !can(session, 'communications.resend')) return null;

  const resend = async () => {
    setProblem(null);
    await run(async () => {
      await call(`/api/v1/communications/messages/${message.id}/resend`, 'POST', { channel });
      setDone(true);
      await queryClient.invalidateQueries({ queryKey: MESSAGES_KEY });
    });
    setConfirming(false);
  };

  return (
    <section className="civq-measure margin-top-4" aria-labelledby="resend-title">
      <h2 id="resend-title">{t('communications.resend.title')}</h2>
      {problem && <ProblemAlert problem={problem} />}
      <p>{t(failed ? 'communications.resend.intro' : 'communications.resend.introOther')}</p>
      {!confirming ? (
        <>
          {choices.length > 1 && (
            <div className="usa-form-group">
              <label className="usa-label" htmlFor="resend-channel">
                {t('communications.resend.channel')}
              </label>
              <select
                id="resend-channel"
                className="usa-select"
                value={channel}
                onChange={(e) => setChannel(e.target.value as ChannelName)}
              >
                {choices.map((c) => (
                  <option key={c} value={c}>
                    {labels.channel(c)}
                  </option>
                ))}
              </select>
            </div>
          )}
          <button type="button" className="usa-button margin-top-2" onClick={() => setConfirming(true)}>
            {t('communications.resend.button')}
          </button>
        </>
      ) : (
        <div className="civq-confirm civq-confirm--neutral" role="group" aria-labelledby="resend-confirm">
          <p id="resend-confirm" className="text-bold civq-break">
            {channel === message.channel
              ? t('communications.resend.confirm', { recipient: message.recipient })
              : t('communications.resend.confirmChannel', { channel: labels.channel(channel) })}
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
