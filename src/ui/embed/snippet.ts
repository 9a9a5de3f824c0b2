/** The iframe HTML a blog author pastes to embed the current state. */
import { encodeUrl, type ViewState } from '../../state/urlState';
import type { Settings } from '../../settings/settingsTable';
import { EMBED_PREFIX } from './embedProtocol';

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/**
 * The snippet: an iframe of the embed page (`embedAddress`, see embedPageAddress) and a few lines
 * of script that size the iframe to the height the playground reports. No fixed height: until the
 * first report the iframe keeps a width-proportional shape (CSS aspect-ratio, about the widget's
 * own at blog-column widths), then it takes the reported height and follows every change.
 */
export function embedSnippet(embedAddress: string, settings: Settings, view: Partial<ViewState>, title = 'Regularization Playground'): string {
  const id = `rp-${Math.abs(hashString(embedAddress + JSON.stringify(view))).toString(36)}`;
  const src = `${embedAddress}${encodeUrl(settings, { ...view, embed: true })}`;
  return [
    `<iframe id="${id}" src="${escapeAttribute(src)}" title="${escapeAttribute(title)}" style="display:block;border:0;width:100%;max-width:960px;aspect-ratio:8/7" loading="lazy"></iframe>`,
    '<script>',
    `addEventListener('message', function (e) { var f = document.getElementById('${id}');`,
    `  if (f && e.source === f.contentWindow && e.data && e.data.type === '${EMBED_PREFIX}height') { f.style.aspectRatio = 'auto'; f.style.height = e.data.height + 'px'; } });`,
    '</script>',
  ].join('\n');
}

function hashString(text: string): number {
  let hash = 0;
  for (let index = 0; index < text.length; index++) hash = (Math.imul(hash, 31) + text.charCodeAt(index)) | 0;
  return hash;
}

/** The app's own address (origin + path, no query): where the built app is deployed. */
export function appAddress(location: Pick<Location, 'origin' | 'pathname'>): string {
  return `${location.origin}${location.pathname}`;
}

/**
 * The embed page beside the app (`embed.html` in the same folder): the one page hosts may frame.
 * The full app refuses to run in another site's frame; its `?embed=1` form keeps working only for
 * snippets published before embed.html existed.
 */
export function embedPageAddress(location: Pick<Location, 'origin' | 'pathname'>): string {
  return `${location.origin}${location.pathname.replace(/[^/]*$/, '')}embed.html`;
}
