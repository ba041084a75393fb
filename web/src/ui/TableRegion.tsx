import type { ReactNode } from 'react';

/**
 * A table that may scroll sideways inside its own box when a tablet is too narrow for its
 * columns (phones get the stacked layout), reachable and scrollable by keyboard, with a name.
 */
export function TableRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="civq-ut-scroll" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
