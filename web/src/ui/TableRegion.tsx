import type { ReactNode } from 'react';
import './ui.css';

/**
 * A table that may scroll sideways inside its own box when a tablet is too narrow for its
 * columns (phones get the stacked layout), reachable and scrollable by keyboard, with a name.
 * `spaced` keeps a margin above and below the box (the payments pages).
 */
export function TableRegion({
  label,
  spaced = false,
  children,
}: {
  label: string;
  spaced?: boolean;
  children: ReactNode;
}) {
  return (
    <div
      className={`civq-table-region${spaced ? ' civq-table-region--spaced' : ''}`}
      tabIndex={0}
      role="region"
      aria-label={label}
    >
      {children}
    </div>
  );
}
