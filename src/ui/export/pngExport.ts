/**
 * PNG of a panel: its title, caption and every chart (SVG) and canvas composed onto one canvas,
 * keeping their places. Canvases are copied with drawImage; SVGs are serialized (with their
 * computed styles inlined, since the page's stylesheet does not travel with them) and drawn as images.
 */
import { downloadBlob, fileSlug } from './download';
import { layoutPanelImage, PNG_STYLE, type Box } from './pngLayout';

/** SVG presentation properties copied inline so a serialized chart looks as on screen. */
const SVG_STYLE_PROPERTIES = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'visibility',
  'display',
];

/** The charts and canvases of a panel: visible, not icons inside buttons, not nested in another SVG. */
export function panelGraphics(panel: HTMLElement): (HTMLCanvasElement | SVGSVGElement)[] {
  const found = Array.from(panel.querySelectorAll<HTMLCanvasElement | SVGSVGElement>('canvas, svg'));
  return found.filter((element) => {
    if (element.closest('button') !== null) return false;
    if (element instanceof SVGSVGElement && element.parentElement?.closest('svg') != null) return false;
    // A canvas with no pixels yet (e.g. a hover overlay) cannot be drawn.
    if (element instanceof HTMLCanvasElement && (element.width === 0 || element.height === 0)) return false;
    const rect = element.getBoundingClientRect();
    return rect.width > 0 && rect.height > 0;
  });
}

/** The panel's visible title and caption (falling back to `name`). */
function panelTexts(panel: HTMLElement, name: string, withBody: boolean): { title: string; caption: string } {
  const title = panel.querySelector('h2, h3')?.textContent?.trim() || name;
  const captionElement = panel.querySelector('.panel-caption');
  let caption = captionElement?.textContent?.trim() ?? '';
  if (withBody) {
    // A text panel (the diagnosis, a table): its visible text is the picture.
    const body = captionElement?.parentElement ?? panel;
    const text = Array.from(body.children)
      .filter((child) => child !== captionElement && !child.matches('button, input, select, textarea'))
      .map((child) => ((child as HTMLElement).innerText ?? child.textContent ?? '').replace(/\s+/g, ' ').trim())
      .filter((line) => line !== '')
      .join(' · ');
    if (text !== '') caption = `${caption} ${caption ? '· ' : ''}${text}`.slice(0, 2000);
  }
  return { title, caption };
}

/** A copy of `svg` with computed styles inlined and explicit size, as standalone SVG text. */
export function serializeSvg(svg: SVGSVGElement, width: number, height: number): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const originals = [svg, ...Array.from(svg.querySelectorAll('*'))];
  const copies = [clone, ...Array.from(clone.querySelectorAll('*'))];
  originals.forEach((original, index) => {
    const copy = copies[index];
    if (!(copy instanceof Element)) return;
    const computed = getComputedStyle(original);
    const inline = SVG_STYLE_PROPERTIES.map((property) => {
      const value = computed.getPropertyValue(property);
      return value ? `${property}:${value}` : '';
    })
      .filter((part) => part !== '')
      .join(';');
    if (inline !== '') copy.setAttribute('style', `${inline};${copy.getAttribute('style') ?? ''}`);
  });
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  return new XMLSerializer().serializeToString(clone);
}

/** Loads standalone SVG text as an image (a data: URL, which never taints the canvas). */
function svgImage(text: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('A chart of this panel could not be drawn as an image.'));
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  });
}

/** The first opaque background color from `element` up to the page, or white. */
function backgroundOf(element: HTMLElement): string {
  for (let node: HTMLElement | null = element; node !== null; node = node.parentElement) {
    const color = getComputedStyle(node).backgroundColor;
    if (color && color !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(color)) return color;
  }
  return '#ffffff';
}

/** Composes the panel onto a canvas (device pixels) and returns it. */
export async function renderPanelCanvas(panel: HTMLElement, name: string): Promise<HTMLCanvasElement> {
  const graphics = panelGraphics(panel);
  const hasGraphics = graphics.some((element) => {
    const rect = element.getBoundingClientRect();
    return rect.width > 0 && rect.height > 0;
  });
  const { title, caption } = panelTexts(panel, name, !hasGraphics);
  const origin = panel.getBoundingClientRect();
  const boxes: Box[] = graphics.map((element) => {
    const rect = element.getBoundingClientRect();
    return { x: rect.left - origin.left, y: rect.top - origin.top, width: rect.width, height: rect.height };
  });
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('This browser cannot draw on a canvas, so the PNG cannot be made.');
  context.font = PNG_STYLE.captionFont;
  const layout = layoutPanelImage(title, caption, boxes, (text) => context.measureText(text).width);
  const scale = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
  canvas.width = Math.round(layout.width * scale);
  canvas.height = Math.round(layout.height * scale);
  context.scale(scale, scale);
  context.fillStyle = backgroundOf(panel);
  context.fillRect(0, 0, layout.width, layout.height);
  const textColor = getComputedStyle(panel).color || '#000000';
  context.fillStyle = textColor;
  context.textBaseline = 'alphabetic';
  context.font = PNG_STYLE.titleFont;
  context.fillText(title, layout.padding, layout.titleY);
  context.font = PNG_STYLE.captionFont;
  layout.captionLines.forEach((line, index) => context.fillText(line, layout.padding, layout.captionY[index]));
  for (let index = 0; index < graphics.length; index++) {
    const element = graphics[index];
    const place = layout.graphics[index];
    if (element instanceof HTMLCanvasElement) {
      context.drawImage(element, place.x, place.y, place.width, place.height);
    } else {
      const image = await svgImage(serializeSvg(element, place.width, place.height));
      context.drawImage(image, place.x, place.y, place.width, place.height);
    }
  }
  return canvas;
}

/** Composes the panel's title, caption, SVGs and canvases onto one canvas and downloads it as "<name>.png". */
export async function downloadPanelPng(panelElement: HTMLElement, name: string): Promise<void> {
  const canvas = await renderPanelCanvas(panelElement, name);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (blob === null) throw new Error('The browser could not encode the PNG.');
  downloadBlob(blob, `${fileSlug(name)}.png`);
}
