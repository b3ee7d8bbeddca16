// Renders the README's screenshots into docs/screenshots/: the page against grafana-sim 10.4
// (migration banner, "Last used at") with the realistic keys of `make dev`, in the dark and the
// light theme, at desktop and phone widths, plus the created-key dialog and the banner alone.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test as base, expect } from './support/fixtures';
import { Sim } from './support/servers';

const OUT = path.join(__dirname, '../../docs/screenshots');
const DEV_SEED = path.join(__dirname, '../../grafana-sim/seeds/dev.json');

const test = base.extend<{}, { sim: Sim }>({
  sim: [
    async ({}, use) => {
      const sim = await Sim.start({ version: '10.4.0', seed: DEV_SEED });
      await use(sim);
      await sim.stop();
    },
    { scope: 'worker' },
  ],
});

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 780 };

async function open(page: Page, theme: 'dark' | 'light', query = '') {
  await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
  await page.goto(`/org/apikeys${query}`);
  await expect(page.locator('table.keys-table tbody tr').first()).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

for (const theme of ['dark', 'light'] as const) {
  test(`the page, ${theme}`, async ({ page, signIn }) => {
    await signIn();
    await page.setViewportSize(DESKTOP);
    await open(page, theme, '?includeExpired=true');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: `${OUT}/keys-${theme}.png`, fullPage: true });
    await page.locator('.alert--warning').screenshot({ path: `${OUT}/migration-banner-${theme}.png` });

    await page.setViewportSize(PHONE);
    await page.screenshot({ path: `${OUT}/keys-${theme}-phone.png`, fullPage: true });
  });

  test(`the created-key dialog, ${theme}`, async ({ page, signIn }) => {
    await signIn();
    await page.setViewportSize(DESKTOP);
    await open(page, theme);
    await page.getByRole('button', { name: 'Add API key' }).click();
    await page.getByLabel('Key name').fill('grafana-image-renderer');
    await page.getByLabel('Role').selectOption('Editor');
    await page.getByLabel('Time to live').fill('30d');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'API Key Created' });
    await expect(dialog).toBeVisible();
    // No toast and no hovered button: only the dialog as it opens.
    await page.locator('.toasts').evaluate((toasts) => toasts.replaceChildren());
    await page.mouse.move(0, 0);
    await page.screenshot({ path: `${OUT}/created-key-${theme}.png` });
  });
}

test('the service accounts view and an account, dark', async ({ page, signIn }) => {
  await signIn();
  await page.setViewportSize(DESKTOP);
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  await page.goto('/org/serviceaccounts');
  await expect(page.locator('table.sa-table tbody tr').first()).toBeVisible();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: `${OUT}/service-accounts-dark.png`, fullPage: true });

  await page.getByRole('link', { name: 'grafana-ci', exact: true }).click();
  await expect(page.locator('table.sa-tokens tbody tr').first()).toBeVisible();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: `${OUT}/service-account-dark.png`, fullPage: true });
});

test('the all orgs overview, dark', async ({ page, signIn }) => {
  await signIn();
  await page.setViewportSize(DESKTOP);
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  await page.goto('/orgs');
  await expect(page.getByRole('status')).toContainText('Loaded');
  await expect(page.locator('table tbody tr').first()).toBeVisible();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: `${OUT}/orgs-overview-dark.png`, fullPage: true });
});
