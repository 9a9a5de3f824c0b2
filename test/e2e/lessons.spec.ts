import { expect, test } from '@playwright/test';
import { closeSettings, openSettings, openTab, waitForReady } from './helpers';

async function lessonCount(page: import('@playwright/test').Page) {
  return page.getByRole('region', { name: 'Lesson' }).getByRole('combobox', { name: 'Lesson' }).locator('option').count();
}

test.describe('lessons', () => {
  // FIXME (issue 14): since links and replays went to version 2 (no trained bias before batch norm)
  // the best-practices lesson stops early at epoch 18, under its check's 20-epoch minimum, and the
  // walk waits out its 240 s. Branch i14 rewrites every lesson's preset and check and this walk;
  // it runs again when that branch lands.
  test.fixme('each lesson loads, trains, and its live check reports a measured verdict', async ({ page }) => {
    test.setTimeout(240_000);
    await page.goto('./');
    await waitForReady(page);
    // The default pace is for watching (250 steps/s); the lessons here train at full speed.
    await openSettings(page);
    await page.getByLabel('Speed', { exact: true }).selectOption({ label: 'As fast as possible' });
    await closeSettings(page);
    await openTab(page, 'Lesson');
    const lesson = page.getByRole('region', { name: 'Lesson' });
    await expect(lesson.getByRole('combobox', { name: 'Lesson' })).toBeVisible();
    const count = await lessonCount(page);
    expect(count).toBeGreaterThanOrEqual(8);
    const results: string[] = [];
    for (let index = 0; index < count; index++) {
      await lesson.getByRole('combobox', { name: 'Lesson' }).selectOption({ index });
      const title = (await lesson.getByRole('combobox', { name: 'Lesson' }).locator('option').nth(index).textContent()) ?? '';
      await lesson.getByRole('button', { name: 'Load lesson' }).click();
      await waitForReady(page);
      const check = lesson.getByRole('status', { name: 'Live check' });
      const progress = lesson.locator('.lesson-progress');
      const target = Number(/decisive after ([\d,]+) steps/.exec((await progress.textContent()) ?? '')?.[1].replace(/,/g, ''));
      expect(target, title).toBeGreaterThan(0);
      await page.getByRole('button', { name: 'Play', exact: true }).click();
      // Train until the lesson's decisive step (or an early stop / divergence ends the run).
      await expect
        .poll(async () => {
          const text = (await page.locator('.status-line').first().textContent()) ?? '';
          const step = Number(/step (\d+)/.exec(text)?.[1] ?? 0);
          return step >= target || /· (stopped|diverged)$/.test(text);
        }, { timeout: 90_000 })
        .toBe(true);
      const pauseButton = page.getByRole('button', { name: 'Pause', exact: true });
      if (await pauseButton.isVisible()) await pauseButton.click();
      await expect(check).toHaveAttribute('aria-busy', 'false');
      // The check re-evaluates a few times a second: wait for its verdict on the finished run.
      if (!/Batch normalization/.test(title)) await expect(check).not.toHaveAttribute('data-status', 'waiting');
      const text = (await check.textContent()) ?? '';
      results.push(`${title} -> ${text.slice(0, 160)}`);
      expect(text, title).toMatch(/\d/);
      // Lessons whose claim needs a comparison say so while waiting; the others decide on this run.
      const status = await check.getAttribute('data-status');
      if (!/Batch normalization/.test(title)) expect(status, `${title}: ${text} [${await page.locator('.status-line').first().textContent()}]`).not.toBe('waiting');
    }
    console.log(results.join('\n'));
  });

  test('a lesson comparison runs both networks and reads its verdict and check', async ({ page }) => {
    await page.goto('./?lesson=batch-norm');
    await waitForReady(page);
    await openTab(page, 'Lesson');
    const lesson = page.getByRole('region', { name: 'Lesson' });
    await lesson.getByRole('button', { name: /Open the comparison/ }).click();
    const comparison = page.getByRole('region', { name: 'Comparison' });
    await expect(comparison).toBeVisible();
    await comparison.getByRole('button', { name: 'Play both' }).click();
    const check = comparison.getByRole('status', { name: 'Lesson check' });
    await expect(check).toContainText(/holds|did not hold/, { timeout: 60_000 });
    await comparison.getByRole('button', { name: 'Pause both' }).click();
    await expect(comparison.getByRole('status', { name: 'Comparison verdict' })).toContainText(/At epoch \d+, B .* validation loss [\d.]+ against A's [\d.]+/);
    await comparison.screenshot({ path: 'test/e2e/output/compare-batch-norm.png' });
  });
});
