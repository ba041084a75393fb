import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/Field.tsx';
import { errorsByField } from '../../ui/formErrors.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import type { StaffRequest } from './api.ts';
import { useRequestAction } from './useRequestAction.ts';

type Step = 'acknowledged' | 'in_progress';

/**
 * The next steps for this request's status, one click each; closing asks for the note the
 * reporter will read, reopening for a reason.
 */
export function StatusActions({
  request,
  onDone,
}: {
  request: StaffRequest;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation('dashboard');
  const act = useRequestAction(request.id);
  const { busy, problem, submit, run } = useFormSubmit();
  const [open, setOpen] = useState<'close' | 'reopen' | null>(null);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const s = request.status;
  const steps: Step[] =
    s === 'submitted' ? ['acknowledged', 'in_progress'] : s === 'acknowledged' ? ['in_progress'] : [];

  const step = (to: Step) =>
    void run(async () => {
      await act('status', { to });
      onDone(t(`requests.actions.done.${to}`));
    });

  const onSubmit = (event: React.FormEvent) =>
    void submit(
      {
        validate: () => {
          const missing = text.trim()
            ? undefined
            : t(open === 'close' ? 'requests.actions.noteRequired' : 'requests.actions.reasonRequired');
          setError(missing);
          if (missing) document.getElementById('status-text')?.focus();
          return !missing;
        },
        action: async () => {
          if (open === 'close') await act('status', { to: 'closed', note: text.trim() });
          else await act('reopen', { reason: text.trim() });
          onDone(t(open === 'close' ? 'requests.actions.done.closed' : 'requests.actions.done.reopened'));
          setOpen(null);
          setText('');
        },
        onError: (err) => setError(errorsByField(err, { note: 'text', reason: 'text' } as const).text),
      },
      event,
    );

  return (
    <div className="civq-req-status-actions" data-testid="status-actions">
      {problem && <ProblemAlert problem={problem} />}
      <div className="civq-req-buttons">
        {steps.map((to, i) => (
          <button
            key={to}
            type="button"
            className={`usa-button${i > 0 ? ' usa-button--outline' : ''}`}
            disabled={busy}
            onClick={() => step(to)}
          >
            {t(`requests.actions.${to}`)}
          </button>
        ))}
        {s !== 'closed' && (
          <button
            type="button"
            className={`usa-button${s === 'in_progress' ? '' : ' usa-button--outline'}`}
            aria-expanded={open === 'close'}
            aria-controls="status-form"
            onClick={() => {
              setOpen(open === 'close' ? null : 'close');
              setError(undefined);
            }}
          >
            {t('requests.actions.close')}
          </button>
        )}
        {s === 'closed' && (
          <button
            type="button"
            className="usa-button usa-button--outline"
            aria-expanded={open === 'reopen'}
            aria-controls="status-form"
            onClick={() => {
              setOpen(open === 'reopen' ? null : 'reopen');
              setError(undefined);
            }}
          >
            {t('requests.actions.reopen')}
          </button>
        )}
      </div>
      <div id="status-form" hidden={!open}>
        {open && (
          <form className="usa-form civq-req-form" onSubmit={onSubmit} noValidate>
            <Field
              id="status-text"
              label={t(open === 'close' ? 'requests.actions.closingNote' : 'requests.actions.reason')}
              hint={t(open === 'close' ? 'requests.actions.closingNoteHint' : 'requests.actions.reasonHint')}
              error={error}
              kind="usa-textarea"
            >
              {(control) => (
                <textarea
                  {...control}
                  rows={4}
                  maxLength={4000}
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                />
              )}
            </Field>
            <div className="civq-req-buttons">
              <button type="submit" className="usa-button" disabled={busy}>
                {t(open === 'close' ? 'requests.actions.closeSubmit' : 'requests.actions.reopenSubmit')}
              </button>
              <button type="button" className="usa-button usa-button--unstyled" onClick={() => setOpen(null)}>
                {t('requests.actions.cancel')}
              </button>
            </div>
          </form>
        )}
      </div>
    </div>
  );
}
