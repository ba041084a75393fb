/**
 * An HTML email shown as the recipient sees it, in a fully sandboxed frame (sandbox=""): no
 * scripts, no forms, no navigation, and an origin of its own, so nothing in a message can
 * act on the dashboard.
 */
export function EmailFrame({ html, title, testId }: { html: string; title: string; testId?: string }) {
  return (
    <div className="civq-email-frame">
      <iframe sandbox="" srcDoc={html} title={title} data-testid={testId} />
    </div>
  );
}
