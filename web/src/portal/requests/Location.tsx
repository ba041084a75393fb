import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/Loading.tsx';
import { Field } from '../../ui/Field.tsx';
import { formatLatLng } from './geometry.ts';
import { useAddressSearch, useArea } from './requestsApi.ts';
import type { LatLng } from './types.ts';

// Leaflet loads only when someone reaches the location step.
const PinMap = lazy(() => import('./PinMap.tsx'));

type Props = {
  address: string;
  onAddress: (address: string) => void;
  location: LatLng | null;
  onLocation: (location: LatLng | null) => void;
  required: boolean;
  errors: { address?: string | undefined; location?: string | undefined };
};

/** Waits until typing pauses before asking the server (one search per pause, not per key). */
function useDebounced(value: string, ms = 300): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * Where the problem is: an address (a known one from the search, or typed freely), a pin on
 * the map, or both. Either alone is enough.
 */
export function Location({ address, onAddress, location, onLocation, required, errors }: Props) {
  const { t } = useTranslation('requests');
  const area = useArea();
  const [picked, setPicked] = useState<string | null>(null);
  const [geo, setGeo] = useState<'finding' | 'denied' | 'failed' | null>(null);
  const canLocate = typeof navigator !== 'undefined' && 'geolocation' in navigator;
  const locate = () => {
    setGeo('finding');
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setGeo(null);
        onLocation({ lat: position.coords.latitude, lng: position.coords.longitude });
      },
      (err) => setGeo(err.code === err.PERMISSION_DENIED ? 'denied' : 'failed'),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };
  const query = useDebounced(address);
  const search = useAddressSearch(picked === address ? '' : query);
  const matches = search.data?.addresses ?? [];
  const showMatches = address.trim().length >= 3 && picked !== address && matches.length > 0;

  return (
    <fieldset className="usa-fieldset" aria-describedby="location-hint">
      <legend className="usa-legend usa-legend--large">{t('portal.form.locationTitle')}</legend>
      <p className="usa-hint" id="location-hint">
        {required ? t('portal.form.locationRequired') : t('portal.form.locationOptional')}
      </p>
      <Field
        id="address"
        label={t('portal.form.address')}
        hint={t('portal.form.addressHint')}
        error={errors.address}
      >
        {(control) => (
          <input
            {...control}
            type="text"
            autoComplete="street-address"
            maxLength={200}
            value={address}
            onChange={(e) => onAddress(e.target.value)}
          />
        )}
      </Field>
      <div aria-live="polite" className="civq-req-matches">
        {showMatches && (
          <>
            <p className="margin-y-1" id="address-matches-label">
              {t('portal.form.matches', { count: matches.length })}
            </p>
            <ul
              className="usa-list usa-list--unstyled"
              aria-labelledby="address-matches-label"
              data-testid="address-matches"
            >
              {matches.map((m) => (
                <li key={m.label}>
                  <button
                    type="button"
                    className="usa-button usa-button--unstyled civq-req-match"
                    onClick={() => {
                      setPicked(m.label);
                      onAddress(m.label);
                      if (typeof m.lat === 'number' && typeof m.lng === 'number')
                        onLocation({ lat: m.lat, lng: m.lng });
                    }}
                  >
                    {m.label}
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>

      <div
        className={`usa-form-group${errors.location ? ' usa-form-group--error' : ''}`}
        id="location"
        tabIndex={-1}
      >
        <h3 className="margin-bottom-0">{t('portal.map.title')}</h3>
        {errors.location && (
          <span className="usa-error-message" id="location-error" role="alert">
            {errors.location}
          </span>
        )}
        {area.data ? (
          <Suspense fallback={<Loading />}>
            <PinMap area={area.data} value={location} onChange={onLocation} />
          </Suspense>
        ) : (
          area.isPending && <Loading />
        )}
        {canLocate && (
          <button
            type="button"
            className="usa-button usa-button--outline margin-top-1"
            onClick={locate}
            disabled={geo === 'finding'}
          >
            {t('portal.map.here')}
          </button>
        )}
        <p className="margin-top-1" data-testid="pin-status" aria-live="polite">
          {geo
            ? t(`portal.map.geo.${geo}`)
            : location
              ? t('portal.map.chosen', { where: formatLatLng(location) })
              : t('portal.map.none')}
        </p>
        {location && (
          <button type="button" className="usa-button usa-button--unstyled" onClick={() => onLocation(null)}>
            {t('portal.map.clear')}
          </button>
        )}
      </div>
    </fieldset>
  );
}
