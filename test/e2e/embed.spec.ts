import { expect, test, type FrameLocator } from '@playwright/test';

function widgetStatus(frame: FrameLocator) {
  return frame.locator('.status-line');
}

test.describe('embedding in a host page', () => {
  test('both widgets size themselves, parent commands work, messages from other windows are ignored', async ({ page }) => {
    await page.goto('./embed-demo.html');
    const first = page.frameLocator('#widget-1');
    const second = page.frameLocator('#widget-2');
    await expect(widgetStatus(first)).toContainText('Epoch 0');
    await expect(widgetStatus(second)).toContainText('Epoch 0');
    // Each iframe reported its content height, and the host applied it.
    for (const id of ['#widget-1', '#widget-2']) {
      await expect.poll(async () => Number(await page.locator(id).getAttribute('data-reported-height'))).toBeGreaterThan(150);
      const reported = Number(await page.locator(id).getAttribute('data-reported-height'));
      const box = await page.locator(id).boundingBox();
      expect(Math.abs((box?.height ?? 0) - reported)).toBeLessThanOrEqual(2);
    }
    // Only the chosen panels and controls are shown.
    await expect(first.getByRole('region', { name: 'Loss and accuracy' })).toBeVisible();
    await expect(first.getByRole('region', { name: 'Dropout masks' })).toHaveCount(0);
    await expect(second.getByRole('region', { name: 'Dropout masks' })).toBeVisible();
    await expect(first.getByRole('switch', { name: 'L2', exact: true })).toBeVisible();

    // Commands from the parent page.
    await page.getByRole('button', { name: 'Play widget 1' }).click();
    await expect(widgetStatus(first)).toContainText('training');
    await page.getByRole('button', { name: 'Pause widget 1' }).click();
    await expect(widgetStatus(first)).toHaveText(/· paused$/);
    await page.getByRole('button', { name: 'Turn L2 on in widget 1' }).click();
    await expect(first.getByRole('switch', { name: 'L2', exact: true })).toBeChecked();

    // A command from a sibling frame (not the parent) is ignored.
    const siblingFrame = page.frames().find((frame) => frame.url().includes('panels=masks'));
    expect(siblingFrame).toBeDefined();
    await siblingFrame!.evaluate(() => {
      window.parent.frames[0].postMessage({ type: 'regularization-playground:command', command: 'play' }, '*');
    });
    // Prove the message was delivered and processed before checking: a parent command after it.
    await page.getByRole('button', { name: 'Dark theme for widget 1' }).click();
    await expect.poll(() => page.frames().find((frame) => frame.url().includes('panels=loss'))!.evaluate(() => document.documentElement.getAttribute('data-theme'))).toBe('dark');
    await expect(widgetStatus(first)).toHaveText(/· paused$/);

    // "Open in full playground" carries the state without the embed flag.
    const href = await first.getByRole('link', { name: /Open in full playground/ }).getAttribute('href');
    expect(href).toContain('l2=1');
    expect(href).not.toContain('embed=1');
    await page.screenshot({ path: 'test/e2e/output/embed-demo.png', fullPage: true });
  });
});
