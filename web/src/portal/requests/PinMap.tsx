import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatLatLng, insideArea } from './geometry.ts';
import type { Area, LatLng } from './types.ts';

/**
 * Map tiles are optional: with none configured (no network, or an install that has no tile
 * server) the map is the area's outline and the pin on a plain background, which is enough
 * to place a pin inside the right block. VITE_MAP_TILE_URL adds a tile layer at build time.
 */
const TILE_URL = (import.meta.env.VITE_MAP_TILE_URL as string | undefined) || null;

/** Pixels a pin moves per arrow key press (with Shift, five times as far). */
const STEP = 12;

type Props = {
  area: Area;
  /** The location chosen so far, if any. */
  value: LatLng | null;
  onChange: (value: LatLng) => void;
};

/**
 * The report's map pin. A tap or click sets the location. By keyboard the map is one tab stop:
 * arrow keys move the pin, Enter (or the "use this location" button) sets it, + and − zoom;
 * where the pin stands is read out as it moves.
 */
export default function PinMap({ area, value, onChange }: Props) {
  const { t } = useTranslation('requests');
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const pinRef = useRef<L.CircleMarker | null>(null);
  const [draft, setDraft] = useState<LatLng>(value ?? area.center);
  const [announce, setAnnounce] = useState('');
  const commit = useRef(onChange);
  useEffect(() => {
    commit.current = onChange;
  }, [onChange]);

  useEffect(() => {
    const map = L.map(container.current!, {
      keyboard: false,
      zoomControl: false,
      attributionControl: Boolean(TILE_URL),
      zoomSnap: 0.5,
    });
    L.control.zoom({ zoomInTitle: t('portal.map.zoomIn'), zoomOutTitle: t('portal.map.zoomOut') }).addTo(map);
    if (TILE_URL) L.tileLayer(TILE_URL, { maxZoom: 19 }).addTo(map);
    const outline = {
      color: '#1a4480',
      weight: 2,
      fillColor: '#d9e8f6',
      fillOpacity: 0.5,
      interactive: false,
    };
    const shape = area.polygon
      ? L.polygon(
          area.polygon.coordinates.map((ring) => ring.map(([lng, lat]) => [lat!, lng!] as L.LatLngTuple)),
          outline,
        )
      : L.rectangle(
          [
            [area.minLat, area.minLng],
            [area.maxLat, area.maxLng],
          ],
          outline,
        );
    shape.addTo(map);
    map.fitBounds(shape.getBounds(), { padding: [8, 8] });
    map.on('click', (e: L.LeafletMouseEvent) => {
      const at = { lat: e.latlng.lat, lng: e.latlng.lng };
      setDraft(at);
      commit.current(at);
    });
    mapRef.current = map;
    return () => {
      map.remove();
      mapRef.current = null;
      pinRef.current = null;
    };
    // The map is made once per mount; the pin follows below.
  }, []);

  // A location set elsewhere (an address with coordinates) moves the pin there.
  const lat = value?.lat;
  const lng = value?.lng;
  useEffect(() => {
    if (lat !== undefined && lng !== undefined) setDraft({ lat, lng });
  }, [lat, lng]);

  const chosen = value !== null && value.lat === draft.lat && value.lng === draft.lng;
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const style = {
      radius: 10,
      color: '#b50909',
      weight: 3,
      fillColor: chosen ? '#e52207' : '#ffffff',
      fillOpacity: chosen ? 0.9 : 0.6,
      dashArray: chosen ? undefined : '4 3',
      interactive: false,
    };
    if (pinRef.current) pinRef.current.setLatLng([draft.lat, draft.lng]).setStyle(style);
    else pinRef.current = L.circleMarker([draft.lat, draft.lng], style).addTo(map);
    if (!map.getBounds().contains([draft.lat, draft.lng])) map.panTo([draft.lat, draft.lng]);
  }, [draft, chosen]);

  const describe = (p: LatLng, set: boolean) =>
    [
      t(set ? 'portal.map.setAt' : 'portal.map.movedTo', { where: formatLatLng(p) }),
      insideArea(p, area) ? '' : t('portal.map.outside'),
    ]
      .filter(Boolean)
      .join(' ');

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const map = mapRef.current;
    if (!map || e.target !== container.current) return;
    const step = e.shiftKey ? STEP * 5 : STEP;
    const move: Record<string, [number, number]> = {
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
    };
    const delta = move[e.key];
    if (delta) {
      e.preventDefault();
      const point = map.latLngToContainerPoint([draft.lat, draft.lng]).add(L.point(delta));
      const at = map.containerPointToLatLng(point);
      const next = { lat: at.lat, lng: at.lng };
      setDraft(next);
      map.panInside([next.lat, next.lng], { padding: [24, 24] });
      setAnnounce(describe(next, false));
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onChange(draft);
      setAnnounce(describe(draft, true));
    } else if (e.key === '+' || e.key === '=') {
      e.preventDefault();
      map.zoomIn();
    } else if (e.key === '-') {
      e.preventDefault();
      map.zoomOut();
    }
  };

  return (
    <div className="civq-req-map">
      <p className="usa-hint" id="pin-map-hint">
        {t('portal.map.hint')}
      </p>
      <div
        ref={container}
        className="civq-req-map__canvas"
        role="application"
        aria-roledescription={t('portal.map.role')}
        aria-label={t('portal.map.label')}
        aria-describedby="pin-map-hint"
        tabIndex={0}
        onKeyDown={onKeyDown}
        data-testid="pin-map"
      />
      <p className="usa-sr-only" aria-live="polite" data-testid="pin-announce">
        {announce}
      </p>
      {!chosen && (
        <button
          type="button"
          className="usa-button usa-button--outline margin-top-1"
          onClick={() => {
            onChange(draft);
            setAnnounce(describe(draft, true));
          }}
          data-testid="use-pin"
        >
          {t('portal.map.use')}
        </button>
      )}
    </div>
  );
}
