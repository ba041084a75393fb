import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert.tsx';
import { ProblemAlert, useProblem } from '../../ui/ProblemAlert.tsx';
import { PageHeading } from '../../components/SiteLayout.tsx';
import { formatDateTime } from '../../format.ts';
import { useLanguage } from '../../hooks.ts';
import { TextField } from '../../ui/Field.tsx';
import { fieldError } from '../../ui/formErrors.ts';
import { PushDevices } from './PushDevices.tsx';
import { residentApi, useResident } from './session.ts';

type Channel = 'email' | 'sms' | 'push';
type Preferences = {
  channel: Channel;
  language: 'en' | 'es';
  savedAt: string | null;
  deliveredBy: Channel;
  /** Why notices go by email instead of the chosen channel (no_verified_phone, sms_opted_out …). */
  deliveredReason: string | null;
  phone: string | null;
  phoneVerified: boolean;
  smsConsentAt: string | null;
  smsConsentVersion: string | null;
  smsOptedOut: boolean;
};

const CHANNELS: Channel[] = ['email', 'sms', 'push'];

/** Channel and language of notices, and the phone number SMS needs. */
export function PreferencesPage() {
  const { t } = useTranslation('account');
  const me = useResident().data!;
  const prefs = useQuery({
    queryKey: ['resident-preferences'],
    queryFn: () => residentApi<Preferences>(me, '/preferences'),
  });
  return (
    <>
      <PageHeading>{t('preferences.title')}</PageHeading>
      <p className="usa-intro">{t('preferences.intro')}</p>
      {prefs.data && <PreferencesForm prefs={prefs.data} />}
      {prefs.data && <PhoneForm prefs={prefs.data} />}
      {prefs.data && <PushDevices />}
    </>
  );
}

function PreferencesForm({ prefs }: { prefs: Preferences }) {
  const { t } = useTranslation(['account', 'common']);
  const lang = useLanguage();
  const me = useResident().data!;
  const client = useQueryClient();
  const [channel, setChannel] = useState<Channel>(prefs.channel);
  const [language, setLanguage] = useState(prefs.savedAt ? prefs.language : lang);
  const [problem, setProblem] = useProblem();
  const [saved, setSaved] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    setSaved(false);
    try {
      const after = await residentApi<Preferences>(me, '/preferences', {
        method: 'PUT',
        body: { channel, language },
      });
      client.setQueryData(['resident-preferences'], after);
      setSaved(true);
    } catch (err) {
      setProblem(err);
    }
  };

  return (
    <form className="usa-form usa-form--large" onSubmit={(e) => void submit(e)}>
      {saved && (
        <Alert type="success" heading={t('preferences.savedTitle')} focus testId="preferences-saved">
          <p>{t('preferences.savedBody')}</p>
        </Alert>
      )}
      {problem && <ProblemAlert problem={problem} />}
      {!prefs.savedAt && (
        <Alert type="info" heading={t('preferences.notSavedTitle')}>
          <p>{t('preferences.notSavedBody')}</p>
        </Alert>
      )}
      {prefs.savedAt && <p>{t('preferences.lastSaved', { when: formatDateTime(lang, prefs.savedAt) })}</p>}
      <fieldset className="usa-fieldset">
        <legend className="usa-legend text-bold">{t('preferences.channel')}</legend>
        {CHANNELS.map((c) => (
          <div className="usa-radio" key={c}>
            <input
              className="usa-radio__input"
              id={`channel-${c}`}
              type="radio"
              name="channel"
              value={c}
              checked={channel === c}
              onChange={() => setChannel(c)}
              aria-describedby="channel-delivery"
            />
            <label className="usa-radio__label" htmlFor={`channel-${c}`}>
              {t(`preferences.channels.${c}`)}
            </label>
          </div>
        ))}
      </fieldset>
      {/* Which channel notices use now, and why when it is not the chosen one (SMS: no
          confirmed phone, or the phone replied STOP). */}
      <div className="usa-summary-box margin-top-2" id="channel-delivery" data-testid="channel-delivery">
        <div className="usa-summary-box__body">
          <p className="usa-summary-box__text" data-delivered-by={prefs.deliveredBy}>
            {t('preferences.deliveredBy', { channel: prefs.deliveredBy })}
          </p>
          {prefs.deliveredReason && (
            <p className="usa-summary-box__text margin-top-1" data-testid="channel-reason">
              {t(`preferences.reasons.${prefs.deliveredReason}`, {
                defaultValue: t('preferences.reasons.other'),
              })}
            </p>
          )}
        </div>
      </div>
      <fieldset className="usa-fieldset margin-top-3">
        <legend className="usa-legend text-bold">{t('preferences.language')}</legend>
        {(['en', 'es'] as const).map((l) => (
          <div className="usa-radio" key={l}>
            <input
              className="usa-radio__input"
              id={`notice-language-${l}`}
              type="radio"
              name="notice-language"
              value={l}
              checked={language === l}
              onChange={() => setLanguage(l)}
            />
            <label className="usa-radio__label" htmlFor={`notice-language-${l}`} lang={l}>
              {t(`common:language.names.${l}`)}
            </label>
          </div>
        ))}
      </fieldset>
      <button type="submit" className="usa-button margin-top-3">
        {t('preferences.save')}
      </button>
    </form>
  );
}

function PhoneForm({ prefs }: { prefs: Preferences }) {
  const { t } = useTranslation('account');
  const lang = useLanguage();
  const me = useResident().data!;
  const client = useQueryClient();
  const [phone, setPhone] = useState('');
  const [consent, setConsent] = useState(false);
  const [code, setCode] = useState('');
  const [sentFor, setSentFor] = useState<string | null>(null);
  const [problem, setProblem] = useProblem();
  useEffect(() => setProblem(null), [sentFor, setProblem]);

  const start = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    try {
      const res = await residentApi<{ phone: string }>(me, '/phone', {
        method: 'POST',
        body: { phone, consent },
      });
      setSentFor(res.phone);
    } catch (err) {
      setProblem(err);
    }
  };
  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    try {
      const after = await residentApi<Preferences>(me, '/phone/verify', { method: 'POST', body: { code } });
      client.setQueryData(['resident-preferences'], after);
      setSentFor(null);
    } catch (err) {
      setProblem(err);
    }
  };

  return (
    <section aria-labelledby="phone-title" className="margin-top-5">
      <h2 id="phone-title">{t('phone.title')}</h2>
      {prefs.phoneVerified && prefs.phone && (
        <Alert type="success" heading={t('phone.verified', { phone: prefs.phone })} testId="phone-verified">
          {prefs.smsConsentAt && (
            <p>
              {t('phone.consentGiven', {
                when: formatDateTime(lang, prefs.smsConsentAt),
                version: prefs.smsConsentVersion ?? '',
              })}
            </p>
          )}
        </Alert>
      )}
      {prefs.smsOptedOut && (
        <Alert type="warning" heading={t('phone.optedOutTitle')} testId="phone-opted-out">
          <p>{t('phone.optedOutBody')}</p>
        </Alert>
      )}
      <p className="civq-measure">{t('phone.intro')}</p>
      {problem && <ProblemAlert problem={problem} />}
      {sentFor ? (
        <form className="usa-form usa-form--large" noValidate onSubmit={(e) => void confirm(e)}>
          <Alert type="info" heading={t('phone.sentTitle')}>
            <p>{t('phone.sentBody', { phone: sentFor })}</p>
          </Alert>
          <TextField
            id="phone-code"
            label={t('fields.code')}
            hint={t('fields.codeHint')}
            inputMode="numeric"
            autoComplete="one-time-code"
            value={code}
            onChange={setCode}
            error={fieldError(problem, 'code')}
          />
          <button type="submit" className="usa-button margin-top-3">
            {t('phone.confirm')}
          </button>
        </form>
      ) : (
        <form className="usa-form usa-form--large" noValidate onSubmit={(e) => void start(e)}>
          <TextField
            id="phone"
            type="tel"
            label={t('phone.number')}
            hint={t('phone.numberHint')}
            autoComplete="tel"
            value={phone}
            onChange={setPhone}
            error={fieldError(problem, 'phone')}
          />
          <div className={`usa-form-group${fieldError(problem, 'consent') ? ' usa-form-group--error' : ''}`}>
            {fieldError(problem, 'consent') && (
              <span className="usa-error-message" id="consent-error" role="alert">
                {fieldError(problem, 'consent')}
              </span>
            )}
            <div className="usa-checkbox">
              <input
                className="usa-checkbox__input"
                id="sms-consent"
                type="checkbox"
                checked={consent}
                onChange={(e) => setConsent(e.target.checked)}
                aria-describedby={fieldError(problem, 'consent') ? 'consent-error' : undefined}
              />
              <label className="usa-checkbox__label" htmlFor="sms-consent">
                {t('phone.consent')}
              </label>
            </div>
          </div>
          <button type="submit" className="usa-button margin-top-3">
            {t('phone.send')}
          </button>
        </form>
      )}
    </section>
  );
}
