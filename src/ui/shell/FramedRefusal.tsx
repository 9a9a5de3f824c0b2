/** What the full app shows inside another site's frame: a link that opens it on its own. */

/** Whether `page` is framed by a page of another origin (reading a foreign parent's location throws). */
export function isInForeignFrame(page: Window): boolean {
  let top: Window | null;
  try {
    top = page.top;
  } catch {
    return true;
  }
  if (top === null || top === page) return false;
  try {
    return top.location.origin !== page.location.origin;
  } catch {
    return true;
  }
}

/** The refusal: one sentence and the way out (a new tab, out of the frame). */
export function FramedRefusal({ href }: { href: string }) {
  return (
    // Inline layout: the one screen that must look right even where the stylesheet is not the point.
    <main className="framed-refusal" style={{ padding: '1rem 1.25rem', maxWidth: '40rem', lineHeight: 1.5 }}>
      <h1>Regularization Playground</h1>
      <p>The full playground does not run inside another site's page.</p>
      <p>
        <a href={href} target="_blank" rel="noopener noreferrer">
          Open the playground ↗
        </a>
      </p>
      <p>To show it in your own page, use the embed snippet from its Share panel.</p>
    </main>
  );
}
