import { useId, useState, type ReactNode } from 'react';

type Props = {
  /** The button's words. */
  label: string;
  /** The panel: given a function that closes it (after a success, or Cancel). */
  children: (close: () => void) => ReactNode;
  variant?: 'outline' | 'secondary';
  /** Id of what the button acts on, when its words alone do not say (one of several items). */
  describedBy?: string;
  testId?: string;
};

/** A button that shows a form under it, so a long account page stays readable. */
export function Disclosure({ label, children, variant = 'outline', describedBy, testId }: Props) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className="civq-ut-disclosure" data-testid={testId}>
      <button
        type="button"
        className={`usa-button usa-button--${variant}`}
        aria-expanded={open}
        aria-controls={id}
        aria-describedby={describedBy}
        onClick={() => setOpen((o) => !o)}
      >
        {label}
      </button>
      <div id={id} className="civq-ut-panel" hidden={!open}>
        {open && children(() => setOpen(false))}
      </div>
    </div>
  );
}
