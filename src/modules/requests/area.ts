import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';

export type Polygon = { type: 'Polygon'; coordinates: number[][][] };
export type Area = {
  minLat: number;
  minLng: number;
  maxLat: number;
  maxLng: number;
  polygon: Polygon | null;
  jurisdictionId: string;
};

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).rest(z.number());
/** A GeoJSON Polygon: rings of [lng, lat] positions, each closed (first = last), ≥ 4 positions. */
export const polygonSchema = z.object({
  type: z.literal('Polygon'),
  coordinates: z
    .array(
      z
        .array(position)
        .min(4)
        .max(5000)
        .refine((ring) => ring[0]![0] === ring.at(-1)![0] && ring[0]![1] === ring.at(-1)![1], {
          message: 'invalid',
        }),
    )
    .min(1)
    .max(50),
});

export const areaBody = z
  .object({
    minLat: z.number().min(-90).max(90),
    minLng: z.number().min(-180).max(180),
    maxLat: z.number().min(-90).max(90),
    maxLng: z.number().min(-180).max(180),
    polygon: polygonSchema.nullable(),
    jurisdictionId: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9.-]{1,100}$/),
  })
  .refine((a) => a.minLat < a.maxLat, { message: 'invalid', path: ['maxLat'] })
  .refine((a) => a.minLng < a.maxLng, { message: 'invalid', path: ['maxLng'] });

export async function getArea(tx: Tx): Promise<Area | null> {
  const [row] = await queryRows<{
    min_lat: number;
    min_lng: number;
    max_lat: number;
    max_lng: number;
    polygon: Polygon | null;
    jurisdiction_id: string;
  }>(tx, sql`SELECT min_lat, min_lng, max_lat, max_lng, polygon, jurisdiction_id FROM request_settings`);
  if (!row) return null;
  return {
    minLat: Number(row.min_lat),
    minLng: Number(row.min_lng),
    maxLat: Number(row.max_lat),
    maxLng: Number(row.max_lng),
    polygon: row.polygon,
    jurisdictionId: row.jurisdiction_id,
  };
}

export async function saveArea(tx: Tx, a: Area): Promise<Area> {
  await tx.execute(sql`
    INSERT INTO request_settings (min_lat, min_lng, max_lat, max_lng, polygon, jurisdiction_id)
    VALUES (${a.minLat}, ${a.minLng}, ${a.maxLat}, ${a.maxLng},
            ${a.polygon ? JSON.stringify(a.polygon) : null}::jsonb, ${a.jurisdictionId})
    ON CONFLICT (tenant_id) DO UPDATE SET min_lat = EXCLUDED.min_lat, min_lng = EXCLUDED.min_lng,
      max_lat = EXCLUDED.max_lat, max_lng = EXCLUDED.max_lng, polygon = EXCLUDED.polygon,
      jurisdiction_id = EXCLUDED.jurisdiction_id, updated_at = now()`);
  return (await getArea(tx))!;
}

/** Ray casting over one ring of [lng, lat] positions. */
function inRing(ring: number[][], lng: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]! as [number, number];
    const [xj, yj] = ring[j]! as [number, number];
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside the box and, when there is one, inside the polygon's outer ring and out of its holes. */
export function insideArea(area: Area, p: { lat: number; lng: number }): boolean {
  if (p.lat < area.minLat || p.lat > area.maxLat || p.lng < area.minLng || p.lng > area.maxLng) return false;
  if (!area.polygon) return true;
  const [outer, ...holes] = area.polygon.coordinates;
  if (!outer || !inRing(outer, p.lng, p.lat)) return false;
  return !holes.some((h) => inRing(h, p.lng, p.lat));
}

export const areaView = (a: Area) => ({
  minLat: a.minLat,
  minLng: a.minLng,
  maxLat: a.maxLat,
  maxLng: a.maxLng,
  polygon: a.polygon,
  center: { lat: (a.minLat + a.maxLat) / 2, lng: (a.minLng + a.maxLng) / 2 },
});
