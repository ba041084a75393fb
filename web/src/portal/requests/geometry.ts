import type { Area, LatLng } from './types.ts';

/** Ray casting over a GeoJSON ring ([lng, lat] pairs). */
function inRing(p: LatLng, ring: number[][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > p.lat !== yj > p.lat && p.lng < ((xj - xi) * (p.lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * Whether a pin is inside the entity's area: its box, and its polygon when it has one (holes
 * excluded). The server decides; this only warns before sending.
 */
export function insideArea(p: LatLng, area: Area): boolean {
  if (p.lat < area.minLat || p.lat > area.maxLat || p.lng < area.minLng || p.lng > area.maxLng) return false;
  if (!area.polygon) return true;
  const [outer, ...holes] = area.polygon.coordinates;
  return Boolean(outer && inRing(p, outer)) && !holes.some((h) => inRing(p, h));
}

/** Five decimals: about a metre, enough to find a pothole and short enough to read out. */
export function formatLatLng(p: LatLng): string {
  return `${p.lat.toFixed(5)}, ${p.lng.toFixed(5)}`;
}
