import { useEffect, useRef, type ReactNode } from 'react';

type Props = {
  type: 'success' | 'error' | 'warning' | 'info';
  heading?: string;
  children?: ReactNode;
  /** Move focus to the alert when it appears (for errors after a submit). */
  focus?: boolean;
  testId?: string;
};

/** A USWDS alert. Errors are announced (role=alert); others are polite status messages. */
export function Alert({ type, heading, children, focus, testId }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus, heading, children]);
  return (
    <div
      ref={ref}
      className={`usa-alert usa-alert--${type} civq-alert`}
      role={type === 'error' ? 'alert' : 'status'}
      tabIndex={focus ? -1 : undefined}
      data-testid={testId}
    >
      <div className="usa-alert__body">
        {heading && <h2 className="usa-alert__heading">{heading}</h2>}
        {children && <div className="usa-alert__text">{children}</div>}
      </div>
    </div>
  );
}
