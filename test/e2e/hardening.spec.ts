import { expect, test } from '@playwright/test';
import { closeSettings, openSettings, playToEpoch, waitForReady } from './helpers';

test.describe('faults and hostile input', () => {
  test('the built page runs under its Content-Security-Policy with no violation', async ({ page }) => {
    await page.addInitScript(() => {
      const violations: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = violations;
      document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.violatedDirective}: ${event.blockedURI}`));
    });
    await page.goto('./');
    await waitForReady(page);
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toMatch(/'unsafe-eval'|'unsafe-inline' *[;]* *script/);
    expect(policy?.split('; ').find((directive) => directive.startsWith('script-src'))).toBe("script-src 'self' 'wasm-unsafe-eval'");
    await playToEpoch(page, 3);
    await page.getByRole('switch', { name: 'Dropout', exact: true }).click();
    await playToEpoch(page, 6);
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
  });

  test('a crashed worker is replaced, replays the run with the same settings and says why', async ({ page }) => {
    await page.goto('./?seed=9&h=12-7');
    await waitForReady(page);
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await expect.poll(() => page.workers().length).toBeGreaterThan(0);
    const training = page.workers().find((worker) => worker.url().includes('training.worker'));
    expect(training).toBeDefined();
    await training!.evaluate(() => {
      setTimeout(() => {
        throw new Error('simulated crash');
      });
    });
    await expect(page.getByRole('alert').filter({ hasText: 'The training worker was replaced by a new one.' })).toBeVisible();
    await expect(page.getByRole('alert')).toContainText('simulated crash');
    await expect(page.getByRole('alert')).toContainText('A new one replays your run (same seed, same live changes) to step');
    // The new worker caught up and plays on, as the old one was playing.
    await expect(page.locator('.status-line')).toHaveText(/· training$/);
    await openSettings(page);
    await expect(page.getByRole('textbox', { name: 'Hidden layers' })).toHaveValue('12, 7');
    await closeSettings(page);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await expect(page.locator('.status-line')).toHaveText(/· paused$/);
    await playToEpoch(page, 2);
  });

  test('a crashed compare worker is replaced, replays its run to where it was, and trains again', async ({ page }) => {
    await page.goto('./?seed=4&compare=1&b.do=1');
    const comparison = page.getByRole('region', { name: 'Comparison' });
    await expect(comparison).toBeVisible();
    const workerNamed = async (name: string) => {
      for (const worker of page.workers()) {
        if ((await worker.evaluate(() => (self as unknown as { name: string }).name).catch(() => '')) === name) return worker;
      }
      return null;
    };
    await expect.poll(async () => (await workerNamed('compare-b')) !== null).toBe(true);
    await comparison.getByRole('button', { name: 'One epoch each' }).click();
    const sideB = comparison.locator('strong', { hasText: 'Run B' }).locator('..');
    await expect(sideB).toContainText(/· epoch 1 ·/);
    await (await workerNamed('compare-b'))!.evaluate(() => {
      setTimeout(() => {
        throw new Error('simulated compare crash');
      });
    });
    const notice = comparison.getByRole('alert').filter({ hasText: 'simulated compare crash' });
    await expect(notice).toBeVisible();
    await expect(notice).toContainText('The worker of run B was replaced by a new one');
    await expect(notice).toContainText('A new one replays your run');
    // The new run B replays B's settings to where it was (epoch 1) and trains again beside A.
    await expect(sideB).toContainText(/· epoch 1 · .*paused/);
    await comparison.getByRole('button', { name: 'One epoch each' }).click();
    await expect(sideB).toContainText(/· epoch 2 ·/);
    await expect(comparison.locator('strong', { hasText: 'Run A' }).locator('..')).toContainText(/· epoch 2 ·/);
  });

  test('learning rate 10 diverges: caught, explained, and resettable', async ({ page }) => {
    await page.goto('./?lr=10&opt=sgd&init=normal1&h=32-32-32&std=0&seed=2');
    await waitForReady(page);
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Training diverged at step' });
    await expect(alert).toBeVisible({ timeout: 30_000 });
    await expect(alert).toContainText('Lower the learning rate');
    await expect(page.locator('.status-line')).toContainText('diverged');
    await openSettings(page);
    await page.getByRole('slider', { name: 'Learning rate' }).fill('5');
    await closeSettings(page);
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    await expect(page.locator('.status-line')).toContainText('Epoch 0 · step 0');
  });

  test('a hostile link never blanks the page: bad values are listed and dropped', async ({ page }) => {
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto('./?lr=1e999&h=1-2-3-4-5-6-7-8-9-10-11-12&dor=NaN&data=%3Cscript%3E&zz=%F0%9F%98%80&theme=neon&panels=loss,evil&seed=-5');
    await waitForReady(page);
    const notice = page.getByRole('status', { name: 'Link problems' });
    await expect(notice).toContainText('Learning rate must be a number');
    await expect(notice).toContainText('Hidden layers takes 0 to 10 numbers');
    await expect(notice).toContainText('Dataset must be one of');
    await expect(notice).toContainText('Unknown panel "evil" ignored.');
    await expect(notice).toContainText('Seed was out of range and set to 0.');
    await expect(page.getByRole('region', { name: 'Loss and accuracy' })).toBeVisible();
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await expect(notice).toBeHidden();
    expect(problems).toEqual([]);
  });
});
