// Accessibility of the service accounts view: axe-core (WCAG 2.1 A and AA, colour contrast
// included) on the list, an account's page and the token dialogs, in the dark and the light
// theme; and a phone-width layout (360 px) that never scrolls sideways.
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import type { Sim } from '../support/servers';
import { expectNoViolations } from './a11y-helpers';

const SEED = {
  keys: [{ name: 'dashboard-sync', role: 'Editor', migrated: true }],
  serviceAccounts: [
    {
      name: 'grafana-ci',
      role: 'Editor',
      tokens: [
        { name: 'ci-pipeline', secondsToLive: 2592000, lastUsedSecondsAgo: 3600 },
        { name: 'ci-nightly', secondsToLive: -86400 },
        { name: 'ci-release-with-a-rather-long-name-for-small-screens', secondsToLive: null },
      ],
    },
    { name: 'old-exporter', role: 'Viewer', isDisabled: true, tokens: [{ name: 'exporter', secondsToLive: -604800 }] },
    { name: 'metrics-admin', role: 'Admin' },
  ],
};

async function seed(sim: Sim) {
  const response = await fetch(sim.url + '/__sim/seed', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(SEED),
  });
  expect(response.status).toBe(200);
}

async function openList(page: Page) {
  await page.goto('/org/serviceaccounts');
  await expect(page.locator('table.sa-table tbody tr').first()).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'service accounts ·' })).toBeVisible();
}

async function openAccount(page: Page, sim: Sim, name: string) {
  const search = await sim.api('GET', '/api/serviceaccounts/search?perpage=1000');
  const { id } = search.json.serviceAccounts.find((a: { name: string }) => a.name === name);
  await page.goto(`/org/serviceaccounts/${id}`);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.locator('table.sa-tokens tbody tr').first()).toBeVisible();
}

for (const theme of ['dark', 'light'] as const) {
  test.describe(`service accounts in the ${theme} theme`, () => {
    test.beforeEach(async ({ page, sim, signIn }) => {
      await page.emulateMedia({ colorScheme: theme });
      await seed(sim);
      await signIn();
    });

    test('the list, its filters and its confirmations have no WCAG 2.1 AA violations', async ({ page }) => {
      await openList(page);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await expect(page.locator('.badge--disabled')).toBeVisible();
      await expectNoViolations(page);

      await page.getByText('Migrated from API keys', { exact: true }).click();
      await expect(page.locator('.sa-scan')).toContainText('made from API keys');
      await expectNoViolations(page);

      await page.getByText('All', { exact: true }).click();
      await page.getByRole('button', { name: 'Disable service account grafana-ci' }).click();
      await expect(page.getByRole('dialog', { name: 'Disable service account' })).toBeVisible();
      await expectNoViolations(page);
      await page.getByRole('button', { name: 'Cancel' }).click();

      await page.getByRole('button', { name: 'Add token to metrics-admin' }).click();
      await expect(page.getByRole('dialog', { name: 'Add service account token' })).toBeVisible();
      await expectNoViolations(page);
    });

    test("an account's page and its token dialogs have no violations", async ({ page, sim }) => {
      await openAccount(page, sim, 'grafana-ci');
      await expect(page.locator('.badge--expired')).toBeVisible();
      await expectNoViolations(page);

      await page.getByRole('button', { name: 'Add service account token' }).click();
      const form = page.getByRole('dialog', { name: 'Add service account token' });
      await form.getByText('Set time to live').click();
      await form.getByRole('textbox', { name: 'Time to live' }).fill('soon');
      await form.getByLabel('Display name').fill(`a11y-${theme}`);
      await form.getByRole('button', { name: 'Generate token' }).click();
      await expect(form.locator('.field__error').filter({ hasText: /\S/ })).toBeVisible();
      await expectNoViolations(page);

      await form.getByRole('textbox', { name: 'Time to live' }).fill('7d');
      await form.getByRole('button', { name: 'Generate token' }).click();
      await expect(page.getByRole('dialog', { name: 'Service account token created' })).toBeVisible();
      await expectNoViolations(page);
    });
  });
}

test.describe('at 360 px wide', () => {
  test.beforeEach(async ({ page, sim, signIn }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await seed(sim);
    await signIn();
  });

  async function noSidewaysScroll(page: Page) {
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  }

  async function wholeButtons(page: Page) {
    for (const button of await page.getByRole('button').all()) {
      if (!(await button.isVisible())) continue;
      const box = (await button.boundingBox())!;
      expect(box.x, await button.innerText()).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, await button.innerText()).toBeLessThanOrEqual(360);
    }
  }

  test('the list neither scrolls sideways nor clips a button', async ({ page }) => {
    await openList(page);
    await noSidewaysScroll(page);
    await wholeButtons(page);
    await page.getByRole('button', { name: 'Add token to metrics-admin' }).click();
    await expect(page.getByRole('dialog', { name: 'Add service account token' })).toBeVisible();
    await noSidewaysScroll(page);
    await wholeButtons(page);
  });

  test("an account's page neither scrolls sideways nor clips a button", async ({ page, sim }) => {
    await openAccount(page, sim, 'grafana-ci');
    await noSidewaysScroll(page);
    await wholeButtons(page);
    await page.getByRole('button', { name: 'Add service account token' }).click();
    await expect(page.getByRole('dialog', { name: 'Add service account token' })).toBeVisible();
    await noSidewaysScroll(page);
    await wholeButtons(page);
  });
});
