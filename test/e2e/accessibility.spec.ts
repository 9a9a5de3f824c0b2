import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { waitForReady, openTab } from './helpers';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core in the page (or a frame) and returns the serious and critical violations. */
async function seriousViolations(page: Page, frameUrlPart?: string): Promise<string[]> {
  const frame = frameUrlPart ? page.frames().find((candidate) => candidate.url().includes(frameUrlPart)) : page.mainFrame();
  if (!frame) throw new Error(`no frame matching ${frameUrlPart}`);
  // evaluate() is not subject to the page's CSP, so axe can be injected into the strict build.
  await frame.evaluate(AXE_SOURCE);
  const violations = (await frame.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  })) as AxeViolation[];
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.slice(0, 3).map((node) => node.target.join(' ')).join(', ')}`);
}

test.describe('accessibility', () => {
  test('the main view, trained a little, has no serious or critical axe violations (light and dark)', async ({ page }) => {
    await page.goto('./?seed=4');
    await waitForReady(page);
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    expect(await seriousViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('sweep mode, with a finished sweep, has no serious or critical axe violations (light and dark)', async ({ page }) => {
    await page.goto('./?seed=4&n=60&sweep=1&sw.p=dor&sw.from=0&sw.to=0.6&sw.n=3&sw.scale=lin&sw.seeds=1&sw.epochs=3');
    const sweep = page.getByRole('region', { name: 'Sweep', exact: true });
    await sweep.getByRole('button', { name: /^Run sweep/ }).click();
    await expect(page.getByRole('table', { name: 'Sweep results' }).locator('tbody tr')).toHaveCount(3, { timeout: 30_000 });
    expect(await seriousViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('compare mode has no serious or critical axe violations', async ({ page }) => {
    await page.goto('./?seed=4&compare=1&b.do=1');
    await expect(page.getByRole('region', { name: 'Comparison' })).toBeVisible();
    await page.getByRole('button', { name: 'One epoch each' }).click();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('embed mode has no serious or critical axe violations', async ({ page }) => {
    await page.goto('./embed-demo.html');
    await expect(page.frameLocator('#widget-1').locator('.status-line')).toContainText('Epoch 0');
    expect(await seriousViolations(page, 'panels=loss')).toEqual([]);
  });

  test('keyboard only: play, toggle each regularizer, pause, with a visible focus ring', async ({ page }) => {
    await page.goto('./?seed=6');
    await waitForReady(page);
    const focusVisible = () =>
      page.evaluate(() => {
        const element = document.activeElement as HTMLElement | null;
        if (!element) return false;
        // Switches draw their ring on the track next to the (transparent) input.
        const target = element.matches('input[role="switch"]') ? (element.nextElementSibling as HTMLElement) : element;
        const style = getComputedStyle(target);
        return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
      });
    // Tab from the top of the page to Play.
    for (let presses = 0; presses < 10; presses++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate(() => document.activeElement?.textContent ?? '')).includes('Play')) break;
    }
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Play');
    expect(await focusVisible()).toBe(true);
    await page.keyboard.press('Enter');
    await expect(page.locator('.status-line')).toContainText('training');
    for (const name of ['L1', 'L2', 'Dropout', 'Batch normalization', 'Early stopping']) {
      const control = page.getByRole('switch', { name, exact: true });
      await control.focus();
      expect(await focusVisible()).toBe(true);
      await page.keyboard.press('Space');
      await expect(control).toBeChecked();
    }
    await page.getByRole('button', { name: 'Pause', exact: true }).focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('.status-line')).toHaveText(/· (paused|stopped)$/);
    // Space anywhere outside a control toggles play.
    await page.locator('body').click({ position: { x: 5, y: 780 } });
    await page.keyboard.press('Space');
    await expect(page.locator('.status-line')).toContainText('training');
    await page.keyboard.press('Space');
    await expect(page.locator('.status-line')).toHaveText(/· (paused|stopped)$/);
    // Open a lesson with the keyboard alone.
    await openTab(page, 'Lesson');
    const lesson = page.getByRole('region', { name: 'Lesson' });
    const picker = lesson.getByRole('combobox', { name: 'Lesson' });
    await picker.focus();
    expect(await focusVisible()).toBe(true);
    await page.keyboard.press('ArrowDown');
    await expect(picker).not.toHaveValue('generalization');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Load lesson');
    expect(await focusVisible()).toBe(true);
    await page.keyboard.press('Enter');
    await expect(lesson.locator('.lesson-progress')).not.toContainText('differ from the lesson');
  });

  test('reduced motion switches off transitions', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('./');
    await waitForReady(page);
    const duration = await page.evaluate(() => getComputedStyle(document.querySelector('.switch-track')!, '::after').transitionDuration);
    expect(duration).toBe('0s');
  });
});
