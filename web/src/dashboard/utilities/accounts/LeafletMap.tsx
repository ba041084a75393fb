import L from 'leaflet';
import iconRetinaUrl from 'leaflet/dist/images/marker-icon-2x.png';
import iconUrl from 'leaflet/dist/images/marker-icon.png';
import shadowUrl from 'leaflet/dist/images/marker-shadow.png';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Pin } from '../api.ts';

/**
 * Map tiles: OpenStreetMap's by default; an install with its own tile server (or none on the
 * internet) sets VITE_MAP_TILE_URL at build time. Without tiles the map is a grey grid, and
 * a click still places the pin.
 */
export const TILE_URL: string =
  (import.meta.env.VITE_MAP_TILE_URL as string | undefined) ||
  'https://tile.openstreetmap.org/{z}/{x}/{y}.png';

// Bundled marker images: Leaflet's own lookup of them by CSS path fails once bundled.
const ICON = L.icon({
  iconUrl,
  iconRetinaUrl,
  shadowUrl,
  iconSize: [25, 41],
  iconAnchor: [12, 41],
  shadowSize: [41, 41],
});

type Props = {
  pin: Pin | null;
  /** Where the map opens when there is no pin yet. */
  center: { latitude: number; longitude: number; zoom: number };
  onPick: (latitude: number, longitude: number) => void;
  /** Ids of the hint that says what a click does. */
  describedBy: string;
};

/** A Leaflet map: click it to place the pin; the pin follows the typed coordinates. */
export default function LeafletMap({ pin, center, onPick, describedBy }: Props) {
  const { t } = useTranslation('dashboard');
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const markerRef = useRef<L.Marker | null>(null);
  const pick = useRef(onPick);
  useEffect(() => {
    pick.current = onPick;
  }, [onPick]);

  // The map is made once per mount (its controls' words are in the language of that mount);
  // later changes of the pin or the suggested center move it below.
  useEffect(() => {
    const start = pin ?? center;
    const map = L.map(container.current!, {
      center: [start.latitude, start.longitude],
      zoom: pin ? 16 : center.zoom,
      zoomControl: false,
      attributionControl: false,
    });
    L.control
      .zoom({ zoomInTitle: t('utilities.map.zoomIn'), zoomOutTitle: t('utilities.map.zoomOut') })
      .addTo(map);
    L.control.attribution({ prefix: '<a href="https://leafletjs.com">Leaflet</a>' }).addTo(map);
    L.tileLayer(TILE_URL, {
      maxZoom: 19,
      attribution: t('utilities.map.attribution', {
        link: '<a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
      }),
    }).addTo(map);
    map.on('click', (e: L.LeafletMouseEvent) => {
      const at = e.latlng.wrap();
      pick.current(at.lat, at.lng);
    });
    mapRef.current = map;
    return () => {
      map.remove();
      mapRef.current = null;
      markerRef.current = null;
    };
  }, []);

  const lat = pin?.latitude;
  const lng = pin?.longitude;
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    if (lat === undefined || lng === undefined) {
      markerRef.current?.remove();
      markerRef.current = null;
      return;
    }
    if (markerRef.current) markerRef.current.setLatLng([lat, lng]);
    else
      markerRef.current = L.marker([lat, lng], {
        icon: ICON,
        interactive: false,
        keyboard: false,
        alt: t('utilities.map.pinAlt'),
      }).addTo(map);
    if (!map.getBounds().contains([lat, lng])) map.panTo([lat, lng]);
  }, [lat, lng, t]);

  const { latitude: cLat, longitude: cLng, zoom } = center;
  useEffect(() => {
    if (lat === undefined) mapRef.current?.setView([cLat, cLng], zoom);
  }, [cLat, cLng, zoom]); // only when the suggested center arrives, not when the pin goes

  return (
    <div
      ref={container}
      className="civq-ut-map"
      role="region"
      aria-label={t('utilities.map.label')}
      aria-describedby={describedBy}
      data-testid="map"
    />
  );
}
