import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App';
import { disconnectTraining } from '../../src/state/runController';
import { replaceSettings, settingsStore } from '../../src/state/settingsStore';
import { DEFAULT_SETTINGS } from '../../src/settings/settingsTable';
import { setUi } from '../../src/state/uiStore';
import { DEFAULT_VIEW } from '../../src/state/urlState';
import { checked } from '../checkedSettings';

describe('technique keys 1-5', () => {
  beforeEach(() => {
    replaceSettings(checked({ ...DEFAULT_SETTINGS, trainCount: 40, hiddenLayers: [4], l1Enabled: false, l2Enabled: false, dropoutEnabled: false, batchNorm: false, earlyStopping: false }));
    setUi({ view: DEFAULT_VIEW, shortcutsEnabled: true, shortcutsOpen: false, linkProblems: [] });
    window.history.replaceState(null, '', '/');
  });
  afterEach(() => {
    disconnectTraining();
  });

  it('switch the five techniques, say so to screen readers, and are listed in the help', async () => {
    const user = userEvent.setup();
    render(<App />);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Step' })).toBeEnabled(), { timeout: 10_000 });
    await act(async () => {
      (document.activeElement as HTMLElement | null)?.blur();
    });
    const expected: [string, string][] = [['1', 'L1'], ['2', 'L2'], ['3', 'Dropout'], ['4', 'Batch normalization'], ['5', 'Early stopping']];
    for (const [key, name] of expected) {
      await user.keyboard(key);
      await waitFor(() => expect(screen.getByRole('switch', { name })).toBeChecked());
      await waitFor(() => expect(screen.getByRole('status', { name: 'Announcements' })).toHaveTextContent(new RegExp(`^${name} on`)));
    }
    await user.keyboard('2');
    await waitFor(() => expect(settingsStore.getState().settings.l2Enabled).toBe(false));
    await waitFor(() => expect(screen.getByRole('status', { name: 'Announcements' })).toHaveTextContent('L2 off'));
    await user.keyboard('?');
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    for (const [key, name] of expected) expect(within(dialog).getByRole('row', { name: `${key} ${name} on or off` })).toBeInTheDocument();
  });

  it('leaves a switch alone when the teacher’s link hides it', async () => {
    const user = userEvent.setup();
    setUi({ view: { ...DEFAULT_VIEW, hide: ['l2Enabled'] } });
    render(<App />);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Step' })).toBeEnabled(), { timeout: 10_000 });
    await act(async () => {
      (document.activeElement as HTMLElement | null)?.blur();
    });
    await user.keyboard('2');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settingsStore.getState().settings.l2Enabled).toBe(false);
  });
});
