import { groupTrackingCode } from './code.ts';

/**
 * A tracking code, large and in groups of 4-4-2 to copy down; screen readers hear it one
 * character at a time rather than as made-up words.
 */
export function TrackingCode({ code, small }: { code: string; small?: boolean }) {
  const grouped = groupTrackingCode(code);
  return (
    <p className={small ? 'civq-req-code civq-req-code--small' : 'civq-req-code'} data-testid="tracking-code">
      <span aria-hidden="true">
        {grouped.split('-').map((group, i) => (
          <span key={i}>
            {i > 0 && <span className="civq-req-code__sep">-</span>}
            <span className="civq-req-code__group">{group}</span>
          </span>
        ))}
      </span>
      <span className="usa-sr-only">{[...grouped.replace(/-/g, '')].join(' ')}</span>
    </p>
  );
}
