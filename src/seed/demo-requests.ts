import { sql } from 'drizzle-orm';
import { queryRows } from '../db/rows.js';
import { withTenant } from '../db/tenant-context.js';
import type { Platform } from '../kernel/platform.js';
import type { Tenant } from '../modules/tenancy/index.js';
import { saveArea } from '../modules/requests/area.js';
import { saveCategory, saveDepartment } from '../modules/requests/catalogue.js';
import { fileReport } from '../modules/requests/reporting.js';
import type { Answers } from '../modules/requests/tables.js';
import { residentByEmail } from '../modules/residents/service.js';
import { addNote, changeStatus } from '../modules/requests/staff/work.js';
import { searchServiceAddresses } from '../modules/utilities/index.js';
import { CATEGORIES, CLOSING, DEPARTMENTS, NAMES, NOTE, PROGRESS, REPORTS } from './demo-requests-data.js';
import { DEMO_RESIDENT } from './demo-residents.js';

/**
 * Esperanza's 311 service: four departments, eight categories with Spanish names and a few
 * questions, the reporting area around the demo accounts' addresses (utilities seeds them
 * first), and three dozen requests in both languages across categories and statuses, filed
 * through fileReport at the utility service addresses (so they link to those accounts) and
 * then moved along by writing the staff's rows directly (no notices for history); then the demo
 * resident's own reports, moved along through the staff service.
 */
export async function seedDemoRequests(
  platform: Platform,
  tenant: Tenant,
  staff: { adminId: string; clerkId: string },
): Promise<void> {
  await withTenant(platform.db, tenant.id, async (tx) => {
    for (const [code, name] of Object.entries(DEPARTMENTS)) await saveDepartment(tx, code, name);
    for (const [code, input] of CATEGORIES) await saveCategory(tx, code, input);
    await saveArea(tx, {
      minLat: 26.19,
      minLng: -98.26,
      maxLat: 26.26,
      maxLng: -98.19,
      polygon: null,
      jurisdictionId: `${tenant.slug}.civq.example`,
    });
  });

  const addresses = await withTenant(platform.db, tenant.id, (tx) =>
    searchServiceAddresses(tx, 'esperanza', 40),
  );
  const total = 36;
  for (let i = 0; i < total; i++) {
    const demo = REPORTS[i % REPORTS.length]!;
    const language = i % 2 === 0 ? 'es' : 'en';
    const place = addresses[i % Math.max(1, addresses.length)];
    const status = PROGRESS[i % PROGRESS.length]!;
    const daysAgo = 1 + ((i * 7) % 45);
    const submitted = new Date(Date.now() - daysAgo * 86_400_000 - (i % 9) * 3_600_000);
    const reporter = NAMES[i % NAMES.length]!;
    await withTenant(platform.db, tenant.id, async (tx) => {
      const filed = await fileReport(
        { tx, events: platform.events, actor: { type: 'public', id: null }, now: submitted },
        {
          categoryCode: demo.category,
          description: demo[language],
          address: place?.label ?? null,
          location:
            place && place.lat !== null && place.lng !== null && i % 4 !== 3
              ? { lat: place.lat, lng: place.lng }
              : null,
          answers: demo.answers,
          contact: {
            name: reporter,
            email:
              i % 5 === 4
                ? undefined
                : `${reporter
                    .split(' ')[0]!
                    .toLowerCase()
                    .normalize('NFD')
                    .replace(/[^a-z]/g, '')}.${i}@example.com`,
            phone: i % 5 === 4 ? '(956) 555-01' + String(10 + i).padStart(2, '0') : undefined,
          },
          language,
          source: i % 6 === 5 ? 'open311' : 'portal',
        },
      );
      const at = (hours: number) => new Date(submitted.getTime() + hours * 3_600_000).toISOString();
      const actor = staff.clerkId;
      const move = async (from: string, to: string, hours: number, body: string | null) => {
        await tx.execute(sql`
          INSERT INTO request_updates (request_id, kind, visibility, from_status, to_status, body, actor_type, actor_id, created_at)
          VALUES (${filed.id}, 'status', 'public', ${from}, ${to}, ${body}, 'staff', ${actor}, ${at(hours)})`);
      };
      if (status === 'submitted') return;
      await move('submitted', 'acknowledged', 4, null);
      let closingNote: string | null = null;
      if (status === 'in_progress' || status === 'closed') {
        await move('acknowledged', 'in_progress', 26, null);
        await tx.execute(sql`
          INSERT INTO request_updates (request_id, kind, visibility, body, actor_type, actor_id, created_at)
          VALUES (${filed.id}, 'public_note', 'public', ${NOTE[language]}, 'staff', ${actor}, ${at(27)}),
                 (${filed.id}, 'internal_note', 'internal', ${'Crew 3, truck 12.'}, 'staff', ${actor}, ${at(28)})`);
      }
      if (status === 'closed') {
        closingNote = CLOSING[language];
        await move('in_progress', 'closed', 30 + (i % 5) * 20, closingNote);
      }
      await queryRows(
        tx,
        sql`UPDATE service_requests SET status = ${status}, acknowledged_at = ${at(4)},
              closing_note = ${closingNote}, closed_at = ${status === 'closed' ? at(30 + (i % 5) * 20) : null},
              assignee_id = ${i % 3 === 0 ? staff.clerkId : null}, updated_at = now()
            WHERE id = ${filed.id} RETURNING id`,
      );
    });
  }
  await seedResidentReports(platform, tenant, staff, addresses);
}

/**
 * Three reports by the demo resident, signed in, in Spanish — one new, one in progress with a
 * public note, one closed — moved along through the staff service, so their domain events
 * reach her My Activity and her notices (to the log in the demo) like any real request's.
 */
async function seedResidentReports(
  platform: Platform,
  tenant: Tenant,
  staff: { adminId: string; clerkId: string },
  addresses: { label: string; lat: number | null; lng: number | null }[],
): Promise<void> {
  const lucia = await withTenant(platform.db, tenant.id, (tx) => residentByEmail(tx, DEMO_RESIDENT.email));
  if (!lucia) return;
  const place = addresses[0];
  type Step = 'acknowledged' | 'in_progress' | 'closed' | 'note';
  const reports: { category: string; text: string; steps: Step[]; answers?: Answers }[] = [
    {
      category: 'streetlight_out',
      text: 'La lámpara de la esquina está apagada desde el viernes.',
      steps: [],
    },
    {
      category: 'pothole',
      text: 'Bache profundo frente a mi casa; ya dañó una llanta.',
      steps: ['in_progress', 'note'],
      answers: { size: 'large', in_traffic_lane: true },
    },
    {
      category: 'missed_trash',
      text: 'No recogieron la basura el martes.',
      steps: ['acknowledged', 'closed'],
      answers: { containers: ['trash'] },
    },
  ];
  for (const [i, r] of reports.entries()) {
    await withTenant(platform.db, tenant.id, async (tx) => {
      const filed = await fileReport(
        {
          tx,
          events: platform.events,
          actor: { type: 'resident', id: lucia.id },
          now: new Date(Date.now() - (10 - i * 4) * 86_400_000),
        },
        {
          categoryCode: r.category,
          description: r.text,
          address: place?.label ?? null,
          location: place?.lat != null && place.lng != null ? { lat: place.lat, lng: place.lng } : null,
          answers: r.answers ?? {},
          language: 'es',
          source: 'portal',
          residentId: lucia.id,
        },
      );
      const ctx = { tx, events: platform.events, actor: { type: 'staff' as const, id: staff.clerkId } };
      for (const step of r.steps) {
        if (step === 'note') await addNote(ctx, filed.id, { body: NOTE.es, visibility: 'public' });
        else
          await changeStatus(ctx, filed.id, {
            to: step,
            ...(step === 'closed' && { note: CLOSING.es }),
          });
      }
    });
  }
}
