import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { Alert } from '../../components/Alert.tsx';
import { formatDateTime } from '../../format.ts';
import { useLanguage } from '../../hooks.ts';
import { addCatalogs } from '../../i18n.ts';
import { ProblemAlert, useProblem } from '../../ui/ProblemAlert.tsx';
import { residentApi, useResident } from './session.ts';

addCatalogs(import.meta.glob('../../../../locales/*/account.push.json', { eager: true, import: 'default' }));

type PushDevice = { id: string; device: string; createdAt: string; lastSentAt: string | null };

const KEY = ['resident-push-devices'];
/** The portal's service worker (web/public/sw.js): it shows the notices and opens their page. */
const WORKER = { url: '/sw.js', scope: '/portal/' };

const supported = () =>
  typeof window !== 'undefined' &&
  'serviceWorker' in navigator &&
  'PushManager' in window &&
  'Notification' in window;

/** The VAPID public key (base64url) as the bytes PushManager.subscribe wants. */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const b64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const raw = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

/**
 * "Turn on browser notifications": the browser asks for permission only after this click;
 * then the portal's service worker subscribes with the install's VAPID key and the
 * subscription is stored for this resident. Lists the resident's devices, each removable.
 */
export function PushDevices() {
  const { t } = useTranslation('account');
  const lang = useLanguage();
  const me = useResident().data!;
  const client = useQueryClient();
  const list = useQuery({
    queryKey: KEY,
    queryFn: () => residentApi<{ items: PushDevice[] }>(me, '/push-subscriptions'),
  });
  const [problem, setProblem] = useProblem();
  const [busy, setBusy] = useState(false);
  const [on, setOn] = useState(false);
  const [denied, setDenied] = useState(() => supported() && Notification.permission === 'denied');

  const turnOn = async () => {
    setProblem(null);
    setOn(false);
    setBusy(true);
    try {
      const permission = await Notification.requestPermission();
      if (permission !== 'granted') {
        setDenied(permission === 'denied');
        setProblem(new ApiError(400, 'push', t('push.notAllowedTitle'), t('push.notAllowedBody')));
        return;
      }
      const { publicKey } = await residentApi<{ publicKey: string }>(me, '/push/vapid-public-key');
      await navigator.serviceWorker.register(WORKER.url, { scope: WORKER.scope });
      const registration = await navigator.serviceWorker.ready;
      const subscription = await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(publicKey),
      });
      await residentApi(me, '/push-subscriptions', { method: 'POST', body: subscription.toJSON() });
      setOn(true);
      await client.invalidateQueries({ queryKey: KEY });
    } catch (err) {
      setProblem(
        err instanceof ApiError
          ? err
          : new ApiError(400, 'push', t('push.failedTitle'), t('push.failedBody')),
      );
    } finally {
      setBusy(false);
    }
  };

  const remove = async (id: string) => {
    setOn(false);
    await residentApi(me, `/push-subscriptions/${id}`, { method: 'DELETE' }).catch(setProblem);
    await client.invalidateQueries({ queryKey: KEY });
  };

  const name = (d: PushDevice) => d.device || t('push.unknownDevice');

  return (
    <section aria-labelledby="push-title" className="margin-top-5" data-testid="push-devices">
      <h2 id="push-title">{t('push.title')}</h2>
      <p className="civq-measure">{t('push.intro')}</p>
      {on && (
        <Alert type="success" heading={t('push.on')} focus testId="push-on">
          <p>{t('push.onBody')}</p>
        </Alert>
      )}
      {problem && <ProblemAlert problem={problem} />}
      <h3>{t('push.devices')}</h3>
      {list.data && list.data.items.length === 0 && <p>{t('push.none')}</p>}
      {list.data && list.data.items.length > 0 && (
        <ul className="civq-link-list" data-testid="push-device-list">
          {list.data.items.map((d) => (
            <li key={d.id}>
              <div>
                <strong>{name(d)}</strong>
                <div className="text-base">
                  {t('push.addedOn', { when: formatDateTime(lang, d.createdAt) })}
                  {d.lastSentAt && <> · {t('push.lastSent', { when: formatDateTime(lang, d.lastSentAt) })}</>}
                </div>
              </div>
              <button
                type="button"
                className="usa-button usa-button--unstyled"
                aria-label={t('push.removeLabel', { device: name(d) })}
                onClick={() => void remove(d.id)}
              >
                {t('push.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {!supported() ? (
        <p>{t('push.unsupported')}</p>
      ) : (
        <>
          {denied && <p className="civq-measure">{t('push.denied')}</p>}
          <button
            type="button"
            className="usa-button margin-top-2"
            disabled={busy}
            aria-disabled={busy}
            onClick={() => void turnOn()}
          >
            {busy ? t('push.turningOn') : t('push.turnOn')}
          </button>
        </>
      )}
    </section>
  );
}
