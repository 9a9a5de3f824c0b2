/** Browser downloads: a Blob behind a temporary object URL and a temporary <a download>. */

/** Offers `blob` as a download named `fileName`. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Some browsers start reading the URL after click() returns: revoke a little later.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Offers `text` as a download named `fileName` with MIME type `type`. */
export function downloadText(text: string, fileName: string, type: string): void {
  downloadBlob(new Blob([text], { type: `${type};charset=utf-8` }), fileName);
}

/** A file-name-safe slug of `text`, e.g. "Loss curves" -> "loss-curves". */
export function fileSlug(text: string): string {
  const slug = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'panel' : slug.slice(0, 60);
}
