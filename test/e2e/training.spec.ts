import { expect, test } from '@playwright/test';
import { canvasIsDrawn, currentEpoch, playToEpoch, statusText, waitForReady, openLossNumbers, openTab, openSettings, closeSettings } from './helpers';

test.describe('training in the worker, with live switches', () => {
  test('play trains, pause stops, step advances one minibatch, reset goes back to step 0', async ({ page }) => {
    await page.goto('./?seed=5');
    await waitForReady(page);
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect(page.locator('.status-line')).toContainText('step 1 ');
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect(page.locator('.status-line')).toContainText('step 3 ');
    await playToEpoch(page, 5);
    const paused = await statusText(page);
    expect(paused).toContain('paused');
    // Paused means paused: the step count does not move while nothing is pressed.
    await page.getByRole('button', { name: 'Step', exact: true }).focus();
    expect(await statusText(page)).toBe(paused);
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    await expect(page.locator('.status-line')).toContainText('Epoch 0 · step 0');
    await expect(page.getByText('Reset: same seed')).toBeVisible();
    expect(await canvasIsDrawn(page, '.boundary-canvas')).toBe(true);
  });

  test('switching Dropout on while training shows dropped units in the "Dropout masks" region', async ({ page }) => {
    await page.goto('./?seed=2');
    await waitForReady(page);
    await openTab(page, 'Masks');
    const masks = page.getByRole('region', { name: 'Dropout masks' });
    await expect(masks).toContainText('Dropout is off');
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.getByRole('switch', { name: 'Dropout', exact: true }).click();
    await expect(masks).toContainText('% dropped in this minibatch');
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await expect(masks.locator('canvas').first()).toBeVisible();
    expect(await canvasIsDrawn(page, '.mask-canvas')).toBe(true);
    const text = (await masks.textContent()) ?? '';
    const dropped = Number(/(\d+)% dropped/.exec(text)?.[1]);
    expect(dropped).toBeGreaterThan(20);
    expect(dropped).toBeLessThan(80);
    await masks.screenshot({ path: 'test/e2e/output/dropout-masks.png' });
  });

  test('switching L2 on reports a nonzero penalty, marked on the loss chart', async ({ page }) => {
    await page.goto('./?seed=3');
    await waitForReady(page);
    await playToEpoch(page, 3);
    const figures = page.getByRole('region', { name: 'Loss and accuracy' }).getByRole('definition');
    await page.getByRole('switch', { name: 'L2', exact: true }).click();
    const epochAtSwitch = await currentEpoch(page);
    await playToEpoch(page, epochAtSwitch + 3);
    // The figures sit behind "Numbers and markers" on the first screen.
    await openLossNumbers(page);
    await expect(figures.first()).toBeVisible();
    await expect.poll(async () => Number(await page.locator('.figures div', { hasText: 'penalty' }).locator('dd').textContent())).toBeGreaterThan(0);
    await expect(page.getByRole('region', { name: 'Loss and accuracy' })).toContainText('L2 on');
  });

  test('early stopping stops a run that overfits, reports the best epoch, restores it, and restores on demand', async ({ page }) => {
    // A small noisy spiral and a wide network: validation loss turns up early.
    await page.goto('./?data=spirals&n=60&noise=0.35&h=64-64&lr=0.01&seed=4&es=1&pat=15&rb=1');
    await waitForReady(page);
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await expect(page.getByText(/Early stopping stopped the run at epoch \d+/)).toBeVisible({ timeout: 30_000 });
    await expect(page.locator('.status-line')).toContainText('stopped');
    const detail = (await page.locator('.banner').textContent()) ?? '';
    const best = /best at epoch (\d+) \(([\d.e-]+)\)/.exec(detail);
    expect(best).not.toBeNull();
    const stopEpoch = Number(/stopped the run at epoch (\d+)/.exec(detail)![1]);
    expect(stopEpoch - Number(best![1])).toBe(15);
    expect(detail).toContain('The weights of that epoch are restored.');
    await openLossNumbers(page);
    const validationFigure = page.locator('.figures div', { hasText: /^validation loss/ }).locator('dd');
    await expect.poll(async () => Number(await validationFigure.textContent())).toBeCloseTo(Number(best![2]), 3);
    // Play on past the stop: a fresh count from the restored weights. "Restore best weights" then
    // brings back the best epoch since the resume.
    await playToEpoch(page, stopEpoch + 8);
    await openSettings(page);
    await page.getByRole('button', { name: 'Restore best weights' }).click();
    await closeSettings(page);
    const region = page.getByRole('region', { name: 'Loss and accuracy' });
    await expect(region).toContainText(/Restored the weights of epoch \d+/);
    const restoredEpoch = Number(/Restored the weights of epoch (\d+)/.exec((await region.textContent()) ?? '')![1]);
    expect(restoredEpoch).toBeGreaterThan(stopEpoch);
  });
});
