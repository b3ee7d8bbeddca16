// A secret dialog left open must not come back with Back (issue 20, finding 6): Chromium's
// back/forward cache keeps a page it leaves, as it was, and shows it again on Back.
import type { Page } from '@playwright/test';
import config from '../playwright.config';
import { expect, test } from '../support/fixtures';
import type { Sim } from '../support/servers';

// Playwright turns Chromium's back/forward cache off by default; a user's browser has it on.
test.use({
  launchOptions: { ...config.use?.launchOptions, ignoreDefaultArgs: ['--disable-back-forward-cache'] },
});

test.describe('a secret is shown once', () => {
  for (const [what, open, dialogName] of [
    [
      'the created key',
      async (page: Page) => {
        await page.goto('/org/apikeys');
        await page.getByRole('button', { name: 'Add API key' }).click();
        await page.getByLabel('Key name').fill('left-open');
        await page.getByRole('button', { name: 'Add', exact: true }).click();
      },
      'API Key Created',
    ],
    [
      'the created token',
      async (page: Page, sim: Sim) => {
        const account = await sim.api('POST', '/api/serviceaccounts', { name: 'left-open', role: 'Viewer' });
        expect(account.status, account.text).toBe(201);
        await page.goto(`/org/serviceaccounts/${account.json.id}`);
        await page.getByRole('button', { name: 'Add service account token' }).click();
        await page.getByRole('dialog').getByLabel('Display name').fill('left-open-token');
        await page.getByRole('dialog').getByRole('button', { name: 'Generate token' }).click();
      },
      'Service account token created',
    ],
  ] as const) {
    test(`${what}: left open, then another page, then Back: the secret is gone`, async ({ page, app, sim, signIn }) => {
      await signIn();
      await open(page, sim);
      const dialog = page.getByRole('dialog', { name: dialogName });
      await expect(dialog).toBeVisible();
      const secret = await dialog.locator('input').inputValue();
      expect(secret.length).toBeGreaterThan(20);
      await page.evaluate(() => ((window as any).__before = true));
      await page.goto(new URL(app.url).origin + '/apikeys/config.json');
      // A page restored from the cache fires no load event: wait for the navigation only.
      await page.goBack({ waitUntil: 'commit' });
      await expect(page).toHaveURL(/\/apikeys\/org\//);
      // Restored from the back/forward cache (the same window object), not loaded afresh.
      await expect.poll(() => page.evaluate(() => (window as any).__before === true)).toBe(true);
      await expect(page.getByRole('dialog', { name: dialogName })).toHaveCount(0);
      expect(await page.content()).not.toContain(secret);
      expect(await page.evaluate((secret) => document.body.innerHTML.includes(secret), secret)).toBe(false);
    });
  }
});

