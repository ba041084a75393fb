import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { TextField } from '../../ui/Field.tsx';
import { groupTrackingCode, looksLikeTrackingCode, normalizeTrackingCode } from './code.ts';

/** "Track a request": a tracking code in, its public page out. */
export function LookupForm({ initial = '' }: { initial?: string }) {
  const { t } = useTranslation('requests');
  const navigate = useNavigate();
  const [code, setCode] = useState(initial);
  const [error, setError] = useState<string | undefined>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const normalized = normalizeTrackingCode(code);
    if (!looksLikeTrackingCode(normalized)) {
      setError(t('portal.track.codeInvalid'));
      document.getElementById('tracking-code-input')?.focus();
      return;
    }
    setError(undefined);
    void navigate(`/portal/requests/track/${groupTrackingCode(normalized)}`);
  };
  return (
    <form
      className="usa-form civq-req-lookup"
      noValidate
      onSubmit={submit}
      role="search"
      aria-label={t('portal.track.formLabel')}
    >
      <TextField
        id="tracking-code-input"
        label={t('portal.track.code')}
        // The example code is not split across lines: non-breaking hyphens.
        hint={t('portal.track.codeHint').replace(/([A-Z0-9])-(?=[A-Z0-9])/g, '$1\u2011')}
        value={code}
        onChange={setCode}
        error={error}
      />
      <button type="submit" className="usa-button margin-top-2">
        {t('portal.track.submit')}
      </button>
    </form>
  );
}
