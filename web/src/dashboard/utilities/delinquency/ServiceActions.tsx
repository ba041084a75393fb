import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { useFormSubmit } from '../../../ui/useFormSubmit.ts';
import { formatMoney } from '../../../format.ts';
import { useLanguage } from '../../../hooks.ts';
import { useMoneyPost } from '../../payments/api.ts';
import { useSession } from '../../session.tsx';
import { today, UTILITIES_KEY } from '../api.ts';
import { Disclosure } from '../Disclosure.tsx';
import { useDelinquencySettings, type Delinquency, type ReconnectResult } from './api.ts';

/** Record a disconnection (shutoff-warned, still on) or a reconnection (cut off) for one statement. */
export function ServiceActions({ item, onDone }: { item: Delinquency; onDone: (message: string) => void }) {
  const { t } = useTranslation('dashboard-delinquency');
  const cutOff = item.disconnectedOn !== null && item.reconnectedOn === null;
  if (cutOff) {
    return (
      // Keyed: a fresh, closed panel, not the disconnection's open one carried over in place.
      <Disclosure
        key="reconnect"
        label={t('actions.reconnect')}
        describedBy={`dq-${item.statementId}`}
        variant="secondary"
        testId="reconnect"
      >
        {(close) => <ReconnectForm item={item} onDone={onDone} onCancel={close} />}
      </Disclosure>
    );
  }
  if (item.stage !== 'shutoff_warned' || item.disconnectedOn !== null) return null;
  return (
    <Disclosure
      key="disconnect"
      label={t('actions.disconnect')}
      describedBy={`dq-${item.statementId}`}
      testId="disconnect"
    >
      {(close) => <DisconnectForm item={item} onDone={onDone} onCancel={close} />}
    </Disclosure>
  );
}

function DisconnectForm({ item, onDone, onCancel }: FormProps) {
  const { t } = useTranslation('dashboard-delinquency');
  const { call } = useSession();
  const queryClient = useQueryClient();
  const [on, setOn] = useState(today());
  const [note, setNote] = useState('');
  const { busy, problem, submit: send } = useFormSubmit();
  const id = `disconnect-${item.statementId}`;

  const submit = (event: FormEvent) =>
    send(
      {
        action: async () => {
          await call(`/api/v1/utilities/statements/${item.statementId}/disconnect`, 'POST', {
            on,
            ...(note.trim() && { note: note.trim() }),
          });
          await queryClient.invalidateQueries({ queryKey: UTILITIES_KEY });
          onDone(t('actions.disconnected', { number: item.statementNumber }));
        },
      },
      event,
    );
  return (
    <form onSubmit={(e) => void submit(e)} className="civq-dq-form" noValidate>
      {problem && <ProblemAlert problem={problem} />}
      <div className="usa-form-group">
        <label className="usa-label" htmlFor={`${id}-on`}>
          {t('actions.date')}
        </label>
        <input
          id={`${id}-on`}
          className="usa-input"
          type="date"
          value={on}
          max={today()}
          onChange={(e) => setOn(e.target.value)}
        />
      </div>
      <div className="usa-form-group">
        <label className="usa-label" htmlFor={`${id}-note`}>
          {t('actions.note')} <span className="civq-ut-optional">{t('actions.optional')}</span>
        </label>
        <input
          id={`${id}-note`}
          className="usa-input"
          maxLength={500}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </div>
      <Buttons busy={busy} onCancel={onCancel} />
    </form>
  );
}

type FormProps = { item: Delinquency; onDone: (message: string) => void; onCancel: () => void };

function ReconnectForm({ item, onDone, onCancel }: FormProps) {
  const { t } = useTranslation('dashboard-delinquency');
  const lang = useLanguage();
  const post = useMoneyPost();
  const queryClient = useQueryClient();
  const settings = useDelinquencySettings();
  const [on, setOn] = useState(today());
  const [waive, setWaive] = useState(false);
  const { busy, problem, submit: send } = useFormSubmit();
  const id = `reconnect-${item.statementId}`;
  const fee = settings.data?.reconnectFeeCents ?? 0;

  const submit = (event: FormEvent) =>
    send(
      {
        action: async () => {
          const out = await post<ReconnectResult>(
            `/api/v1/utilities/statements/${item.statementId}/reconnect`,
            { on, waiveFee: waive },
          );
          await queryClient.invalidateQueries({ queryKey: UTILITIES_KEY });
          onDone(
            t('actions.reconnected', { number: item.statementNumber, fee: formatMoney(lang, out.feeCents) }),
          );
        },
      },
      event,
    );
  return (
    <form onSubmit={(e) => void submit(e)} className="civq-dq-form" noValidate>
      {problem && <ProblemAlert problem={problem} />}
      <div className="usa-form-group">
        <label className="usa-label" htmlFor={`${id}-on`}>
          {t('actions.date')}
        </label>
        <input
          id={`${id}-on`}
          className="usa-input"
          type="date"
          value={on}
          max={today()}
          onChange={(e) => setOn(e.target.value)}
        />
      </div>
      {fee > 0 && (
        <div className="usa-checkbox">
          <input
            id={`${id}-waive`}
            className="usa-checkbox__input"
            type="checkbox"
            checked={waive}
            onChange={(e) => setWaive(e.target.checked)}
          />
          <label className="usa-checkbox__label" htmlFor={`${id}-waive`}>
            {t('actions.waiveFee', { fee: formatMoney(lang, fee) })}
          </label>
        </div>
      )}
      <Buttons busy={busy} onCancel={onCancel} />
    </form>
  );
}

function Buttons({ busy, onCancel }: { busy: boolean; onCancel: () => void }) {
  const { t } = useTranslation('dashboard-delinquency');
  return (
    <div className="civq-dq-buttons">
      <button type="submit" className="usa-button" disabled={busy}>
        {t('actions.save')}
      </button>
      <button type="button" className="usa-button usa-button--unstyled" onClick={onCancel}>
        {t('actions.cancel')}
      </button>
    </div>
  );
}
