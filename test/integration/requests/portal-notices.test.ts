import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/db/rows.js';
import { withTenant } from '../../../src/db/tenant-context.js';
import { RequestEvents } from '../../../src/modules/requests/events.js';
import { residentSuite } from '../../support/resident-suite.js';
import type { ResidentSession } from '../../support/residents.js';
import { realMail, report, setUpCatalogue } from './portal-fixture.js';

/**
 * 311 notices as people's mail servers receive them: the real event dispatcher, the notice
 * consumer, the real message worker over SMTP to a real SMTP server. An anonymous reporter
 * hears in the report's language; residents (reporter or follower) in theirs.
 */
describe('311 portal: notices in Spanish over real SMTP', () => {
  const s = residentSuite();
  const { deliver, mailTo, all } = realMail(s);
  let rosaFollower: ResidentSession;

  beforeAll(async () => {
    await setUpCatalogue(s, s.admin);
    rosaFollower = await s.newResident('rosa.vecina@example.com', 'es');
  });

  /** What staff do (part "staff"), reduced to its rows and the event the contract names. */
  const changeStatus = (trackingCode: string, to: 'in_progress' | 'closed', note: string | null) =>
    withTenant(s.t.platform.db, s.tenant.id, async (tx) => {
      const [r] = await queryRows<{ id: string; status: string }>(
        tx,
        sql`SELECT id, status FROM service_requests WHERE tracking_code = ${trackingCode}`,
      );
      await tx.execute(sql`
        UPDATE service_requests SET status = ${to}, closing_note = ${to === 'closed' ? note : null},
          closed_at = ${to === 'closed' ? sql`now()` : null}, updated_at = now() WHERE id = ${r!.id}`);
      await tx.execute(sql`
        INSERT INTO request_updates (request_id, kind, visibility, from_status, to_status, body, actor_type)
        VALUES (${r!.id}, 'status', 'public', ${r!.status}, ${to}, ${note}, 'staff')`);
      await s.t.platform.events.record(tx, {
        type: RequestEvents.statusChanged,
        subjectType: 'request',
        subjectId: r!.id,
        actor: { type: 'system', id: null },
        payload: { requestId: r!.id, trackingCode, from: r!.status, to, note },
      });
    });

  it('confirms a Spanish anonymous report, then tells reporter and follower of each change in Spanish', async () => {
    const res = await s.call(
      null,
      'POST',
      '/api/v1/requests',
      report({ language: 'es', contact: { name: 'Begoña Muñoz', email: 'begona.avisos@example.com' } }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const { trackingCode } = res.json();
    await deliver();

    const received = mailTo('begona.avisos@example.com');
    expect(received).toHaveLength(1);
    expect(received[0]!.subject).toBe(`Recibimos su reporte ${trackingCode} — Ciudad de res`);
    expect(received[0]!.text).toContain('Su código de seguimiento es');
    expect(received[0]!.text).toContain(`/portal/requests/track/${trackingCode}`);
    expect(received[0]!.text).toContain('Bache');

    const follow = await s.call(
      rosaFollower,
      'POST',
      `/api/v1/resident/requests/track/${trackingCode}/follow`,
    );
    expect(follow.statusCode, follow.body).toBe(204);

    await changeStatus(trackingCode, 'in_progress', 'Un equipo irá el lunes.');
    await deliver();
    for (const address of ['begona.avisos@example.com', 'rosa.vecina@example.com']) {
      const status = mailTo(address).filter((m) => m.subject?.includes('ahora está'));
      expect(status, address).toHaveLength(1);
      expect(status[0]!.subject).toBe(`Su reporte ${trackingCode} ahora está: En curso — Ciudad de res`);
      expect(status[0]!.text).toContain('Un equipo irá el lunes.');
    }
    // The follower's My Activity shows the request as it now stands.
    const feed = await s.activity(rosaFollower, '?kind=request');
    const item = feed.items.find((i) => i.kind === 'request');
    expect(item?.item.status).toBe('in_progress');

    // A public note reaches both; an internal one, nobody.
    await withTenant(s.t.platform.db, s.tenant.id, async (tx) => {
      const [r] = await queryRows<{ id: string }>(
        tx,
        sql`SELECT id FROM service_requests WHERE tracking_code = ${trackingCode}`,
      );
      for (const [visibility, body] of [
        ['public', 'Pedimos el material; llega el jueves.'],
        ['internal', 'INTERNO: el vecino reclama seguido.'],
      ] as const) {
        const [u] = await queryRows<{ id: string }>(
          tx,
          sql`INSERT INTO request_updates (request_id, kind, visibility, body, actor_type)
              VALUES (${r!.id}, ${visibility === 'public' ? 'public_note' : 'internal_note'}, ${visibility}, ${body}, 'staff')
              RETURNING id`,
        );
        await s.t.platform.events.record(tx, {
          type: visibility === 'public' ? RequestEvents.publicNoteAdded : RequestEvents.internalNoteAdded,
          subjectType: 'request',
          subjectId: r!.id,
          actor: { type: 'system', id: null },
          payload: { requestId: r!.id, trackingCode, updateId: u!.id },
        });
      }
    });
    await deliver();
    for (const address of ['begona.avisos@example.com', 'rosa.vecina@example.com']) {
      const notes = mailTo(address).filter((m) => m.subject?.startsWith('Novedades'));
      expect(notes, address).toHaveLength(1);
      expect(notes[0]!.text).toContain('Pedimos el material; llega el jueves.');
    }
    expect(all().some((m) => `${m.subject} ${m.text}`.includes('INTERNO'))).toBe(false);

    await changeStatus(trackingCode, 'closed', 'Bache rellenado el 3 de diciembre.');
    await deliver();
    const closed = mailTo('begona.avisos@example.com').filter((m) => m.subject?.includes('cerrado'));
    expect(closed).toHaveLength(1);
    expect(closed[0]!.text).toContain('Bache rellenado el 3 de diciembre.');
    expect(mailTo('rosa.vecina@example.com').filter((m) => m.subject?.includes('cerrado'))).toHaveLength(1);

    // A repeated delivery sends nothing twice.
    const count = all().length;
    await deliver();
    expect(all().length).toBe(count);
  });

  it('tells the reporter of a duplicate, in Spanish, when staff mark it (real staff API, grouped code)', async () => {
    const original = (await s.call(null, 'POST', '/api/v1/requests', report({ language: 'en' }))).json();
    const dup = (
      await s.call(
        null,
        'POST',
        '/api/v1/requests',
        report({ language: 'es', contact: { email: 'duplicado@example.com' } }),
      )
    ).json();
    const [row] = await withTenant(s.t.platform.db, s.tenant.id, (tx) =>
      queryRows<{ id: string }>(
        tx,
        sql`SELECT id FROM service_requests WHERE tracking_code = ${dup.trackingCode}`,
      ),
    );
    const marked = await s.call(s.clerk, 'POST', `/api/v1/requests/${row!.id}/duplicate`, {
      originalTrackingCode: original.trackingCode.toLowerCase(),
    });
    expect(marked.statusCode, marked.body).toBe(200);
    await deliver();
    const closed = mailTo('duplicado@example.com').filter((m) => m.subject?.includes('cerrado'));
    expect(closed).toHaveLength(1);
    expect(closed[0]!.text).toContain(original.trackingCode);
    const page = (await s.call(null, 'GET', `/api/v1/requests/track/${dup.trackingCode}`)).json();
    expect(page).toMatchObject({ status: 'closed', duplicateOf: original.trackingCode });
  });

  it('confirms a signed-in report to the resident in her own language', async () => {
    const ana = await s.newResident('ana.reporta@example.com', 'es');
    const res = await s.call(
      ana,
      'POST',
      '/api/v1/resident/requests',
      report({ contact: undefined, language: 'en' }),
    );
    expect(res.statusCode, res.body).toBe(201);
    await deliver();
    const mail = mailTo('ana.reporta@example.com').filter((m) => m.subject?.startsWith('Recibimos'));
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toContain(res.json().trackingCode);
  });
});
