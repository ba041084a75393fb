import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, type TestApp } from '../../support/app.js';
import { staffSuite } from '../../support/staff-suite.js';

const HOST = 'water.city.test';
const OTHER = 'other-water.city.test';

describe('utilities API', () => {
  const suite = staffSuite({
    city: { slug: 'water', host: HOST },
    other: { slug: 'otherwater', host: OTHER },
  });
  let t: TestApp;
  let admin: Session;
  let clerk: Session;
  let viewer: Session;
  let otherAdmin: Session;

  const call = (
    s: Session | null,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    url: string,
    payload?: object,
    opts: { lang?: string; host?: string; ip?: string } = {},
  ) =>
    t.app.inject({
      method,
      url,
      remoteAddress: opts.ip ?? '127.0.0.1',
      headers: {
        host: opts.host ?? HOST,
        'accept-language': opts.lang ?? 'en',
        ...(s && { cookie: s.cookie, 'x-csrf-token': s.csrf }),
      },
      ...(payload && { payload }),
    });

  const accountBody = (over: object = {}) => ({
    customerName: 'María Peña',
    email: 'maria@example.com',
    phone: '(956) 555-0142',
    address: { street: '412 Calle Sol', city: 'Esperanza', state: 'tx', zip: '78501' },
    language: 'es',
    pin: { latitude: 26.2034, longitude: -98.23 },
    accountType: 'residential',
    ...over,
  });
  const open = async (over: object = {}) => {
    const res = await call(clerk, 'POST', '/api/v1/utilities/accounts', accountBody(over));
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const meter = async (serial: string, over: object = {}) => {
    const res = await call(clerk, 'POST', '/api/v1/utilities/meters', {
      serial,
      service: 'water',
      unit: 'gal',
      dials: 4,
      multiplier: 10,
      ...over,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const install = (meterId: string, accountId: string, installedOn: string, initialRead: number) =>
    call(clerk, 'POST', `/api/v1/utilities/meters/${meterId}/install`, {
      accountId,
      installedOn,
      initialRead,
    });
  const read = (meterId: string, readOn: string, value: number, lang = 'en') =>
    call(clerk, 'POST', '/api/v1/utilities/reads', { meterId, readOn, value }, { lang });

  beforeAll(async () => {
    ({ t, admin, clerk, viewer, otherAdmin } = suite);
    const type = await call(admin, 'PUT', '/api/v1/utilities/account-types', {
      code: 'residential',
      name: { en: 'Residential', es: 'Residencial' },
    });
    expect(type.statusCode).toBe(200);
  });

  it('opens an account with a random check-digit number, E.164 phone and map pin', async () => {
    const a = await open();
    expect(a.accountNumber).toMatch(/^[1-9]\d{9}$/);
    expect(a.accountNumberDisplay).toBe(
      `${a.accountNumber.slice(0, 4)}-${a.accountNumber.slice(4, 7)}-${a.accountNumber.slice(7)}`,
    );
    expect(a).toMatchObject({
      phone: '+19565550142',
      pin: { latitude: 26.2034, longitude: -98.23 },
      balanceCents: 0,
    });
    expect(a.address.state).toBe('TX');
    const b = await open({ customerName: 'Second Customer' });
    expect(Math.abs(Number(b.accountNumber) - Number(a.accountNumber))).not.toBe(1);
  });

  it('refuses a bad phone, ZIP, state and account type with localized field errors, storing nothing', async () => {
    const before = (await call(viewer, 'GET', '/api/v1/utilities/accounts')).json().total;
    const res = await call(
      clerk,
      'POST',
      '/api/v1/utilities/accounts',
      accountBody({ phone: '555-0100', address: { street: 'x', city: 'y', state: 'Texas', zip: '7850' } }),
      { lang: 'es' },
    );
    expect(res.statusCode).toBe(400);
    const errors = res.json().errors as { field: string; code: string; message: string }[];
    expect(errors.map((e) => e.code).sort()).toEqual(['phone_invalid', 'state_invalid', 'zip_invalid']);
    expect(errors.find((e) => e.code === 'zip_invalid')!.message).toMatch(/código postal/);
    const badType = await call(
      clerk,
      'POST',
      '/api/v1/utilities/accounts',
      accountBody({ accountType: 'castle' }),
    );
    expect(badType.json().errors[0].code).toBe('account_type_unknown');
    expect((await call(viewer, 'GET', '/api/v1/utilities/accounts')).json().total).toBe(before);
    expect((await call(viewer, 'POST', '/api/v1/utilities/accounts', accountBody())).statusCode).toBe(403);
  });

  it('searches words only inside the tenant, even through the search function that bypasses RLS', async () => {
    const mine = await open({ customerName: 'Zacarías Quintanilla' });
    const typeThere = await call(
      otherAdmin,
      'PUT',
      '/api/v1/utilities/account-types',
      { code: 'residential', name: { en: 'Residential', es: 'Residencial' } },
      { host: OTHER },
    );
    expect(typeThere.statusCode).toBe(200);
    const theirs = await call(
      otherAdmin,
      'POST',
      '/api/v1/utilities/accounts',
      accountBody({ customerName: 'Zacarías Quintanilla' }),
      {
        host: OTHER,
      },
    );
    expect(theirs.statusCode, theirs.body).toBe(201);
    const here = (await call(viewer, 'GET', '/api/v1/utilities/accounts?q=quintanilla')).json();
    expect(here.items.map((i: { id: string }) => i.id)).toEqual([mine.id]);
    expect(here).toMatchObject({ total: 1, totalCapped: false });
    const there = (
      await call(otherAdmin, 'GET', '/api/v1/utilities/accounts?q=zacarias', undefined, { host: OTHER })
    ).json();
    expect(there.items.map((i: { id: string }) => i.id)).toEqual([theirs.json().id]);
    // Status narrows a word search too.
    expect(
      (await call(viewer, 'GET', '/api/v1/utilities/accounts?q=quintanilla&status=closed')).json().total,
    ).toBe(0);
  });

  it('finds accounts by accent-insensitive name, address words, and number with separators', async () => {
    const a = await open({
      customerName: 'José Ibáñez',
      address: { street: '9 Avenida Ñandú', city: 'Esperanza', state: 'TX', zip: '78501' },
    });
    const q = async (text: string) =>
      (await call(viewer, 'GET', `/api/v1/utilities/accounts?q=${encodeURIComponent(text)}`)).json();
    expect((await q('ibanez')).items.map((i: { id: string }) => i.id)).toContain(a.id);
    expect((await q('jose iba')).items.map((i: { id: string }) => i.id)).toContain(a.id);
    expect((await q('nandu')).items.map((i: { id: string }) => i.id)).toContain(a.id);
    expect((await q('pena')).total).toBeGreaterThan(0);
    expect((await q(a.accountNumberDisplay)).items).toHaveLength(1);
    const typo = a.accountNumber.slice(0, 9) + String((Number(a.accountNumber[9]) + 1) % 10);
    const bad = await call(viewer, 'GET', `/api/v1/utilities/accounts?q=${typo}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].code).toBe('account_number_invalid');
  });

  it('tracks meters: duplicate serial refused, install, reads with rollover, swap and move keep history', async () => {
    const a = await open();
    const m = await meter('WM-1001');
    const dup = await call(clerk, 'POST', '/api/v1/utilities/meters', {
      serial: 'wm-1001',
      service: 'water',
      unit: 'gal',
      dials: 4,
    });
    expect(dup.statusCode).toBe(409);
    expect((await install(m.id, a.id, '2026-01-01', 9_900)).statusCode).toBe(200);
    const rolled = await read(m.id, '2026-02-01', 30);
    expect(rolled.statusCode, rolled.body).toBe(201);
    expect(rolled.json().consumption).toBe(1_300); // (10,000 − 9,900 + 30) × 10
    const older = await read(m.id, '2026-01-15', 50, 'es');
    expect(older.statusCode).toBe(409);
    expect(older.json().code).toBe('read_before_previous');
    expect(older.json().detail).toMatch(/en orden/);
    expect((await read(m.id, '2026-03-01', 12_345)).json().code).toBe('read_exceeds_register');

    const swap = await call(clerk, 'POST', `/api/v1/utilities/accounts/${a.id}/meters/swap`, {
      oldMeterId: m.id,
      finalRead: 160,
      newMeter: { serial: 'WM-2002', service: 'water', unit: 'gal', dials: 5 },
      initialRead: 0,
      swappedOn: '2026-03-01',
    });
    expect(swap.statusCode, swap.body).toBe(200);
    const b = await open({ customerName: 'New Owner' });
    expect((await install(m.id, b.id, '2026-02-15', 160)).json().code).toBe('read_before_previous');
    expect((await install(m.id, b.id, '2026-03-10', 160)).statusCode).toBe(200);
    const detailA = (await call(viewer, 'GET', `/api/v1/utilities/accounts/${a.id}`)).json();
    expect(
      detailA.meters.map((x: { serial: string; removedOn: string | null }) => [x.serial, x.removedOn]),
    ).toEqual([
      ['WM-2002', null],
      ['WM-1001', '2026-03-01'],
    ]);
    const reads = (await call(viewer, 'GET', `/api/v1/utilities/accounts/${a.id}/reads`)).json().items;
    expect(reads.find((r: { purpose: string }) => r.purpose === 'final')).toMatchObject({
      serial: 'WM-1001',
      consumption: 1_300,
    });
    const cross = await call(otherAdmin, 'GET', `/api/v1/utilities/accounts/${a.id}`, undefined, {
      host: OTHER,
    });
    expect(cross.statusCode).toBe(404);
  });

  it('imports a CSV: stores valid rows, lists rejected ones with reasons, adds nothing on re-import', async () => {
    const a = await open();
    const m1 = await meter('IMP-1', { multiplier: 1, dials: 6 });
    const m2 = await meter('IMP-2', { multiplier: 1, dials: 6 });
    await install(m1.id, a.id, '2026-01-01', 1_000);
    await install(m2.id, a.id, '2026-01-01', 500);
    const csv = [
      'Meter Serial,Read Date,Read Value,Read Method',
      'IMP-1,2026-02-01,1100,AMR',
      'IMP-1,2026-03-01,1200,amr',
      'IMP-2,02/01/2026,600,manual',
      'NOPE-9,2026-02-01,10,amr',
      'IMP-2,2026-13-01,700,amr',
      'IMP-2,2026-03-01,abc,amr',
      'IMP-1,2026-04-01,1300,carrier pigeon',
      ',2026-02-01,10,amr',
    ].join('\n');
    const res = await call(
      clerk,
      'POST',
      '/api/v1/utilities/reads/import',
      { fileName: 'route7.csv', csv },
      { lang: 'es' },
    );
    expect(res.statusCode, res.body).toBe(200);
    const out = res.json();
    expect(out).toMatchObject({ rowsTotal: 8, rowsStored: 3, rowsDuplicate: 0, rowsRejected: 5 });
    expect(out.rejected.map((r: { line: number; code: string }) => [r.line, r.code])).toEqual([
      [5, 'meter_unknown'],
      [6, 'date_invalid'],
      [7, 'value_invalid'],
      [8, 'method_unknown'],
      [9, 'serial_missing'],
    ]);
    expect(out.rejected[0].message).toMatch(/medidor/);
    const again = (
      await call(clerk, 'POST', '/api/v1/utilities/reads/import', { fileName: 'route7.csv', csv })
    ).json();
    expect(again).toMatchObject({ rowsStored: 0, rowsDuplicate: 3 });
    const reads = (await call(viewer, 'GET', `/api/v1/utilities/accounts/${a.id}/reads`)).json().items;
    expect(reads.filter((r: { purpose: string }) => r.purpose === 'regular')).toHaveLength(3);
    const mapped = await call(clerk, 'POST', '/api/v1/utilities/reads/import', {
      fileName: 'other.csv',
      csv: 'MTR,DT,RDG\nIMP-2,2026-04-01,800',
      mapping: { serial: 'MTR', readOn: 'DT', value: 'RDG' },
    });
    expect(mapped.json()).toMatchObject({ rowsStored: 1 });
    const noColumns = await call(clerk, 'POST', '/api/v1/utilities/reads/import', {
      fileName: 'x.csv',
      csv: 'a,b\n1,2',
    });
    expect(noColumns.statusCode).toBe(400);
    expect(noColumns.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'mapping.serial',
      'mapping.readOn',
      'mapping.value',
    ]);
  });

  it('flags high, zero and negative use as exceptions that staff accept, correct or send for re-read', async () => {
    const a = await open();
    const m = await meter('EXC-1', { multiplier: 1, dials: 6 });
    await install(m.id, a.id, '2026-01-01', 10_000);
    for (const [on, v] of [
      ['2026-02-01', 13_000],
      ['2026-03-01', 16_000],
      ['2026-04-01', 19_100],
    ] as const)
      expect((await read(m.id, on, v)).json().exception).toBeNull();
    const high = (await read(m.id, '2026-05-01', 40_000)).json();
    expect(high.exception).toBe('high');
    const list = (await call(viewer, 'GET', '/api/v1/utilities/exceptions')).json();
    const exc = list.items.find((e: { serial: string }) => e.serial === 'EXC-1');
    expect(exc).toMatchObject({ kind: 'high', consumption: 20_900, value: 40_000 });
    const url = `/api/v1/utilities/exceptions/${exc.id}/resolve`;
    expect((await call(viewer, 'POST', url, { action: 'accept' })).statusCode).toBe(403);
    expect((await call(clerk, 'POST', url, { action: 'correct' })).statusCode).toBe(400);
    const fixed = await call(clerk, 'POST', url, {
      action: 'correct',
      value: 22_200,
      note: 'Misread a digit',
    });
    expect(fixed.json()).toMatchObject({ status: 'corrected' });
    expect((await call(clerk, 'POST', url, { action: 'accept' })).statusCode).toBe(409);
    // Filtered by status: gone from the open list, on the corrected one with who and when.
    const byStatus = async (status: string) =>
      (await call(viewer, 'GET', `/api/v1/utilities/exceptions?status=${status}`)).json().items as {
        id: string;
        status: string;
        note: string | null;
        resolvedBy: string | null;
        resolvedAt: string | null;
      }[];
    expect((await byStatus('open')).map((e) => e.id)).not.toContain(exc.id);
    expect((await byStatus('open')).every((e) => e.resolvedBy === null && e.resolvedAt === null)).toBe(true);
    expect((await byStatus('accepted')).map((e) => e.id)).not.toContain(exc.id);
    const corrected = (await byStatus('corrected')).find((e) => e.id === exc.id)!;
    expect(corrected).toMatchObject({ status: 'corrected', note: 'Misread a digit', resolvedBy: 'clerk' });
    expect(Date.now() - Date.parse(corrected.resolvedAt!)).toBeLessThan(60_000);
    expect((await call(viewer, 'GET', '/api/v1/utilities/exceptions?status=closed')).statusCode).toBe(400);
    const reads = (await call(viewer, 'GET', `/api/v1/utilities/accounts/${a.id}/reads`)).json().items;
    expect(reads[0]).toMatchObject({ value: 22_200, consumption: 3_100 });
    expect((await read(m.id, '2026-06-01', 22_200)).json().exception).toBe('zero');
    const negative = (await read(m.id, '2026-07-01', 21_000)).json();
    expect(negative).toMatchObject({ exception: 'negative', consumption: null });
    await t.dispatcher.drain();
    const audit = (await call(admin, 'GET', '/api/v1/audit?limit=100')).json();
    expect(audit.items.map((i: { action: string }) => i.action)).toContain('utilities.exception.resolved');
  });

  it('flags meters with no read in the window as missing, with an estimate where history allows', async () => {
    const a = await open();
    const withHistory = await meter('MISS-1', { multiplier: 1, dials: 6 });
    const noHistory = await meter('MISS-2', { multiplier: 1, dials: 6 });
    await install(withHistory.id, a.id, '2025-12-01', 1_000);
    await install(noHistory.id, a.id, '2026-08-20', 50);
    for (const [on, v] of [
      ['2026-01-01', 4_100],
      ['2026-02-01', 7_200],
      ['2026-03-01', 10_000],
    ] as const)
      await read(withHistory.id, on, v);
    const body = { from: '2026-09-01', to: '2026-09-30', estimate: true };
    const res = await call(clerk, 'POST', '/api/v1/utilities/reads/missing', body);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().estimated).toBeGreaterThanOrEqual(1);
    const reads = (await call(viewer, 'GET', `/api/v1/utilities/accounts/${a.id}/reads`)).json().items;
    // 5,900 gallons over the 59 days of the last two intervals = 100 a day; 213 days since Mar 1.
    expect(reads.find((r: { method: string }) => r.method === 'estimated')).toMatchObject({
      serial: 'MISS-1',
      readOn: '2026-09-30',
      value: 10_000 + 21_300,
      consumption: 21_300,
    });
    const open_ = (await call(viewer, 'GET', '/api/v1/utilities/exceptions?limit=200')).json().items;
    const mine = open_.filter(
      (e: { serial: string; kind: string }) => e.serial.startsWith('MISS-') && e.kind === 'missing',
    );
    expect(mine.map((e: { serial: string }) => e.serial).sort()).toEqual(['MISS-1', 'MISS-2']);
    const again = (await call(clerk, 'POST', '/api/v1/utilities/reads/missing', body)).json();
    expect(again).toEqual({ missing: 0, estimated: 0 });
    const backwards = await call(clerk, 'POST', '/api/v1/utilities/reads/missing', {
      from: '2026-09-30',
      to: '2026-09-01',
    });
    expect(backwards.statusCode).toBe(400);
  });

  it('saves rate schedules (admin only) and calculates a charge line by line', async () => {
    const schedule = {
      service: 'water',
      accountType: 'residential',
      effectiveFrom: '2026-01-01',
      baseChargeCents: 1_250,
      tiers: [
        { upTo: 2_000, rate: '0.004250' },
        { upTo: 10_000, rate: '0.005100' },
        { upTo: null, rate: '0.006800' },
      ],
      minimumChargeCents: null,
      flatServices: [{ name: { en: 'Trash', es: 'Basura' }, amountCents: 2_200 }],
      usage: 'own_meter',
    };
    expect((await call(clerk, 'POST', '/api/v1/utilities/rate-schedules', schedule)).statusCode).toBe(403);
    const bad = await call(admin, 'POST', '/api/v1/utilities/rate-schedules', {
      ...schedule,
      tiers: [
        { upTo: 5_000, rate: '0.01' },
        { upTo: 2_000, rate: '0.02' },
        { upTo: null, rate: '0.03' },
      ],
    });
    expect(bad.statusCode).toBe(400);
    const saved = await call(admin, 'POST', '/api/v1/utilities/rate-schedules', schedule);
    expect(saved.statusCode, saved.body).toBe(200);
    const calc = await call(
      viewer,
      'GET',
      `/api/v1/utilities/rate-schedules/${saved.json().id}/calculate?units=12345`,
    );
    // 1,250 + 2,000×0.00425 (850) + 8,000×0.0051 (4,080) + 2,345×0.0068 (1,594.6 → 1,595) + trash 2,200
    expect(calc.json().totalCents).toBe(9_975);
    expect(calc.json().lines.map((l: { amountCents: number }) => l.amountCents)).toEqual([
      1_250, 850, 4_080, 1_595, 2_200,
    ]);
    const types = (await call(viewer, 'GET', '/api/v1/utilities/types')).json();
    expect(types.schedules).toHaveLength(1);
  });

  it('looks up a balance in the portal with a masked name; catches typos; rate-limits guessing', async () => {
    const a = await open({ customerName: 'Guadalupe Peña Ruiz' });
    const res = await call(
      null,
      'POST',
      '/api/v1/portal/utilities/lookup',
      { accountNumber: a.accountNumberDisplay },
      { lang: 'es', ip: '10.0.0.5' },
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      accountNumber: a.accountNumber,
      maskedName: 'G*** P*** R***',
      balanceCents: 0,
      dueDate: null,
      lastBilledOn: null,
    });
    const typo = a.accountNumber.slice(0, 9) + String((Number(a.accountNumber[9]) + 3) % 10);
    const bad = await call(
      null,
      'POST',
      '/api/v1/portal/utilities/lookup',
      { accountNumber: typo },
      { lang: 'es', ip: '10.0.0.5' },
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].message).toMatch(/no es válido/);
    const short = await call(
      null,
      'POST',
      '/api/v1/portal/utilities/lookup',
      { accountNumber: '1234' },
      { ip: '10.0.0.5' },
    );
    expect(short.json().errors[0].code).toBe('account_number_length');
    let limited = 0;
    for (let i = 0; i < 12; i++) {
      const r = await call(
        null,
        'POST',
        '/api/v1/portal/utilities/lookup',
        { accountNumber: typo },
        { ip: '10.0.0.5' },
      );
      if (r.statusCode === 429) limited++;
    }
    expect(limited).toBeGreaterThan(0);
    const elsewhere = await call(
      null,
      'POST',
      '/api/v1/portal/utilities/lookup',
      { accountNumber: a.accountNumber },
      { host: OTHER, ip: '10.0.0.6' },
    );
    expect(elsewhere.statusCode).toBe(404);
  });

  it('moves a meter to another account in one step, keeping its history; refusals change nothing', async () => {
    const a = await open({ customerName: 'Old Address' });
    const b = await open({ customerName: 'New Address' });
    const m = await meter('MOV-1');
    await install(m.id, a.id, '2026-01-01', 100);
    expect((await read(m.id, '2026-02-01', 300)).statusCode).toBe(201);
    const url = `/api/v1/utilities/accounts/${a.id}/meters/move`;
    const body = (over: object = {}) => ({
      meterId: m.id,
      toAccountId: b.id,
      movedOn: '2026-03-01',
      read: 450,
      ...over,
    });
    const refused = async (over: object, status: number, code: string, s: Session = clerk) => {
      const res = await call(s, 'POST', url, body(over));
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().code).toBe(code);
    };
    await refused({}, 403, 'forbidden', viewer);
    await refused({ read: -1 }, 400, 'validation_failed');
    await refused({ movedOn: '03/01/2026' }, 400, 'validation_failed');
    await refused({ meterId: '00000000-0000-4000-8000-000000000000' }, 404, 'meter_not_on_account');
    await refused({ toAccountId: a.id }, 409, 'meter_move_same_account');
    await refused({ toAccountId: '00000000-0000-4000-8000-000000000000' }, 404, 'account_not_found');
    const closed = await open({ customerName: 'Closed Account' });
    expect(
      (await call(clerk, 'POST', `/api/v1/utilities/accounts/${closed.id}/close`, { closedOn: '2026-01-15' }))
        .statusCode,
    ).toBe(200);
    await refused({ toAccountId: closed.id }, 409, 'account_closed');
    await refused({ movedOn: '2026-01-20' }, 409, 'read_before_previous');
    await refused({ read: 12_345 }, 422, 'read_exceeds_register');
    // From the wrong account (a stale page), or from another entity's host.
    const wrong = await call(clerk, 'POST', `/api/v1/utilities/accounts/${b.id}/meters/move`, body());
    expect(wrong.json().code).toBe('meter_not_on_account');
    const cross = await call(otherAdmin, 'POST', url, body(), { host: OTHER });
    expect(cross.statusCode).toBe(404);
    // Nothing moved so far: still on the first account, with no final read.
    expect((await call(viewer, 'GET', `/api/v1/utilities/meters/${m.id}`)).json().accountId).toBe(a.id);
    const readsBefore = (await call(viewer, 'GET', `/api/v1/utilities/accounts/${a.id}/reads`)).json().items;
    expect(readsBefore.map((r: { purpose: string }) => r.purpose)).toEqual(['regular', 'initial']);

    const moved = await call(clerk, 'POST', url, body());
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ id: m.id, status: 'active', accountId: b.id });
    const detailA = (await call(viewer, 'GET', `/api/v1/utilities/accounts/${a.id}`)).json();
    expect(detailA.meters).toEqual([
      expect.objectContaining({
        serial: 'MOV-1',
        installedOn: '2026-01-01',
        removedOn: '2026-03-01',
        nowOnAccountNumber: b.accountNumber,
      }),
    ]);
    const detailB = (await call(viewer, 'GET', `/api/v1/utilities/accounts/${b.id}`)).json();
    expect(detailB.meters).toEqual([
      expect.objectContaining({
        serial: 'MOV-1',
        installedOn: '2026-03-01',
        removedOn: null,
        nowOnAccountNumber: null,
      }),
    ]);
    // Each account keeps the reads taken for it; the next read on the new account counts from the move.
    const readsA = (await call(viewer, 'GET', `/api/v1/utilities/accounts/${a.id}/reads`)).json().items;
    expect(readsA[0]).toMatchObject({ purpose: 'final', value: 450, consumption: 1_500 });
    const next = await read(m.id, '2026-04-01', 500);
    expect(next.json().consumption).toBe(500);
    const readsB = (await call(viewer, 'GET', `/api/v1/utilities/accounts/${b.id}/reads`)).json().items;
    expect(readsB.map((r: { purpose: string; value: number }) => [r.purpose, r.value])).toEqual([
      ['regular', 500],
      ['initial', 450],
    ]);
    // Moving it again from the first account is refused: it is not there any more.
    await refused({ toAccountId: closed.id }, 404, 'meter_not_on_account');
    await t.dispatcher.drain();
    const audit = (await call(admin, 'GET', '/api/v1/audit?limit=200')).json();
    const actions = audit.items
      .filter((i: { subjectId: string }) => i.subjectId === m.id)
      .map((i: { action: string }) => i.action);
    expect(actions).toEqual(expect.arrayContaining(['utilities.meter.removed', 'utilities.meter.installed']));
  });

  it('changes only what a PATCH sends: marking a Spanish autopay account inactive keeps both', async () => {
    const a = await open({ customerName: 'Casa Española', language: 'es', autopay: true, route: 'R-7' });
    const url = `/api/v1/utilities/accounts/${a.id}`;
    const inactive = await call(clerk, 'PATCH', url, { status: 'inactive' });
    expect(inactive.statusCode, inactive.body).toBe(200);
    expect(inactive.json()).toMatchObject({
      status: 'inactive',
      language: 'es',
      autopay: true,
      route: 'R-7',
    });
    expect((await call(viewer, 'GET', url)).json()).toMatchObject({ language: 'es', autopay: true });
  });

  it('switches an account between active and inactive; the list filters by each status', async () => {
    const a = await open({ customerName: 'Vacant House' });
    const url = `/api/v1/utilities/accounts/${a.id}`;
    const ids = async (status: string) =>
      (await call(viewer, 'GET', `/api/v1/utilities/accounts?status=${status}&limit=200`))
        .json()
        .items.map((i: { id: string }) => i.id);
    expect(await ids('active')).toContain(a.id);
    expect((await call(viewer, 'PATCH', url, { status: 'inactive' })).statusCode).toBe(403);
    const bad = await call(clerk, 'PATCH', url, { status: 'closed' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('status');
    const inactive = await call(clerk, 'PATCH', url, { status: 'inactive' });
    expect(inactive.statusCode, inactive.body).toBe(200);
    expect(inactive.json().status).toBe('inactive');
    expect(await ids('inactive')).toContain(a.id);
    expect(await ids('active')).not.toContain(a.id);
    expect((await call(admin, 'PATCH', url, { status: 'active' })).json().status).toBe('active');
    expect(await ids('active')).toContain(a.id);
    expect((await call(clerk, 'POST', `${url}/close`, {})).statusCode).toBe(200);
    expect(await ids('closed')).toContain(a.id);
    expect((await call(clerk, 'PATCH', url, { status: 'active' })).json().code).toBe('account_closed');
    expect((await call(otherAdmin, 'PATCH', url, { status: 'inactive' }, { host: OTHER })).statusCode).toBe(
      404,
    );
    expect((await call(viewer, 'GET', '/api/v1/utilities/accounts?status=gone')).statusCode).toBe(400);
    await t.dispatcher.drain();
    const audit = (await call(admin, 'GET', '/api/v1/audit?limit=200')).json();
    const changes = audit.items
      .filter(
        (i: { action: string; subjectId: string }) =>
          i.action === 'utilities.account.updated' && i.subjectId === a.id,
      )
      .map((i: { details: { changes: { status?: unknown } } }) => i.details.changes.status);
    expect(changes).toEqual(
      expect.arrayContaining([
        { from: 'active', to: 'inactive' },
        { from: 'inactive', to: 'active' },
      ]),
    );
  });

  it('closes an account only with final reads, and reopens it', async () => {
    const a = await open();
    const m = await meter('CLS-1');
    await install(m.id, a.id, '2026-01-01', 100);
    const noFinal = await call(clerk, 'POST', `/api/v1/utilities/accounts/${a.id}/close`, {
      closedOn: '2026-02-01',
    });
    expect(noFinal.statusCode).toBe(400);
    expect(noFinal.json().errors[0].code).toBe('final_read_required');
    const closed = await call(clerk, 'POST', `/api/v1/utilities/accounts/${a.id}/close`, {
      closedOn: '2026-02-01',
      finalReads: [{ meterId: m.id, value: 150 }],
    });
    expect(closed.json()).toMatchObject({ status: 'closed', closedOn: '2026-02-01' });
    expect(
      (await call(clerk, 'PATCH', `/api/v1/utilities/accounts/${a.id}`, { customerName: 'X' })).statusCode,
    ).toBe(409);
    const reopened = await call(clerk, 'POST', `/api/v1/utilities/accounts/${a.id}/reopen`);
    expect(reopened.json().status).toBe('active');
    const renamed = await call(clerk, 'PATCH', `/api/v1/utilities/accounts/${a.id}`, {
      customerName: 'Nuevo Nombre',
      autopay: true,
    });
    expect(renamed.json()).toMatchObject({ customerName: 'Nuevo Nombre', autopay: true });
    await t.dispatcher.drain();
    const audit = (await call(admin, 'GET', '/api/v1/audit?limit=200')).json();
    const update = audit.items.find(
      (i: { action: string; subjectId: string }) =>
        i.action === 'utilities.account.updated' && i.subjectId === a.id,
    );
    expect(update.details.changes.customer_name).toEqual({ from: 'María Peña', to: 'Nuevo Nombre' });
  });
});
