import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../../hooks.ts';
import { useSession } from '../../session.tsx';
import { parseCoordinate } from './accountForm.ts';
import { UTILITIES_KEY, type AccountList } from '../api.ts';
import { Field } from '../../../ui/Field.tsx';

// Leaflet loads only when a form with a map opens, not with the rest of the dashboard.
const LeafletMap = lazy(() => import('./LeafletMap.tsx'));

/** Where a map without a pin opens: the middle of the entity's pinned accounts, else the US. */
function useSuggestedCenter() {
  const { get } = useSession();
  return (
    useQuery({
      queryKey: [...UTILITIES_KEY, 'map-center'],
      queryFn: async () => {
        const { items } = await get<AccountList>('/api/v1/utilities/accounts?limit=50');
        const pins = items.flatMap((a) => (a.pin ? [a.pin] : []));
        if (pins.length === 0) return null;
        const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
        return {
          latitude: mean(pins.map((p) => p.latitude)),
          longitude: mean(pins.map((p) => p.longitude)),
          zoom: 13,
        };
      },
      staleTime: Infinity,
    }).data ?? { latitude: 39.5, longitude: -98.35, zoom: 4 }
  );
}

type Props = {
  latitude: string;
  longitude: string;
  onChange: (latitude: string, longitude: string) => void;
  errors: { latitude?: string; longitude?: string };
};

/** The service location's map pin: placed by clicking the map, or typed as latitude/longitude. */
export function MapPin({ latitude, longitude, onChange, errors }: Props) {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const center = useSuggestedCenter();
  const lat = parseCoordinate(latitude, 90);
  const lng = parseCoordinate(longitude, 180);
  const pin = typeof lat === 'number' && typeof lng === 'number' ? { latitude: lat, longitude: lng } : null;

  return (
    <fieldset className="usa-fieldset civq-ut-pin">
      <legend className="usa-legend">
        {t('utilities.map.legend')} <span className="civq-ut-optional">{t('utilities.optional')}</span>
      </legend>
      <p className="usa-hint margin-top-1" id="pin-hint">
        {t('utilities.map.hint')}
      </p>
      <Suspense
        fallback={<div className="civq-ut-map civq-ut-map--loading">{t('utilities.map.loading')}</div>}
      >
        <LeafletMap
          key={lang}
          pin={pin}
          center={center}
          describedBy="pin-hint"
          onPick={(a, b) => onChange(a.toFixed(6), b.toFixed(6))}
        />
      </Suspense>
      <div className="civq-ut-row">
        <Field id="latitude" label={t('utilities.map.latitude')} error={errors.latitude}>
          {(control) => (
            <input
              {...control}
              className={`${control.className} usa-input--md`}
              type="text"
              autoComplete="off"
              value={latitude}
              onChange={(e) => onChange(e.target.value, longitude)}
            />
          )}
        </Field>
        <Field id="longitude" label={t('utilities.map.longitude')} error={errors.longitude}>
          {(control) => (
            <input
              {...control}
              className={`${control.className} usa-input--md`}
              type="text"
              autoComplete="off"
              value={longitude}
              onChange={(e) => onChange(latitude, e.target.value)}
            />
          )}
        </Field>
      </div>
      {(latitude || longitude) && (
        <button
          type="button"
          className="usa-button usa-button--unstyled margin-top-2"
          onClick={() => onChange('', '')}
        >
          {t('utilities.map.remove')}
        </button>
      )}
    </fieldset>
  );
}
