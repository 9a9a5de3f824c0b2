import { expect, test } from '@playwright/test';

test('the playground loads with no console errors and its run controls are found by role', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));

  await page.goto('./');
  await expect(page.getByRole('heading', { level: 1, name: 'Regularization Playground' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^(Play|Pause)$/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Step' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Reset' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Regularization', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const drawer = page.getByRole('navigation', { name: 'Settings' });
  for (const section of ['Data', 'Model', 'Optimizer', 'Regularization']) {
    await expect(drawer.getByRole('heading', { level: 2, name: section, exact: true })).toBeVisible();
  }
  await page.getByRole('button', { name: 'Close settings' }).first().click();
  await page.screenshot({ path: 'test/e2e/output/shell-1280x800.png', fullPage: false });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: 'test/e2e/output/shell-390x844.png', fullPage: false });
  expect(problems).toEqual([]);
});

test('"?" opens the keyboard help, which lists the shortcuts', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByRole('button', { name: 'Step', exact: true })).toBeEnabled();
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText('Play or pause')).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});
