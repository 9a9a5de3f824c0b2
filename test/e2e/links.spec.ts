import { expect, test } from '@playwright/test';
import { closeSettings, openSettings, waitForReady } from './helpers';

test.describe('links', () => {
  test('the link follows the settings; back and forward restore them; a teacher can hide controls', async ({ page }) => {
    await page.goto('./?seed=3');
    await waitForReady(page);
    const l2 = page.getByRole('switch', { name: 'L2', exact: true });
    await l2.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('l2')).toBe('1');
    await page.getByRole('switch', { name: 'Dropout', exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('do')).toBe('1');
    await page.goBack();
    await expect(page.getByRole('switch', { name: 'Dropout', exact: true })).not.toBeChecked();
    await expect(l2).toBeChecked();
    await page.goForward();
    await expect(page.getByRole('switch', { name: 'Dropout', exact: true })).toBeChecked();

    // The link reopens the same state in a new page.
    const link = page.url();
    const other = await page.context().newPage();
    await other.goto(link);
    await waitForReady(other);
    await expect(other.getByRole('switch', { name: 'L2', exact: true })).toBeChecked();
    await expect(other.getByRole('switch', { name: 'Dropout', exact: true })).toBeChecked();
    await openSettings(other);
    await expect(other.getByRole('spinbutton', { name: 'Seed' })).toHaveValue('3');
    await closeSettings(other);

    // A teacher's link opens a lesson with some controls hidden.
    await other.goto('./?lesson=l1-l2&hide=l2,l2s,seed');
    await waitForReady(other);
    await expect(other.getByRole('region', { name: 'Lesson' })).toBeVisible();
    await expect(other.getByRole('switch', { name: 'L2', exact: true })).toHaveCount(0);
    await expect(other.getByRole('switch', { name: 'L1', exact: true })).toBeVisible();
    await openSettings(other);
    await expect(other.getByRole('spinbutton', { name: 'Seed' })).toHaveCount(0);
    await expect(other.getByRole('navigation', { name: 'Settings' }).getByRole('switch', { name: 'L2', exact: true })).toHaveCount(0);
  });
});
