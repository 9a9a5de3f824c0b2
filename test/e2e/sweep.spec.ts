import { expect, test } from '@playwright/test';
import { DEFAULT_SETTINGS } from '../../src/settings/settingsTable';
import { decodeUrl } from '../../src/state/urlState';
import { planSweep } from '../../src/sweep/sweepJobs';
import { runSweepJob } from '../../src/sweep/runSweepJob';

/** The README's example, with a smaller training set and budget so it runs in seconds. */
const LINK = './?seed=1&n=100&sweep=1&sw.p=l2s&sw.from=0.00001&sw.to=0.01&sw.n=5&sw.scale=log&sw.seeds=2&sw.epochs=20';

test('a sweep link runs in the pool, fills "Sweep results" with a best value, matches the headless runner and opens a run', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(LINK);
  const sweep = page.getByRole('region', { name: 'Sweep', exact: true });
  await expect(sweep).toBeVisible();
  await sweep.getByRole('button', { name: 'Run sweep (10 runs)' }).click();
  await expect(sweep.getByText(/^Done: 10 runs in/)).toBeVisible({ timeout: 90_000 });

  const table = page.getByRole('table', { name: 'Sweep results' });
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(10);
  // The best value is marked on both of its seeds' rows, and named in the caption.
  await expect(table.getByText('★ best on validation')).toHaveCount(2);
  await expect(table.locator('caption')).toContainText('the best L2 strength on validation');
  await expect(page.getByRole('region', { name: 'Sweep plot' }).locator('.recharts-reference-dot')).toHaveCount(1);

  // The same sweep through the headless runner (Node, in this process): the same numbers, bit for bit.
  const fromPage = await rows.evaluateAll((elements) =>
    elements.map((row) => ({ job: Number((row as HTMLElement).dataset.job), validationLoss: Number((row.querySelector('td[data-value]') as HTMLElement).dataset.value) })),
  );
  const decoded = decodeUrl(LINK.slice(2));
  const plan = planSweep(decoded.view.sweep!, { ...DEFAULT_SETTINGS, ...decoded.settings });
  for (const { job, validationLoss } of fromPage) {
    expect(runSweepJob(plan.jobs[job], {}).final.validationLoss, `job ${job}`).toBe(validationLoss);
  }

  // Open the 4th run in the main view: trained to the same epoch, with the table row's validation loss.
  const row = rows.nth(3);
  const expected = Number(await row.locator('td[data-value]').getAttribute('data-value'));
  await row.getByRole('button', { name: /^Open run / }).click();
  await expect(page.getByRole('region', { name: 'Sweep', exact: true })).toHaveCount(0);
  await expect(page.locator('.status-line').first()).toHaveText(new RegExp(`^Epoch 20 · step [\\d,]+ · training loss [\\d.]+ · validation loss ${expected.toFixed(3)} · `), { timeout: 30_000 });
  await expect(page).not.toHaveURL(/sweep=1/);
});
