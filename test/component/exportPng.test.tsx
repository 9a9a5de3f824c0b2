import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Panel } from '../../src/ui/panels/Panel';
import { panelGraphics } from '../../src/ui/export/pngExport';

/** jsdom lays nothing out: give elements a box. */
function placeAt(element: Element, x: number, y: number, width: number, height: number) {
  element.getBoundingClientRect = () => ({ x, y, left: x, top: y, width, height, right: x + width, bottom: y + height, toJSON: () => ({}) }) as DOMRect;
}

function LossPanel() {
  return (
    <Panel title="Loss" caption="Training and validation loss per epoch.">
      {() => (
        <>
          <canvas data-testid="chart" width={200} height={100} />
          <svg data-testid="hidden-chart" />
        </>
      )}
    </Panel>
  );
}

const calls: { method: string; args: unknown[] }[] = [];
let downloaded: string[] = [];

beforeEach(() => {
  calls.length = 0;
  downloaded = [];
  const context = new Proxy(
    { measureText: (text: string) => ({ width: text.length * 7 }) } as Record<string, unknown>,
    {
      get: (target, property: string) => target[property] ?? ((...args: unknown[]) => calls.push({ method: property, args })),
      set: () => true,
    },
  );
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(context as never);
  vi.spyOn(HTMLCanvasElement.prototype, 'toBlob').mockImplementation((callback: BlobCallback) => callback(new Blob(['png'], { type: 'image/png' })));
  URL.createObjectURL = () => 'blob:test/png';
  URL.revokeObjectURL = () => {};
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloaded.push(this.download);
  });
});

afterEach(() => vi.restoreAllMocks());

describe('PanelPngButton', () => {
  it('has a visible label and names its panel for screen readers', () => {
    render(<LossPanel />);
    const button = screen.getByRole('button', { name: 'Save PNG of Loss' });
    expect(button).toHaveTextContent('Save PNG');
  });

  it('composes the panel title, caption and canvas into one PNG named after the panel', async () => {
    const user = userEvent.setup();
    render(<LossPanel />);
    const panel = screen.getByRole('region', { name: 'Loss' });
    placeAt(panel, 0, 0, 300, 200);
    placeAt(screen.getByTestId('chart'), 10, 60, 200, 100);
    // An SVG with no size (not laid out) is left out rather than drawn blank.
    expect(panelGraphics(panel).map((element) => element.getAttribute('data-testid'))).toEqual(['chart']);
    await user.click(screen.getByRole('button', { name: 'Save PNG of Loss' }));
    await waitFor(() => expect(downloaded).toEqual(['loss.png']));
    const texts = calls.filter((call) => call.method === 'fillText').map((call) => call.args[0]);
    expect(texts).toEqual(['Loss', 'Training and validation loss per epoch.']);
    const draws = calls.filter((call) => call.method === 'drawImage');
    expect(draws).toHaveLength(1);
    expect(draws[0].args[0]).toBe(screen.getByTestId('chart'));
    expect(draws[0].args.slice(3)).toEqual([200, 100]);
  });

  it('saves a text-only picture (title, caption and text) when the panel has nothing drawn', async () => {
    const user = userEvent.setup();
    render(<LossPanel />);
    await user.click(screen.getByRole('button', { name: 'Save PNG of Loss' }));
    await waitFor(() => expect(downloaded).toEqual(['loss.png']));
    const texts = calls.filter((call) => call.method === 'fillText').map((call) => call.args[0]);
    expect(texts[0]).toBe('Loss');
    expect(calls.filter((call) => call.method === 'drawImage')).toHaveLength(0);
  });
});
