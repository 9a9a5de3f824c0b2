// Issue 17, "never stuck, never silent", in the real browser: a CSV session survives a reload (and
// its absence does not strand the page), bad lesson ids and embed values get their notice, a
// hostile embed command is refused with a message to the parent, export works with a CSV, and the
// full app will not run in a foreign frame while the widget will.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { closeSettings, openSettings, openTab, playToEpoch, waitForReady } from './helpers';

/** 40 rows: two features, the label is whether their sum is positive. */
function goodCsv() {
  const rows = Array.from({ length: 40 }, (_, index) => {
    const x = Math.sin(index * 1.3) * 2;
    const y = Math.cos(index * 0.7) * 2;
    return `${x.toFixed(3)},${y.toFixed(3)},${x + y > 0 ? 1 : 0}`;
  });
  return { name: 'mine.csv', mimeType: 'text/csv', buffer: Buffer.from(`x,y,label\n${rows.join('\n')}\n`, 'utf8') };
}

async function trainOnCsv(page: Page): Promise<void> {
  await openSettings(page);
  await page.getByLabel('Load a CSV file').setInputFiles(goodCsv());
  await page.getByRole('button', { name: 'Train on this file' }).click();
  await expect(page.getByRole('combobox', { name: 'Dataset' })).toHaveValue('csv');
  await expect(page.getByText('“mine.csv” is kept in this browser.')).toBeVisible();
  await closeSettings(page);
  await waitForReady(page);
}

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

test.describe('never stuck, never silent (issue 17)', () => {
  test('failure 2: a CSV session survives a reload; forgotten, the page falls back with a notice instead of hanging', async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto('./?seed=2');
    await waitForReady(page);
    await trainOnCsv(page);
    await playToEpoch(page, 2);
    // The remembered state says data=csv; the file comes back from IndexedDB.
    await expect.poll(() => page.evaluate(() => localStorage.getItem('regularization-playground:last-state') ?? '')).toContain('data=csv');
    await page.goto('./');
    await waitForReady(page);
    await openSettings(page);
    await expect(page.getByRole('combobox', { name: 'Dataset' })).toHaveValue('csv');
    await closeSettings(page);
    await playToEpoch(page, 1);
    // Forgotten: the next visit shows the default dataset and says how to load the file again.
    await openSettings(page);
    await page.getByRole('button', { name: 'Forget the stored CSV file' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Forgot “mine.csv”' })).toBeVisible();
    await page.goto('./?data=csv');
    await waitForReady(page);
    await openSettings(page);
    await expect(page.getByRole('combobox', { name: 'Dataset' })).toHaveValue('spirals');
    await closeSettings(page);
    await expect(page.getByRole('status', { name: 'Link problems' })).toContainText('not stored in this browser');
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect(page.locator('.status-line').first()).toContainText('step 1');
    // A widget with data=csv (an old snippet) shows the default dataset and says why, in its own words.
    await page.goto('./embed.html?panels=loss&data=csv');
    await waitForReady(page);
    await expect(page.getByRole('status', { name: 'Link problems' })).toContainText('cannot travel in a link');
    expect(errors).toEqual([]);
  });

  test('failure 3: PyTorch export after loading a CSV downloads a script', async ({ page }) => {
    await page.goto('./?seed=3');
    await waitForReady(page);
    await trainOnCsv(page);
    await playToEpoch(page, 1);
    await openTab(page, 'Export');
    const exportPanel = page.getByRole('group', { name: 'Export' });
    await exportPanel.getByRole('checkbox', { name: 'Also download the dataset CSV' }).uncheck();
    const [download] = await Promise.all([page.waitForEvent('download'), exportPanel.getByRole('button', { name: 'Download PyTorch script' }).click()]);
    expect(download.suggestedFilename()).toBe('playground-csv-seed-3-pytorch.py');
    await expect(exportPanel.getByRole('status')).toContainText('Saved the PyTorch script');
  });

  test('failure 4: ?lesson=constructor shows a notice and a working lesson panel', async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto('./?lesson=constructor');
    await waitForReady(page);
    await expect(page.getByRole('status', { name: 'Link problems' })).toContainText('There is no lesson "constructor"; the first lesson is shown.');
    await openTab(page, 'Lesson');
    const lesson = page.getByRole('region', { name: 'Lesson' });
    await expect(lesson.getByRole('combobox', { name: 'Lesson' })).toBeVisible();
    await lesson.getByRole('button', { name: 'Load lesson' }).click();
    await waitForReady(page);
    expect(errors).toEqual([]);
  });

  test('failure 5: an embed link with bad values shows its notice inside the widget', async ({ page }) => {
    await page.goto('./embed.html?panels=loss&lr=abc&seed=-5&zz=1');
    await waitForReady(page);
    const notice = page.getByRole('status', { name: 'Link problems' });
    await expect(notice).toContainText("3 parts of this widget's link could not be used");
    await notice.getByText(/could not be used/).click();
    await expect(notice).toContainText('Learning rate must be a number');
  });

  test('failure 5: a hostile embed command is refused with an error message to the parent; a burst of settings does not freeze the widget', async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto('./embed-demo.html');
    const widget = page.frameLocator('#widget-1');
    await expect(widget.locator('.status-line')).toContainText('Epoch 0');
    await page.evaluate(() => {
      const frame = document.getElementById('widget-1') as HTMLIFrameElement;
      frame.contentWindow!.postMessage({ type: 'regularization-playground:command', command: { toString: null } }, '*');
    });
    await expect(page.locator('#host-log')).toHaveText('widget-1: The command must be a string such as "play" (got an object).');
    // 5,000 setSettings in a row: coalesced, the widget answers and shows the last value.
    // The loss chart loads after the first paint: count the nodes once it is drawn.
    await expect(widget.locator('.recharts-surface').first()).toBeVisible();
    const nodesBefore = await widget.locator('*').count();
    await page.evaluate(() => {
      const frame = document.getElementById('widget-1') as HTMLIFrameElement;
      for (let index = 0; index < 5000; index++) frame.contentWindow!.postMessage({ type: 'regularization-playground:command', command: 'setSettings', settings: { l2Enabled: index % 2 === 0 } }, '*');
    });
    await expect(widget.getByRole('switch', { name: 'L2', exact: true })).not.toBeChecked();
    await page.getByRole('button', { name: 'Play widget 1' }).click();
    await expect(widget.locator('.status-line')).toContainText('training');
    expect(await widget.locator('*').count()).toBeLessThan(nodesBefore * 2);
    expect(errors).toEqual([]);
  });

  test('failure 8: the full app refuses a foreign frame with a way out; the widget runs there', async ({ page, baseURL }) => {
    const app = new URL('./?seed=1', baseURL).href;
    const legacy = new URL('./?embed=1&panels=loss', baseURL).href;
    const widget = new URL('./embed.html?panels=loss', baseURL).href;
    // Another origin: a second server on another port (a routed page would count as public, and
    // Chromium's private-network rules would stop its frames before the app could say anything).
    const host = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(`<!doctype html><title>host</title><iframe id="app" src="${app}"></iframe><iframe id="legacy" src="${legacy}"></iframe><iframe id="widget" src="${widget}"></iframe>`);
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    const port = (host.address() as AddressInfo).port;
    try {
      await page.goto(`http://127.0.0.1:${port}/post.html`);
      const framed = page.frameLocator('#app');
      await expect(framed.getByRole('link', { name: 'Open the playground ↗' })).toHaveAttribute('href', app);
      await expect(framed.getByRole('button', { name: 'Play', exact: true })).toHaveCount(0);
      await expect(page.frameLocator('#legacy').locator('.status-line')).toContainText('Epoch 0');
      await expect(page.frameLocator('#widget').locator('.status-line')).toContainText('Epoch 0');
    } finally {
      host.close();
    }
  });
});
