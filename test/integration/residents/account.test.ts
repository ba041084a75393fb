import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/db/rows.js';
import { withTenant } from '../../../src/db/tenant-context.js';
import { OTHER, residentSuite } from '../../support/resident-suite.js';
import { codeIn, lastMessage, RESIDENT_PASSWORD, type ResidentSession } from '../../support/residents.js';

describe('resident accounts API: claims, My Activity, preferences, your data', () => {
  const suite = residentSuite();
  const { call, newResident, openAccount, bill, payAccount, claim, activity } = suite;

  describe('claiming a utility account', () => {
    it('gives one answer for any wrong proof, links on the right one, and refuses a second link', async () => {
      const r = await newResident('claimer@example.com');
      const account = await openAccount(suite.clerk);
      const proof = { accountNumber: account.accountNumber, zip: '78501', lastName: 'Peña' };
      const unknownNumber = (() => {
        // A different number with a valid check digit: flip the first digit and recompute Luhn.
        const body = `${(Number(account.accountNumber[0]) % 9) + 1}${account.accountNumber.slice(1, 9)}`;
        for (let d = 0; d < 10; d++) {
          const n = body + d;
          const sum = [...n]
            .reverse()
            .map(Number)
            .reduce((s, x, i) => s + (i % 2 ? (x * 2 > 9 ? x * 2 - 9 : x * 2) : x), 0);
          if (sum % 10 === 0) return n;
        }
        throw new Error('no check digit');
      })();
      const wrongs = [
        { ...proof, zip: '78502' },
        { ...proof, lastName: 'Gonzalez' },
        { ...proof, lastName: 'María' },
        { ...proof, accountNumber: unknownNumber },
      ];
      const bodies = [];
      for (const body of wrongs) {
        const res = await claim(r, body);
        expect(res.statusCode, JSON.stringify(body)).toBe(422);
        const { code, title, detail } = res.json();
        bodies.push({ code, title, detail });
      }
      expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
      expect(bodies[0]!.code).toBe('claim_not_matched');

      const badDigit = await claim(r, {
        ...proof,
        accountNumber: `${account.accountNumber.slice(0, 9)}${(Number(account.accountNumber[9]) + 1) % 10}`,
      });
      expect(badDigit.statusCode).toBe(400);
      expect(badDigit.json().errors[0].code).toBe('account_number_invalid');

      // Accents, case, hyphenated or both surnames, and ZIP+4 are all the same person.
      const ok = await claim(r, {
        accountNumber: account.accountNumber.replace(/(\d{4})(\d{3})/, '$1-$2-'),
        zip: '78501-1234',
        lastName: 'pena garza',
      });
      expect(ok.statusCode, ok.body).toBe(201);
      expect(ok.json()).toMatchObject({
        module: 'utilities',
        refId: account.id,
        utility: { accountNumber: account.accountNumber },
      });
      const twice = await claim(r, proof);
      expect(twice.statusCode).toBe(409);
      expect(twice.json().code).toBe('already_linked');
    });

    it('locks claiming after five failures, and rate-limits per address', async () => {
      const r = await newResident('guesser@example.com');
      const account = await openAccount(suite.clerk);
      const wrong = { accountNumber: account.accountNumber, zip: '11111', lastName: 'Peña' };
      for (let i = 0; i < 5; i++) expect((await claim(r, wrong)).statusCode).toBe(422);
      const right = await claim(r, { ...wrong, zip: '78501' });
      expect(right.statusCode).toBe(429);
      expect(right.json().code).toBe('claims_locked');
      expect(Number(right.headers['retry-after'])).toBeGreaterThan(3000);

      const s = await newResident('flooder@example.com');
      const ip = '10.98.0.1';
      const statuses = [];
      for (let i = 0; i < 11; i++)
        statuses.push((await claim(s, { ...wrong, accountNumber: '12' }, ip)).statusCode);
      expect(statuses.slice(0, 10).every((c) => c === 400)).toBe(true);
      expect(statuses[10]).toBe(429);
    });

    it("cannot claim another tenant's account by its number", async () => {
      const r = await newResident('crosstenant@example.com');
      const foreign = await openAccount(suite.otherClerk, {}, OTHER);
      const res = await claim(r, { accountNumber: foreign.accountNumber, zip: '78501', lastName: 'Peña' });
      expect(res.statusCode).toBe(422);
      expect(res.json().code).toBe('claim_not_matched');
    });

    it('links one account to a household; staff see who is linked, a resident cookie cannot', async () => {
      const account = await openAccount(suite.clerk, { customerName: 'José Treviño' });
      const a = await newResident('household-a@example.com');
      const b = await newResident('household-b@example.com');
      for (const r of [a, b]) {
        const res = await claim(r, {
          accountNumber: account.accountNumber,
          zip: '78501',
          lastName: 'TREVINO',
        });
        expect(res.statusCode, res.body).toBe(201);
      }
      const url = `/api/v1/utilities/accounts/${account.id}/residents`;
      const view = await call(suite.clerk, 'GET', url);
      expect(view.statusCode).toBe(200);
      expect(view.json().items.map((i: { email: string }) => i.email)).toEqual([a.email, b.email]);
      expect((await call(a, 'GET', url)).statusCode).toBe(401);
      expect((await call(suite.otherClerk, 'GET', url, undefined, { host: OTHER })).statusCode).toBe(404);
      expect(
        (await call(suite.clerk, 'GET', `/api/v1/utilities/accounts/${crypto.randomUUID()}/residents`))
          .statusCode,
      ).toBe(404);

      // Unlinking: only your own link, and it is audited.
      const bLinks = (await call(b, 'GET', '/api/v1/resident/links')).json().items;
      expect((await call(a, 'DELETE', `/api/v1/resident/links/${bLinks[0].id}`)).statusCode).toBe(404);
      expect((await call(b, 'DELETE', `/api/v1/resident/links/${bLinks[0].id}`)).statusCode).toBe(204);
      expect(
        (await call(suite.clerk, 'GET', url)).json().items.map((i: { email: string }) => i.email),
      ).toEqual([a.email]);
      await suite.t.dispatcher.drain();
      const actions = (await call(suite.admin, 'GET', '/api/v1/audit?limit=200'))
        .json()
        .items.filter((i: { subjectId: string }) => i.subjectId === account.id)
        .map((i: { action: string }) => i.action);
      expect(actions).toEqual(expect.arrayContaining(['residents.link.created', 'residents.link.removed']));
    });
  });

  describe('My Activity', () => {
    let owner: ResidentSession;
    let stranger: ResidentSession;
    let account: { id: string; accountNumber: string };
    let paymentId: string;

    beforeAll(async () => {
      owner = await newResident('activity@example.com');
      stranger = await newResident('stranger@example.com');
      account = await openAccount(suite.clerk, { customerName: 'Ana Ruiz' });
      // History from before the claim shows up once the account is linked.
      await bill(account.id, 4500);
      paymentId = (await payAccount(account.id, 2000)).id;
      await bill(account.id, 3000);
      await suite.t.dispatcher.drain();
      const res = await claim(owner, {
        accountNumber: account.accountNumber,
        zip: '78501',
        lastName: 'Ruiz',
      });
      expect(res.statusCode, res.body).toBe(201);
      const strangerAccount = await openAccount(suite.clerk, { customerName: 'Otro Vecino' });
      await bill(strangerAccount.id, 999);
      expect(
        (
          await claim(stranger, {
            accountNumber: strangerAccount.accountNumber,
            zip: '78501',
            lastName: 'Vecino',
          })
        ).statusCode,
      ).toBe(201);
    });

    it('lists what happened on linked accounts, newest first, each with its current status', async () => {
      const page = await activity(owner);
      expect(page.items.map((i) => i.kind)).toEqual(['charge', 'payment', 'charge']);
      expect(page.items[1]).toMatchObject({
        action: 'payments.payment.recorded',
        item: { type: 'payment', status: 'completed' },
      });
      // The first charge was partly paid: its status now, not when it was posted.
      expect(page.items[2]!.item.status).toBe('partially_paid');
      expect(page.next).toBeNull();
    });

    it('filters by kind, pages by cursor, and refuses a forged cursor', async () => {
      const charges = await activity(owner, '?kind=charge');
      expect(charges.items.map((i) => i.kind)).toEqual(['charge', 'charge']);
      const first = await activity(owner, '?limit=2');
      expect(first.items).toHaveLength(2);
      const second = await activity(owner, `?limit=2&cursor=${first.next}`);
      expect(second.items).toHaveLength(1);
      expect(second.next).toBeNull();
      expect([...first.items, ...second.items].map((i) => i.id)).toEqual(
        (await activity(owner)).items.map((i) => i.id),
      );
      expect((await call(owner, 'GET', '/api/v1/resident/activity?cursor=bm90LWEtY3Vyc29y')).statusCode).toBe(
        400,
      );
      expect((await call(owner, 'GET', '/api/v1/resident/activity?kind=parking')).statusCode).toBe(400);
    });

    it("never shows another resident's items, even by guessing ids", async () => {
      const theirs = await activity(stranger);
      expect(theirs.items.map((i) => i.kind)).toEqual(['charge']);
      expect(theirs.items.some((i) => i.item.id === paymentId)).toBe(false);
      const pdf = await call(stranger, 'GET', `/api/v1/resident/activity/receipts/${paymentId}/receipt.pdf`);
      expect(pdf.statusCode).toBe(404);
      const random = await call(
        owner,
        'GET',
        `/api/v1/resident/activity/receipts/${crypto.randomUUID()}/receipt.pdf`,
      );
      expect(random.statusCode).toBe(404);
      const mine = await call(
        owner,
        'GET',
        `/api/v1/resident/activity/receipts/${paymentId}/receipt.pdf`,
        undefined,
        {
          lang: 'es',
        },
      );
      expect(mine.statusCode).toBe(200);
      expect(mine.headers['content-type']).toBe('application/pdf');
      expect(mine.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      expect(
        (await call(null, 'GET', `/api/v1/resident/activity/receipts/${paymentId}/receipt.pdf`)).statusCode,
      ).toBe(401);
    });

    it('sums what I owe and what I paid from the ledger', async () => {
      const res = await call(owner, 'GET', '/api/v1/resident/summary');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        owedCents: 5500,
        creditCents: 0,
        balanceCents: 5500,
        paidCents: 2000,
        accounts: [{ accountNumber: account.accountNumber, balanceCents: 5500, paidCents: 2000 }],
      });
    });

    it('shows a returned check as a new entry and the payment as reversed', async () => {
      const res = await call(suite.admin, 'POST', `/api/v1/payments/payments/${paymentId}/reverse`, {
        reason: 'NSF',
      });
      expect(res.statusCode, res.body).toBe(200);
      const page = await activity(owner);
      expect(page.items[0]).toMatchObject({
        action: 'payments.payment.reversed',
        item: { id: paymentId, status: 'reversed' },
      });
      const charge = page.items.find((i) => i.kind === 'charge' && i.item.status !== 'pending');
      expect(charge).toBeUndefined();
    });

    it('drops an unlinked account from the feed', async () => {
      const r = await newResident('unlinker@example.com');
      expect(
        (await claim(r, { accountNumber: account.accountNumber, zip: '78501', lastName: 'Ruiz' })).statusCode,
      ).toBe(201);
      expect((await activity(r)).items.length).toBeGreaterThan(0);
      const [link] = (await call(r, 'GET', '/api/v1/resident/links')).json().items;
      expect((await call(r, 'DELETE', `/api/v1/resident/links/${link.id}`)).statusCode).toBe(204);
      expect((await activity(r)).items).toEqual([]);
      // The other household member keeps theirs.
      expect((await activity(owner)).items.length).toBeGreaterThan(0);
    });
  });

  describe('notification preferences', () => {
    it('sends receipts about a linked account to the resident, in their language, from the moment they save', async () => {
      const r = await newResident('prefs@example.com', 'en');
      const account = await openAccount(suite.clerk, {
        customerName: 'Rosa Salinas',
        email: 'rosa.account@example.com',
      });
      await bill(account.id, 5000);
      expect(
        (await claim(r, { accountNumber: account.accountNumber, zip: '78501', lastName: 'Salinas' }))
          .statusCode,
      ).toBe(201);

      // Before saving, notices go only to the account's own address.
      await payAccount(account.id, 1000, {
        name: 'Rosa Salinas',
        email: 'rosa.account@example.com',
        language: 'en',
      });
      expect(
        await lastMessage(suite.t.platform, suite.tenant.id, r.email, 'payment.receipt'),
      ).toBeUndefined();

      const prefs = await call(r, 'GET', '/api/v1/resident/preferences');
      expect(prefs.json()).toMatchObject({ channel: 'email', savedAt: null, phoneVerified: false });
      const saved = await call(r, 'PUT', '/api/v1/resident/preferences', {
        channel: 'email',
        language: 'es',
      });
      expect(saved.statusCode, saved.body).toBe(200);
      expect(saved.json()).toMatchObject({ channel: 'email', language: 'es', deliveredBy: 'email' });

      await payAccount(account.id, 1500, {
        name: 'Rosa Salinas',
        email: 'rosa.account@example.com',
        language: 'en',
      });
      const mine = (await lastMessage(suite.t.platform, suite.tenant.id, r.email, 'payment.receipt'))!;
      expect(mine.language).toBe('es');
      expect(mine.subject).toContain('Recibo de pago');
      expect(mine.body_text).toContain('$15.00');
      // The account's own address still gets its English receipt.
      expect(
        (await lastMessage(suite.t.platform, suite.tenant.id, 'rosa.account@example.com', 'payment.receipt'))!
          .language,
      ).toBe('en');

      await suite.t.dispatcher.drain();
      const audit = (await call(suite.admin, 'GET', '/api/v1/audit?limit=200')).json().items;
      const change = audit.find(
        (i: { action: string; subjectId: string }) =>
          i.action === 'residents.preferences.changed' && i.subjectId === r.id,
      );
      expect(change.details).toMatchObject({ to: { channel: 'email', language: 'es' } });
    });

    it('switches the one message to the resident language when the account email is theirs', async () => {
      const r = await newResident('same@example.com');
      const account = await openAccount(suite.clerk, {
        customerName: 'Luis Cantú',
        email: 'same@example.com',
        language: 'en',
      });
      await bill(account.id, 2000);
      expect(
        (await claim(r, { accountNumber: account.accountNumber, zip: '78501', lastName: 'Cantu' }))
          .statusCode,
      ).toBe(201);
      await call(r, 'PUT', '/api/v1/resident/preferences', { channel: 'email', language: 'es' });
      await payAccount(account.id, 2000, { name: 'Luis Cantú', email: 'same@example.com', language: 'en' });
      const all = await withTenant(suite.t.platform.db, suite.tenant.id, (tx) =>
        queryRows<{ language: string }>(
          tx,
          sql`SELECT language FROM messages WHERE recipient = 'same@example.com' AND kind = 'payment.receipt'`,
        ),
      );
      expect(all).toEqual([{ language: 'es' }]);
    });

    it('needs a verified phone with consent for SMS, says SMS goes by email for now, and audits both', async () => {
      const r = await newResident('texter@example.com');
      const early = await call(r, 'PUT', '/api/v1/resident/preferences', { channel: 'sms', language: 'en' });
      expect(early.statusCode).toBe(409);
      expect(early.json().code).toBe('sms_needs_verified_phone');
      const badPhone = await call(r, 'POST', '/api/v1/resident/phone', { phone: '555', consent: true });
      expect(badPhone.statusCode).toBe(400);
      expect(badPhone.json().errors[0].code).toBe('phone_invalid');
      const noConsent = await call(r, 'POST', '/api/v1/resident/phone', {
        phone: '(956) 555-0199',
        consent: false,
      });
      expect(noConsent.statusCode).toBe(400);
      expect(noConsent.json().errors[0].code).toBe('sms_consent_required');
      const started = await call(r, 'POST', '/api/v1/resident/phone', {
        phone: '(956) 555-0199',
        consent: true,
      });
      expect(started.statusCode).toBe(202);
      expect(started.json()).toEqual({ phone: '+19565550199', sentTo: 'sms' });
      // The code goes by text to the phone being verified, never to the email.
      expect(
        await lastMessage(suite.t.platform, suite.tenant.id, r.email, 'resident.phone_code'),
      ).toBeUndefined();
      const text = (await lastMessage(
        suite.t.platform,
        suite.tenant.id,
        '+19565550199',
        'resident.phone_code',
      ))!;
      expect(text.channel).toBe('sms');
      const code = codeIn(text.body_text)!;
      const wrong = await call(r, 'POST', '/api/v1/resident/phone/verify', {
        code: code === '000000' ? '000001' : '000000',
      });
      expect(wrong.statusCode).toBe(400);
      const ok = await call(r, 'POST', '/api/v1/resident/phone/verify', { code });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ phone: '+19565550199', phoneVerified: true });
      const sms = await call(r, 'PUT', '/api/v1/resident/preferences', { channel: 'sms', language: 'en' });
      expect(sms.statusCode).toBe(200);
      expect(sms.json()).toMatchObject({ channel: 'sms', deliveredBy: 'sms', deliveredReason: null });
      const push = await call(r, 'PUT', '/api/v1/resident/preferences', { channel: 'push', language: 'es' });
      expect(push.json()).toMatchObject({ channel: 'push', deliveredBy: 'email' });
      expect(push.json().deliveredReason).not.toBeNull();
      const bad = await call(r, 'PUT', '/api/v1/resident/preferences', { channel: 'fax', language: 'en' });
      expect(bad.statusCode).toBe(400);
      await suite.t.dispatcher.drain();
      const actions = (await call(suite.admin, 'GET', '/api/v1/audit?limit=200'))
        .json()
        .items.filter((i: { subjectId: string }) => i.subjectId === r.id)
        .map((i: { action: string }) => i.action);
      expect(actions).toEqual(
        expect.arrayContaining(['residents.phone.verified', 'residents.preferences.changed']),
      );
    });
  });

  describe('your data', () => {
    it('exports everything as JSON and deletes the account, leaving the city records and reverting notices', async () => {
      const r = await newResident('leaving@example.com');
      const account = await openAccount(suite.clerk, {
        customerName: 'Elena Vega',
        email: 'elena.account@example.com',
      });
      await bill(account.id, 1200);
      expect(
        (await claim(r, { accountNumber: account.accountNumber, zip: '78501', lastName: 'Vega' })).statusCode,
      ).toBe(201);
      await call(r, 'PUT', '/api/v1/resident/preferences', { channel: 'email', language: 'es' });
      await suite.t.dispatcher.drain();

      const data = await call(r, 'GET', '/api/v1/resident/data');
      expect(data.statusCode).toBe(200);
      expect(data.headers['content-disposition']).toContain('attachment');
      const body = data.json();
      expect(body.account.email).toBe(r.email);
      expect(body.preferences).toMatchObject({ channel: 'email', language: 'es' });
      expect(body.links[0].utility.accountNumber).toBe(account.accountNumber);
      expect(body.activity.map((e: { kind: string }) => e.kind)).toEqual(['charge']);
      expect(JSON.stringify(body)).not.toContain('argon2');

      const wrong = await call(r, 'DELETE', '/api/v1/resident/account', { password: 'not my password' });
      expect(wrong.statusCode).toBe(403);
      expect(wrong.json().code).toBe('password_incorrect');
      const gone = await call(r, 'DELETE', '/api/v1/resident/account', { password: RESIDENT_PASSWORD });
      expect(gone.statusCode).toBe(204);
      expect((await call(r, 'GET', '/api/v1/resident/me')).statusCode).toBe(401);
      expect(
        (await call(suite.clerk, 'GET', `/api/v1/utilities/accounts/${account.id}/residents`)).json().items,
      ).toEqual([]);
      // The city's records stay, and the next receipt goes to the account's address only.
      await payAccount(account.id, 1200, {
        name: 'Elena Vega',
        email: 'elena.account@example.com',
        language: 'en',
      });
      expect(
        await lastMessage(suite.t.platform, suite.tenant.id, r.email, 'payment.receipt'),
      ).toBeUndefined();
      expect(
        (await lastMessage(
          suite.t.platform,
          suite.tenant.id,
          'elena.account@example.com',
          'payment.receipt',
        ))!.language,
      ).toBe('en');
      await suite.t.dispatcher.drain();
      const feed = await withTenant(suite.t.platform.db, suite.tenant.id, (tx) =>
        queryRows<{ n: number }>(
          tx,
          sql`SELECT count(*)::int AS n FROM activity_feed WHERE resident_id = ${r.id}`,
        ),
      );
      expect(feed[0]!.n).toBe(0);
    });
  });
});
