import { expect, test } from '@playwright/test';
import { playToEpoch, waitForReady, openTab } from './helpers';

test('after the first visit the playground works offline: reload, open a lesson, train', async ({ page, context }) => {
  await page.goto('./');
  await waitForReady(page);
  // Wait until the service worker controls the page and has cached the build.
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }));
    }
    return registration.active?.state;
  });
  await context.setOffline(true);
  await page.reload();
  await waitForReady(page);
  await openTab(page, 'Lesson');
  const lesson = page.getByRole('region', { name: 'Lesson' });
  await expect(lesson).toBeVisible();
  await lesson.getByRole('combobox', { name: 'Lesson' }).selectOption({ index: 1 });
  await lesson.getByRole('button', { name: 'Load lesson' }).click();
  await waitForReady(page);
  await playToEpoch(page, 3);
  await context.setOffline(false);
});
