/**
 * Says a short sentence to screen readers (a polite live region), for changes made without a
 * visible control in focus, such as the technique keys 1-5.
 */
let region: HTMLElement | null = null;

/** The live region, created on first use at the end of the body. */
function liveRegion(): HTMLElement {
  if (region === null || !region.isConnected) {
    region = document.createElement('div');
    region.setAttribute('role', 'status');
    region.setAttribute('aria-live', 'polite');
    region.setAttribute('aria-label', 'Announcements');
    region.className = 'visually-hidden';
    document.body.appendChild(region);
  }
  return region;
}

/** Announces `message` (the same message twice in a row is still read: the text is replaced). */
export function announce(message: string): void {
  const element = liveRegion();
  element.textContent = '';
  // A separate task so assistive technology sees a change even for a repeated message.
  setTimeout(() => {
    element.textContent = message;
  }, 30);
}
