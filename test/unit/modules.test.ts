import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { installedModules, installModules } from '../../src/kernel/modules.js';
import { activityKinds } from '../../src/modules/activity/index.js';
import { noticeKinds } from '../../src/modules/communications/index.js';
import { can, modulesFor, permissionsFor } from '../../src/modules/identity/permissions.js';
import { MODULES } from '../../src/modules/index.js';

/** The module list and what the manifests contribute, as identity, communications and activity read it. */
const MODULES_DIR = path.resolve(import.meta.dirname, '../../src/modules');

describe('module manifests', () => {
  it('list every module folder once, under its folder name', async () => {
    const folders = fs
      .readdirSync(MODULES_DIR, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    expect(MODULES.map((m) => m.name).sort()).toEqual(folders);
    for (const folder of folders) {
      const index = (await import(path.join(MODULES_DIR, folder, 'index.js'))) as { manifest?: unknown };
      expect(MODULES, `${folder}/index.ts exports the manifest in MODULES`).toContain(index.manifest);
    }
    expect(installedModules()).toBe(MODULES);
  });

  it('keep the dashboard navigation and the permissions each role had', () => {
    expect(modulesFor('admin')).toEqual([
      'home',
      'users',
      'utilities',
      'payments',
      'requests',
      'communications',
      'audit',
    ]);
    expect(modulesFor('clerk')).toEqual(['home', 'utilities', 'payments', 'requests', 'communications']);
    expect(modulesFor('viewer')).toEqual(['home', 'utilities', 'payments', 'requests']);
    expect(permissionsFor('viewer')).toEqual(['payments.read', 'requests.read', 'utilities.read']);
    expect(permissionsFor('admin')).toHaveLength(20);
    expect(can('clerk', 'payments.record')).toBe(true);
    expect(can('clerk', 'payments.refund')).toBe(false);
  });

  it('give My Activity its kinds and communications its notice kinds from the modules', () => {
    expect(activityKinds()).toEqual(['statement', 'charge', 'payment', 'refund', 'request']);
    expect(noticeKinds().map((k) => k.kind.split('.')[0])).toEqual(
      expect.arrayContaining(['payment', 'utility', 'staff', 'resident']),
    );
  });

  it('name their job queues after the module', () => {
    for (const m of MODULES)
      for (const job of m.jobs ?? []) expect(job.queue.startsWith(`${m.name}-`)).toBe(true);
  });

  it('are refused when two contribute the same name', () => {
    const twice = [
      { name: 'a', permissions: { 'a.read': ['admin'] as const } },
      { name: 'b', permissions: { 'a.read': ['admin'] as const } },
    ];
    expect(() => installModules(twice)).toThrow(/permission a\.read is contributed twice/);
    expect(() => installModules([{ name: 'a' }, { name: 'a' }])).toThrow(/module a/);
    expect(installedModules()).toBe(MODULES); // a refused list changes nothing
  });
});
