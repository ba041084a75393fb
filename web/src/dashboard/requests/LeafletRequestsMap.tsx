import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { BASE, groupCode, type Bounds, type MapPoint } from './api.ts';

/**
 * Map tiles only where the install names a tile server (VITE_MAP_TILE_URL); without one the map
 * is a plain background with the reporting area's box and the requests, which is all a queue
 * needs and works with no internet.
 */
const TILE_URL = import.meta.env.VITE_MAP_TILE_URL as string | undefined;

/** Circle colors by status (the legend's, in requests.css); overdue gets a thick red ring. */
const COLORS: Record<string, string> = {
  submitted: '#005ea2',
  acknowledged: '#6b3fa0',
  in_progress: '#a85a00',
  closed: '#565c65',
};

type Props = {
  area: Bounds;
  points: MapPoint[];
  onBounds: (bounds: Bounds) => void;
  describedBy: string;
};

export default function LeafletRequestsMap({ area, points, onBounds, describedBy }: Props) {
  const { t } = useTranslation('dashboard');
  const navigate = useNavigate();
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const layerRef = useRef<L.LayerGroup | null>(null);
  const report = useRef(onBounds);
  const go = useRef(navigate);
  const words = useRef(t);
  useEffect(() => {
    report.current = onBounds;
    go.current = navigate;
    words.current = t;
  });

  useEffect(() => {
    const box = L.latLngBounds([area.minLat, area.minLng], [area.maxLat, area.maxLng]);
    const map = L.map(container.current!, { zoomControl: false, attributionControl: false, zoomSnap: 0.25 });
    L.control
      .zoom({
        zoomInTitle: words.current('requests.map.zoomIn'),
        zoomOutTitle: words.current('requests.map.zoomOut'),
      })
      .addTo(map);
    if (TILE_URL) {
      L.control.attribution({ prefix: false }).addTo(map);
      L.tileLayer(TILE_URL, { maxZoom: 19 }).addTo(map);
    }
    L.rectangle(box, {
      color: '#1b1b1b',
      weight: 2,
      dashArray: '6 4',
      fill: false,
      interactive: false,
    }).addTo(map);
    layerRef.current = L.layerGroup().addTo(map);
    const send = () => {
      const b = map.getBounds();
      report.current({
        minLat: Math.max(-90, b.getSouth()),
        minLng: Math.max(-180, b.getWest()),
        maxLat: Math.min(90, b.getNorth()),
        maxLng: Math.min(180, b.getEast()),
      });
    };
    map.on('moveend', send);
    map.fitBounds(box.pad(0.05));
    send();
    mapRef.current = map;
    return () => {
      map.remove();
      mapRef.current = null;
      layerRef.current = null;
    };
  }, [area.minLat, area.minLng, area.maxLat, area.maxLng]);

  useEffect(() => {
    const layer = layerRef.current;
    if (!layer) return;
    layer.clearLayers();
    for (const p of points) {
      const marker = L.circleMarker([p.lat, p.lng], {
        radius: 8,
        color: p.overdue ? '#b50909' : '#fff',
        weight: p.overdue ? 4 : 2,
        fillColor: COLORS[p.status] ?? '#565c65',
        fillOpacity: 0.9,
      });
      const label = [
        groupCode(p.trackingCode),
        words.current(`requests.status.${p.status}`),
        p.overdue ? words.current('requests.overdue') : '',
      ]
        .filter(Boolean)
        .join(' · ');
      marker.bindTooltip(label);
      marker.on('click', () => void go.current(`${BASE}/${p.id}`));
      marker.on('add', () => {
        const el = marker.getElement();
        if (el) {
          el.setAttribute('data-testid', 'map-marker');
          el.setAttribute('data-status', p.status);
          el.setAttribute('role', 'img');
          el.setAttribute('aria-label', label);
        }
      });
      layer.addLayer(marker);
    }
  }, [points]);

  return (
    <div
      ref={container}
      className="civq-req-map"
      data-testid="requests-map"
      role="region"
      aria-label={t('requests.map.label')}
      aria-describedby={describedBy}
    />
  );
}
