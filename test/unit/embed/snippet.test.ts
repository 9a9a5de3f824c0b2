import { describe, expect, it } from 'vitest';
import { embedSnippet } from '../../../src/ui/embed/snippet';
import { DEFAULT_SETTINGS } from '../../../src/settings/settingsTable';

describe('embed snippet', () => {
  const snippet = embedSnippet('https://example.org/play/embed.html', DEFAULT_SETTINGS, { panels: ['boundary', 'loss'] });

  it('has no fixed height: a width-proportional shape until the widget reports its own', () => {
    const iframe = /<iframe [^>]*>/.exec(snippet)?.[0] ?? '';
    expect(iframe).not.toMatch(/\sheight=/);
    expect(iframe).toContain('width:100%');
    expect(iframe).toContain('aspect-ratio:8/7');
  });

  it('takes the height the widget reports, from that iframe only', () => {
    const id = /<iframe id="([^"]+)"/.exec(snippet)?.[1];
    const script = /<script>([\s\S]*)<\/script>/.exec(snippet)?.[1] ?? '';
    const frame = { contentWindow: {}, style: { aspectRatio: '8/7', height: '' } };
    let listener: ((event: { source: unknown; data: unknown }) => void) | null = null;
    // Runs the snippet's script against a stand-in page.
    new Function('addEventListener', 'document', script)(
      (_type: string, handler: typeof listener) => (listener = handler),
      { getElementById: (wanted: string) => (wanted === id ? frame : null) },
    );
    listener!({ source: {}, data: { type: 'regularization-playground:height', height: 612 } });
    expect(frame.style.height).toBe('');
    listener!({ source: frame.contentWindow, data: { type: 'regularization-playground:height', height: 612 } });
    expect(frame.style).toEqual({ aspectRatio: 'auto', height: '612px' });
  });
});
