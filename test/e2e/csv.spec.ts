import { expect, test } from '@playwright/test';
import { closeSettings, openSettings, openTab, playToEpoch, waitForReady } from './helpers';

function csvFile(name: string, text: string) {
  return { name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') };
}

test('a bad CSV gets its message and changes nothing; a good one trains', async ({ page }) => {
  await page.goto('./?seed=2');
  await waitForReady(page);
  await openSettings(page);
  const input = page.getByLabel('Load a CSV file');
  const dataset = page.getByRole('combobox', { name: 'Dataset' });
  await expect(dataset).toHaveValue('spirals');

  await input.setInputFiles(csvFile('ragged.csv', 'a,b,label\n1,2,0\n3,4\n5,6,1\n'));
  await expect(page.getByRole('alert').filter({ hasText: 'Row 3 has 2 values, but the header has 3 columns.' })).toBeVisible();
  await expect(dataset).toHaveValue('spirals');

  await input.setInputFiles(csvFile('binary.csv', '\u0000\u0001\u0002PNG\u0000\u0000'));
  await expect(page.getByRole('alert').filter({ hasText: 'This file is not text' })).toBeVisible();
  await expect(dataset).toHaveValue('spirals');

  // 40 rows: two features, the label is whether their sum is positive.
  const rows = Array.from({ length: 40 }, (_, index) => {
    const x = Math.sin(index * 1.3) * 2;
    const y = Math.cos(index * 0.7) * 2;
    return `${x.toFixed(3)},${y.toFixed(3)},${x + y > 0 ? 1 : 0}`;
  });
  await input.setInputFiles(csvFile('good.csv', `x,y,label\n${rows.join('\n')}\n`));
  await expect(page.getByRole('combobox', { name: 'Label column' })).toHaveValue('label');
  await page.getByRole('button', { name: 'Train on this file' }).click();
  await expect(dataset).toHaveValue('csv');
  await waitForReady(page);
  await closeSettings(page);
  await playToEpoch(page, 3);
  await openTab(page, 'Data');
  await expect(page.getByRole('region', { name: 'Data preview' })).toContainText('label');
});
