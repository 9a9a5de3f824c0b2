import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App';
import { disconnectTraining } from '../../src/state/runController';
import { replaceSettings } from '../../src/state/settingsStore';
import { DEFAULT_SETTINGS } from '../../src/settings/settingsTable';
import { runStore } from '../../src/state/runStore';
import { setUi } from '../../src/state/uiStore';
import { DEFAULT_VIEW } from '../../src/state/urlState';
import { checked } from '../checkedSettings';

// jsdom has no Worker: the client falls back to the same session on the main thread.
describe('app shell', () => {
  beforeEach(() => {
    replaceSettings(checked({ ...DEFAULT_SETTINGS, trainCount: 40, hiddenLayers: [4] }));
    setUi({ view: DEFAULT_VIEW, shortcutsEnabled: true, shortcutsOpen: false, sidebarOpen: false, linkProblems: [] });
    window.history.replaceState(null, '', '/');
  });
  afterEach(() => {
    disconnectTraining();
  });

  it('has the run controls and every sidebar section, all found by role and name', async () => {
    render(<App />);
    expect(screen.getByRole('heading', { level: 1, name: 'Regularization Playground' })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Step' })).toBeEnabled(), { timeout: 10_000 });
    expect(screen.getByRole('button', { name: 'Play' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Reset' })).toBeEnabled();
    // The five techniques are on the first screen; every setting is in the drawer, one click away.
    const techniques = screen.getByRole('region', { name: 'Regularization' });
    for (const name of ['L1', 'L2', 'Dropout', 'Batch normalization', 'Early stopping']) {
      expect(within(techniques).getByRole('switch', { name })).toBeInTheDocument();
    }
    expect(screen.queryByRole('navigation', { name: 'Settings' })).toBeNull();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Settings' }));
    const settings = screen.getByRole('navigation', { name: 'Settings' });
    for (const section of ['Data', 'Model', 'Optimizer', 'Regularization']) {
      expect(within(settings).getByRole('heading', { name: section })).toBeInTheDocument();
    }
    for (const name of ['L1', 'L2', 'Dropout', 'Batch normalization', 'Early stopping']) {
      expect(within(settings).getByRole('switch', { name })).toBeInTheDocument();
    }
    for (const name of ['Dropout rate', 'L1 strength', 'L2 strength', 'Patience', 'Min delta', 'Learning rate', 'Batch size', 'Noise', 'Training examples', 'Validation fraction', 'Label noise']) {
      expect(within(settings).getByRole('slider', { name })).toBeInTheDocument();
    }
    expect(within(settings).getByRole('combobox', { name: 'Dataset' })).toBeInTheDocument();
    expect(within(settings).getByRole('combobox', { name: 'Optimizer' })).toBeInTheDocument();
    expect(within(settings).getByRole('textbox', { name: 'Hidden layers' })).toBeInTheDocument();
    expect(screen.getByRole('status', { name: 'Run status' })).toHaveTextContent(/Epoch 0 · step 0/);
  });

  it('steps with the Step button and with the → key, but not while a slider has focus', async () => {
    const user = userEvent.setup();
    render(<App />);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Step' })).toBeEnabled(), { timeout: 10_000 });
    await user.click(screen.getByRole('button', { name: 'Step' }));
    await waitFor(() => expect(runStore.getState().step).toBe(1));
    await act(async () => {
      (document.activeElement as HTMLElement | null)?.blur();
    });
    await user.keyboard('{ArrowRight}');
    await waitFor(() => expect(runStore.getState().step).toBe(2));
    act(() => setUi({ sidebarOpen: true }));
    screen.getByRole('slider', { name: 'Noise' }).focus();
    await user.keyboard('{ArrowRight}');
    // The key belongs to the slider: no training step was taken.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(runStore.getState().step).toBe(2);
  });

  it('refuses an invalid hidden-layer list with a message and keeps the network', async () => {
    const user = userEvent.setup();
    render(<App />);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Step' })).toBeEnabled(), { timeout: 10_000 });
    await user.click(screen.getByRole('button', { name: /^All settings/ }));
    const field = screen.getByRole('textbox', { name: 'Hidden layers' });
    await user.clear(field);
    await user.type(field, '8, many{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('Hidden layers must be whole numbers (got "many").');
    expect(runStore.getState().dataset?.hiddenUnits).toEqual([4]);
  });

  it('turns keyboard shortcuts off from the help dialog', async () => {
    const user = userEvent.setup();
    render(<App />);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Step' })).toBeEnabled(), { timeout: 10_000 });
    await user.keyboard('?');
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    await user.click(within(dialog).getByRole('switch', { name: 'Keyboard shortcuts' }));
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await user.keyboard('{ArrowRight}');
    expect(runStore.getState().step).toBe(0);
  });
});
