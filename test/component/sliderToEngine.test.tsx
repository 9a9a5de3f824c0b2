import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/ui/App';
import { disconnectTraining } from '../../src/state/runController';
import { replaceSettings } from '../../src/state/settingsStore';
import { DEFAULT_SETTINGS } from '../../src/settings/settingsTable';
import { DropoutLayer } from '../../src/engine/dropout';
import * as validation from '../../src/settings/settingsValidation';
import * as engineSettings from '../../src/engine/settings';
import { setUi } from '../../src/state/uiStore';
import { DEFAULT_VIEW } from '../../src/state/urlState';
import { checked } from '../checkedSettings';

vi.mock('../../src/settings/settingsValidation', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/settings/settingsValidation')>();
  return { ...actual, checkValue: vi.fn(actual.checkValue), checkPatch: vi.fn(actual.checkPatch) };
});
vi.mock('../../src/engine/settings', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/engine/settings')>();
  return { ...actual, validateLiveSettings: vi.fn(actual.validateLiveSettings) };
});

/** Our own frames of a stack (file paths under src/), innermost first. */
function ourFrames(stack: string): string[] {
  return stack
    .split('\n')
    .filter((line) => line.includes('/src/'))
    .map((line) => line.trim().replace(/\(.*\/src\//, '(src/'));
}

// jsdom has no Worker: the client runs the same session on the main thread, so one stack runs
// from the slider to the engine.
describe('a slider change, followed to the engine', () => {
  beforeEach(() => {
    replaceSettings(checked({ ...DEFAULT_SETTINGS, trainCount: 40, hiddenLayers: [4], dropoutEnabled: true, dropoutRate: 0.5 }));
    setUi({ view: DEFAULT_VIEW, shortcutsEnabled: true, shortcutsOpen: false, linkProblems: [] });
  });
  afterEach(() => {
    disconnectTraining();
    vi.restoreAllMocks();
  });

  it('is validated once where it enters and reaches the dropout layer in at most 8 calls on each side of the worker message', async () => {
    render(<App />);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Step' })).toBeEnabled(), { timeout: 10_000 });
    const original = Object.getOwnPropertyDescriptor(DropoutLayer.prototype, 'rate')!.set!;
    const stacks: string[] = [];
    const rates: number[] = [];
    const stackLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 200;
    vi.spyOn(DropoutLayer.prototype, 'rate', 'set').mockImplementation(function (this: DropoutLayer, rate: number) {
      stacks.push(new Error().stack ?? '');
      rates.push(rate);
      original.call(this, rate);
    });
    vi.mocked(validation.checkValue).mockClear();
    vi.mocked(validation.checkPatch).mockClear();
    vi.mocked(engineSettings.validateLiveSettings).mockClear();

    fireEvent.change(screen.getByRole('slider', { name: 'Dropout rate' }), { target: { value: '0.3' } });
    await waitFor(() => expect(stacks.length).toBeGreaterThan(0));

    Error.stackTraceLimit = stackLimit;

    expect(rates).toContain(0.3);
    // Validated once, where it entered (the control), against the table's range; the run handle
    // takes only the checked patch that gave (the brand of settingsValidation.ts). The worker is no
    // edge (only the page can message it) and the engine trusts its caller: neither checks again.
    expect(vi.mocked(validation.checkValue).mock.calls.map(([row]) => row.key)).toEqual(['dropoutRate']);
    expect(vi.mocked(validation.checkPatch)).not.toHaveBeenCalled();
    expect(vi.mocked(engineSettings.validateLiveSettings)).not.toHaveBeenCalled();

    // In a browser the message to the worker splits the path in two: the page's side, from the
    // slider to postMessage, and the worker's, from the session to the layer's setter. (Here the
    // inline client stands in for the message: its two frames are the hop.)
    const frames = ourFrames(stacks[0]);
    const sessionEntry = frames.findIndex((frame) => frame.startsWith('at TrainingSession.handle '));
    const workerSide = frames.slice(0, sessionEntry + 1);
    const pageSide = frames.slice(sessionEntry + 1).filter((frame) => !frame.includes('(src/worker/client.ts') || frame.includes('TrainingClient.send'));
    expect(workerSide[0]).toMatch(/^at Trainer\.applySettings /);
    expect(pageSide.at(-1)).toMatch(/SettingControl\.tsx/);
    expect(pageSide.some((frame) => frame.startsWith('at changeSetting '))).toBe(true);
    // +1: the setter itself.
    expect(workerSide.length + 1).toBeLessThanOrEqual(8);
    expect(pageSide.length).toBeLessThanOrEqual(8);
  });
});
