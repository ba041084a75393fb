import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, expect } from 'vitest';
import { queryRows } from '../../../src/db/rows.js';
import { withTenant } from '../../../src/db/tenant-context.js';
import type { Platform } from '../../../src/kernel/platform.js';
import type { Session } from '../../support/app.js';
import { HOST, type residentSuite } from '../../support/resident-suite.js';
import { smtpWorker } from '../../support/communications.js';
import { freshIp } from '../../support/residents.js';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink.js';
import type { MessageWorker, SmtpEmailChannel } from '../../../src/modules/communications/index.js';

type Suite = ReturnType<typeof residentSuite>;

/** The catalogue the portal tests report against: one department, a pothole with every question type. */
export const POTHOLE = {
  name: { en: 'Pothole', es: 'Bache' },
  description: { en: 'A hole in the street.', es: 'Un hoyo en la calle.' },
  departmentCode: 'public_works',
  slaBusinessDays: 5,
  locationRequired: true,
  active: true,
  position: 1,
  questions: [
    {
      key: 'size',
      type: 'single_choice',
      label: { en: 'How big?', es: '¿Qué tan grande?' },
      required: true,
      options: [
        { value: 'small', label: { en: 'Small', es: 'Chico' } },
        { value: 'large', label: { en: 'Large', es: 'Grande' } },
      ],
    },
    { key: 'depth_cm', type: 'number', label: { en: 'Depth (cm)', es: 'Profundidad (cm)' }, required: false },
    { key: 'since', type: 'date', label: { en: 'Since when?', es: '¿Desde cuándo?' }, required: false },
    { key: 'in_lane', type: 'yes_no', label: { en: 'In a lane?', es: '¿En un carril?' }, required: false },
  ],
};

/** A box around Esperanza with a triangle-ish polygon that leaves its north-east corner out. */
export const AREA = {
  minLat: 26.19,
  minLng: -98.26,
  maxLat: 26.26,
  maxLng: -98.19,
  polygon: {
    type: 'Polygon',
    coordinates: [
      [
        [-98.26, 26.19],
        [-98.19, 26.19],
        [-98.19, 26.22],
        [-98.23, 26.26],
        [-98.26, 26.26],
        [-98.26, 26.19],
      ],
    ],
  },
  jurisdictionId: 'esperanza.example',
};
export const INSIDE = { lat: 26.2, lng: -98.25 };
/** In the box, outside the polygon. */
export const OUTSIDE_POLYGON = { lat: 26.255, lng: -98.195 };

export async function setUpCatalogue(s: Suite, admin: Session, host = HOST) {
  const put = async (url: string, body: object) => {
    const res = await s.call(admin, 'PUT', url, body, { host });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  await put('/api/v1/requests/admin/departments/public_works', {
    name: { en: 'Public Works', es: 'Obras Públicas' },
  });
  await put('/api/v1/requests/admin/categories/pothole', POTHOLE);
  await put('/api/v1/requests/admin/categories/retired', {
    ...POTHOLE,
    name: { en: 'Old', es: 'Viejo' },
    active: false,
    position: 2,
  });
  await put('/api/v1/requests/admin/area', AREA);
}

/** A JPEG whose EXIF names an owner and carries a GPS position (IFD3), made with sharp. */
export async function jpegWithGps(): Promise<Buffer> {
  const buf = await sharp({ create: { width: 96, height: 64, channels: 3, background: '#c33' } })
    .jpeg()
    .withExif({
      IFD0: { Copyright: 'SECRET-OWNER' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '26/1 13/1 0/1',
        GPSLongitudeRef: 'W',
        GPSLongitude: '98/1 13/1 0/1',
      },
    })
    .toBuffer();
  const meta = await sharp(buf).metadata();
  expect(meta.exif).toBeDefined();
  expect(hasGpsPointer(meta.exif!)).toBe(true);
  return buf;
}

/** The EXIF GPSInfo pointer tag (0x8825), in either byte order. */
export const hasGpsPointer = (exif: Buffer) =>
  exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88]));

export async function uploadPhoto(
  s: Suite,
  body: Buffer,
  type = 'image/jpeg',
  opts: { host?: string; lang?: string } = {},
) {
  return s.t.app.inject({
    method: 'POST',
    url: '/api/v1/requests/photos',
    remoteAddress: freshIp(),
    headers: { host: opts.host ?? HOST, 'content-type': type, 'accept-language': opts.lang ?? 'en' },
    payload: body,
  });
}

export const report = (over: object = {}) => ({
  categoryCode: 'pothole',
  description: 'Deep hole in the right lane.',
  location: INSIDE,
  answers: { size: 'large', depth_cm: 12 },
  contact: { name: 'Begoña Muñoz', email: 'begona@example.com', phone: '(956) 555-0142' },
  language: 'en',
  ...over,
});

/** Rows of every 311 table and domain events in a tenant, and files in its photo folder. */
export async function footprint(platform: Platform, tenantId: string) {
  const rows = await withTenant(platform.db, tenantId, async (tx) => {
    const [r] = await queryRows<Record<string, number>>(
      tx,
      sql`SELECT (SELECT count(*)::int FROM service_requests) AS requests,
                 (SELECT count(*)::int FROM request_updates) AS updates,
                 (SELECT count(*)::int FROM request_photos) AS photos,
                 (SELECT count(*)::int FROM request_followers) AS followers,
                 (SELECT count(*)::int FROM domain_events) AS events`,
    );
    return r!;
  });
  return { ...rows, files: await photoFiles(platform, tenantId) };
}

export async function photoFiles(platform: Platform, tenantId: string): Promise<number> {
  expect(platform.files.storage.kind).toBe('folder');
  try {
    return (await fs.readdir(path.join(platform.config.dataDir, 'files', tenantId, '311-photos'))).length;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
}

/**
 * Notices as people's mail servers receive them: a real SMTP server and the real message worker
 * over SMTP. Registers its own hooks (call it after `residentSuite()`); `deliver()` runs the
 * event dispatcher (notice consumer, My Activity) and then the worker.
 */
export function realMail(s: Suite) {
  let sink: SmtpSink;
  let worker: MessageWorker;
  let channel: SmtpEmailChannel;
  beforeAll(async () => {
    sink = await startSmtpSink();
    ({ worker, channel } = smtpWorker(s.t.platform.db, sink.url));
  });
  afterAll(async () => {
    await channel?.close();
    await sink?.close();
  });
  return {
    deliver: async () => {
      await s.t.dispatcher.drain();
      await worker.drain();
    },
    /** Every message received for `address`, parsed. */
    mailTo: (address: string) =>
      sink.received.filter((m) => m.rcptTo.includes(address)).map((m) => m.parsed!),
    /** Every message the server received, parsed. */
    all: () => sink.received.map((m) => m.parsed!),
  };
}
