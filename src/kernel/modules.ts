import type { ModuleManifest } from './manifest.js';

/**
 * The modules of this install, handed over once by src/modules/index.ts. The kernel imports
 * no module: identity (permissions), communications (notice kinds) and activity (projectors)
 * read what the others contribute from here instead of keeping a table edited per module.
 */
let installed: readonly ModuleManifest[] = [];

/** Installs the module list, refusing two contributions under one name. */
export function installModules(modules: readonly ModuleManifest[]): void {
  const seen = new Set<string>();
  const once = (what: string, name: string) => {
    const key = `${what} ${name}`;
    if (seen.has(key)) throw new Error(`${key} is contributed twice (module manifests)`);
    seen.add(key);
  };
  for (const m of modules) {
    once('module', m.name);
    for (const p of Object.keys(m.permissions ?? {})) once('permission', p);
    for (const k of m.noticeKinds ?? []) once('notice kind', k.kind);
    for (const j of m.jobs ?? []) once('job queue', j.queue);
    for (const p of m.activityProjectors ?? []) once('activity projector', p.name);
    if (m.dashboard) once('dashboard page', m.dashboard.key);
  }
  installed = modules;
}

export function installedModules(): readonly ModuleManifest[] {
  return installed;
}

/**
 * A value derived from the installed modules, computed again only when the list changes
 * (it changes once, at start-up, or when a test installs its own list).
 */
export function derived<T>(compute: (modules: readonly ModuleManifest[]) => T): () => T {
  let from: readonly ModuleManifest[] | undefined;
  let value: T;
  return () => {
    if (from !== installed) {
      value = compute(installed);
      from = installed;
    }
    return value;
  };
}
