import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { OTHER, residentSuite } from '../../support/resident-suite.js';
import type { ResidentSession } from '../../support/residents.js';
import {
  hasGpsPointer,
  jpegWithGps,
  realMail,
  report,
  setUpCatalogue,
  uploadPhoto,
} from './portal-fixture.js';

/**
 * The whole 311 story over the real API (issue 14, "Done when"): a Spanish-speaking resident
 * reports a pothole with a photo and a pin; staff acknowledge it, add a public and an internal
 * note, and close it with a note. After each step the resident sees it on the public page and
 * in My Activity and receives a Spanish notice over real SMTP; the internal note appears in no
 * response or message a resident can get; another city's staff and residents see nothing.
 */
describe('311: a pothole from report to closing', () => {
  const s = residentSuite();
  const { deliver, mailTo } = realMail(s);
  let lucia: ResidentSession;
  const INTERNAL = 'Interno: el contratista cobra doble los domingos';

  beforeAll(async () => {
    await setUpCatalogue(s, s.admin);
    lucia = await s.newResident('lucia.bache@example.com', 'es');
  });

  /** Her mail about 311 (her sign-up code came before). */
  const luciasMail = () => mailTo('lucia.bache@example.com').filter((m) => /reporte/.test(m.subject ?? ''));

  /** Everything a resident can read about the request: both public views, her list, her feed, her mail. */
  async function residentSees(code: string) {
    const pub = await s.call(null, 'GET', `/api/v1/requests/track/${code}`, undefined, { lang: 'es' });
    expect(pub.statusCode, pub.body).toBe(200);
    const mine = await s.call(lucia, 'GET', `/api/v1/resident/requests/track/${code}`);
    expect(mine.statusCode, mine.body).toBe(200);
    const list = await s.call(lucia, 'GET', '/api/v1/resident/requests');
    expect(list.statusCode, list.body).toBe(200);
    const feed = await s.activity(lucia, '?kind=request');
    const everything = [pub.body, mine.body, list.body, JSON.stringify(feed), JSON.stringify(luciasMail())];
    for (const text of everything) expect(text).not.toContain(INTERNAL);
    return { view: pub.json(), feed };
  }

  it('reaches the resident at every step, in Spanish, and never shows the internal note', async () => {
    // The resident reports, signed in, with a photo carrying GPS in its EXIF and a pin.
    const photo = await uploadPhoto(s, await jpegWithGps(), 'image/jpeg', { lang: 'es' });
    expect(photo.statusCode, photo.body).toBe(201);
    const filed = await s.call(
      lucia,
      'POST',
      '/api/v1/resident/requests',
      report({
        contact: undefined,
        language: 'es',
        description: 'Bache profundo frente a la escuela',
        photoIds: [photo.json().photoId],
      }),
      { lang: 'es' },
    );
    expect(filed.statusCode, filed.body).toBe(201);
    const code: string = filed.json().trackingCode;
    await deliver();
    let seen = await residentSees(code);
    expect(seen.view.status).toBe('submitted');
    expect(luciasMail().map((m) => m.subject)).toEqual([
      expect.stringContaining(`Recibimos su reporte ${code}`),
    ]);

    // The photo served back has neither EXIF nor GPS.
    const served = await s.call(null, 'GET', seen.view.photos[0].url);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/jpeg');
    const meta = await sharp(served.rawPayload).metadata();
    expect(meta.exif === undefined || !hasGpsPointer(meta.exif)).toBe(true);
    expect(served.rawPayload.includes(Buffer.from('SECRET-OWNER'))).toBe(false);

    // Staff find it in the queue of new requests and open it.
    const queue = await s.call(s.clerk, 'GET', '/api/v1/requests/queue?status=submitted');
    expect(queue.statusCode, queue.body).toBe(200);
    const item = queue.json().items.find((i: { trackingCode: string }) => i.trackingCode === code);
    expect(item, `${code} in the queue`).toBeDefined();
    const url = `/api/v1/requests/${item.id}`;
    const staffView = await s.call(s.clerk, 'GET', url);
    expect(staffView.json()).toMatchObject({ reporter: { residentId: lucia.id }, language: 'es' });

    // Acknowledged.
    const ack = await s.call(s.clerk, 'POST', `${url}/status`, { to: 'acknowledged' });
    expect(ack.statusCode, ack.body).toBe(200);
    await deliver();
    seen = await residentSees(code);
    expect(seen.view.status).toBe('acknowledged');
    expect(seen.feed.items.find((i) => i.kind === 'request')?.item.status).toBe('acknowledged');
    expect(luciasMail()).toHaveLength(2);
    expect(luciasMail()[1]!.subject).toContain('ahora está');

    // A public note reaches her; an internal note reaches no one.
    const pubNote = await s.call(s.clerk, 'POST', `${url}/notes`, {
      body: 'Programado para el martes.',
      visibility: 'public',
    });
    expect(pubNote.statusCode, pubNote.body).toBe(201);
    const internal = await s.call(s.clerk, 'POST', `${url}/notes`, {
      body: INTERNAL,
      visibility: 'internal',
    });
    expect(internal.statusCode, internal.body).toBe(201);
    await deliver();
    seen = await residentSees(code);
    expect(JSON.stringify(seen.view.updates)).toContain('Programado para el martes.');
    expect(luciasMail()).toHaveLength(3);
    expect(luciasMail()[2]!.text).toContain('Programado para el martes.');
    // Staff see both notes in the timeline, marked for what they are.
    const timeline = (await s.call(s.clerk, 'GET', url)).json().updates as { kind: string; body: string }[];
    expect(timeline.filter((u) => u.kind === 'internal_note').map((u) => u.body)).toEqual([INTERNAL]);

    // Closing needs a note; with one it reaches her and shows on the public page.
    const bare = await s.call(s.clerk, 'POST', `${url}/status`, { to: 'closed' }, { lang: 'es' });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().errors[0]).toMatchObject({ field: 'note', code: 'closing_note_required' });
    const closed = await s.call(s.clerk, 'POST', `${url}/status`, {
      to: 'closed',
      note: 'Bache rellenado con asfalto en caliente.',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    await deliver();
    seen = await residentSees(code);
    expect(seen.view).toMatchObject({
      status: 'closed',
      closingNote: 'Bache rellenado con asfalto en caliente.',
    });
    expect(seen.feed.items.find((i) => i.kind === 'request')?.item.status).toBe('closed');
    const last = luciasMail().at(-1)!;
    expect(last.subject).toContain('cerrado');
    expect(last.text).toContain('Bache rellenado con asfalto en caliente.');
    expect(luciasMail()).toHaveLength(4);

    // Another city sees nothing: its staff, its public page, its queue.
    expect((await s.call(s.otherClerk, 'GET', url, undefined, { host: OTHER })).statusCode).toBe(404);
    const otherQueue = await s.call(s.otherClerk, 'GET', '/api/v1/requests/queue?status=closed', undefined, {
      host: OTHER,
    });
    expect(otherQueue.statusCode, otherQueue.body).toBe(200);
    expect(otherQueue.body).not.toContain(code);
    expect(
      (await s.call(null, 'GET', `/api/v1/requests/track/${code}`, undefined, { host: OTHER })).statusCode,
    ).toBe(404);
    expect(
      (
        await s.call(
          s.otherClerk,
          'POST',
          `${url}/notes`,
          { body: 'x', visibility: 'public' },
          { host: OTHER },
        )
      ).statusCode,
    ).toBe(404);
  });
});
