import { expect, type Page } from '@playwright/test';

/** The header status line's text. */
export async function statusText(page: Page): Promise<string> {
  return (await page.locator('.status-line').first().textContent()) ?? '';
}

/** The epoch the status line reports. */
export async function currentEpoch(page: Page): Promise<number> {
  const match = /Epoch (\d+)/.exec(await statusText(page));
  return match ? Number(match[1]) : -1;
}

/** Waits until the run is built and the controls are enabled. */
export async function waitForReady(page: Page): Promise<void> {
  await expect(page.getByRole('button', { name: 'Step', exact: true })).toBeEnabled();
  await expect(page.locator('.status-line').first()).toContainText('Epoch 0');
}

/** Plays until the status reports at least `epoch`, then pauses (state-driven, not timed). */
export async function playToEpoch(page: Page, epoch: number): Promise<void> {
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(() => currentEpoch(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(epoch);
  // Unless the run already ended by itself (early stop, divergence), it is training: pause it.
  const ended = /· (stopped|diverged)$/.test(await statusText(page));
  if (!ended) {
    const pauseButton = page.getByRole('button', { name: 'Pause', exact: true });
    await pauseButton.click({ timeout: 5000 }).catch(() => undefined);
  }
  await expect(page.locator('.status-line').first()).toHaveText(/· (paused|stopped|idle|diverged)$/);
  // The page shows "paused" at once; the worker's own word on where it stopped follows.
  await expect(page.locator('.status-line').first()).toHaveAttribute('data-settled', 'true');
}

/** Whether a canvas has more than one distinct colour (not blank). */
export async function canvasIsDrawn(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((css) => {
    const canvas = document.querySelector(css) as HTMLCanvasElement | null;
    if (!canvas || canvas.width === 0) return false;
    const context = canvas.getContext('2d');
    if (!context) return false;
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    const first = pixels.slice(0, 4).join(',');
    for (let index = 4; index < pixels.length; index += 4 * 7) {
      if (`${pixels[index]},${pixels[index + 1]},${pixels[index + 2]},${pixels[index + 3]}` !== first) return true;
    }
    return false;
  }, selector);
}

/** Opens the settings drawer (data, network, optimizer and every regularization setting). */
export async function openSettings(page: Page): Promise<void> {
  const drawer = page.getByRole('navigation', { name: 'Settings' });
  if (await drawer.isVisible()) return;
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(drawer).toBeVisible();
}

/** Closes the settings drawer. */
export async function closeSettings(page: Page): Promise<void> {
  const drawer = page.getByRole('navigation', { name: 'Settings' });
  if (!(await drawer.isVisible())) return;
  await page.getByRole('button', { name: 'Close settings' }).first().click();
  await expect(drawer).toBeHidden();
}

/** Opens a view of the inspector by its tab ("Diagnosis", "Masks", "Weights", "Export", …). */
export async function openTab(page: Page, label: string): Promise<void> {
  const tab = page.getByRole('tab', { name: label, exact: true });
  await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
}

/** Unfolds the loss panel's "Numbers and markers" (its figures and the list of markers). */
export async function openLossNumbers(page: Page): Promise<void> {
  const details = page.getByRole('region', { name: 'Loss and accuracy' }).locator('details.panel-more');
  if (!(await details.evaluate((element) => (element as HTMLDetailsElement).open))) await details.locator('summary').click();
}
