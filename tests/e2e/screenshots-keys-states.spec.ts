// The gallery of the API keys page's states (issue 19; the table of states is in
// src/domain/keys_page.rs): each reached as a user reaches it and shot at the viewport (1280 px,
// and 360 px where the layout changes) into docs/screenshots/states/keys-<state>.png. Run by
// `make screenshots` (tests/e2e/screenshots.config.ts); the worker's grafana-sim is 9.4.7, the
// other versions are started here.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, grafanaOf, test } from './support/fixtures';
import { TEST_CONFIG } from './support/nginx';
import { ADMIN, type Credentials, type Sim, VIEWER } from './support/servers';

const OUT = path.join(__dirname, '../../docs/screenshots/states');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 780 };

async function shot(page: Page, name: string) {
  await page.mouse.move(0, 0);
  await page.screenshot({ path: `${OUT}/keys-${name}.png` });
}

async function prepare(page: Page, size = DESKTOP) {
  await page.setViewportSize(size);
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
}

async function migrateAll(page: Page) {
  await page.getByRole('button', { name: 'Migrate to service accounts now' }).click();
  await page
    .getByRole('dialog', { name: 'Migrate API keys to service accounts' })
    .getByRole('button', { name: 'Yes, migrate now' })
    .click();
}

test.describe('9.4.7 (9.1–9.4)', () => {
  test('signed out', async ({ page }) => {
    await prepare(page);
    await page.goto('/org/apikeys');
    await expect(page.getByRole('heading', { name: 'Sign in to Grafana' })).toBeVisible();
    await shot(page, 'signed-out');
  });

  test('read-only (a Viewer)', async ({ page, signIn }) => {
    await signIn(VIEWER);
    await prepare(page);
    await page.goto('/org/apikeys');
    await expect(page.getByRole('region', { name: 'Read-only organization' })).toBeVisible();
    await shot(page, 'read-only');
  });

  test('not a member', async ({ page, signIn }) => {
    await signIn();
    await prepare(page);
    await page.goto('/org/apikeys?orgId=42');
    await expect(page.getByRole('region', { name: 'Not your organization' })).toBeVisible();
    await shot(page, 'not-a-member');
  });

  test('a failure', async ({ page, sim, signIn }) => {
    await sim.faults(['GET /api/auth/keys=500']);
    await signIn();
    await prepare(page);
    await page.goto('/org/apikeys');
    await expect(page.getByRole('alert')).toContainText('Could not load API keys');
    await shot(page, 'failed');
  });

  test('keys, before a migration, and during it; on a phone', async ({ page, signIn }) => {
    await signIn();
    await prepare(page);
    await page.goto('/org/apikeys');
    await expect(page.getByRole('region', { name: 'Switch from API keys to service accounts' })).toBeVisible();
    await shot(page, '9.4');
    await page.getByRole('button', { name: 'Migrate to service accounts now' }).click();
    await expect(page.getByRole('dialog', { name: 'Migrate API keys to service accounts' })).toBeVisible();
    await shot(page, 'migrating');
    await page.keyboard.press('Escape');
    await prepare(page, PHONE);
    await shot(page, '9.4-phone');
  });

  test('after "Migrate to service accounts now", then hidden forever', async ({ page, app, signIn }) => {
    // Grafana under /grafana/, so its index page (its menu reports the hidden page) is reachable.
    app.useConfig({ grafanaPath: '/grafana/', signIn: 'form' });
    await signIn();
    await prepare(page);
    await page.goto('/org/apikeys');
    await migrateAll(page);
    const card = page.getByRole('region', { name: 'API keys migrated to service accounts' });
    await expect(card.getByRole('link', { name: 'sa-autogen-grafana-backup' })).toBeVisible();
    await page.locator('.toasts').evaluate((toasts) => toasts.replaceChildren());
    await shot(page, 'migrated');
    await card.getByRole('button', { name: 'Hide API keys page forever' }).click();
    await page
      .getByRole('dialog', { name: 'Hide API Keys page forever' })
      .getByRole('button', { name: 'Yes, hide API keys page.' })
      .click();
    await page.reload();
    await expect(page.getByRole('region', { name: 'The API keys page is hidden' })).toBeVisible();
    await shot(page, 'hidden');
  });

  test('empty', async ({ page, sim, signIn }) => {
    await sim.seed([]);
    await signIn();
    await prepare(page);
    await page.goto('/org/apikeys');
    await expect(page.getByText("You haven't added any API keys yet.")).toBeVisible();
    await shot(page, 'empty');
  });

  test('a search whose matches are hidden expired keys', async ({ page, sim, signIn }) => {
    await sim.seed([
      { name: 'ci-deploy-bot', role: 'Editor', secondsToLive: 2592000 },
      { name: 'legacy-reporting-export', role: 'Viewer', secondsToLive: -3 * 86400 },
    ]);
    await signIn();
    await prepare(page);
    await page.goto('/org/apikeys');
    await page.getByRole('searchbox', { name: 'Search keys' }).fill('legacy');
    await expect(page.getByRole('cell', { name: /expired key matches/ })).toBeVisible();
    await shot(page, 'search-hidden-expired');
    await prepare(page, PHONE);
    await shot(page, 'search-hidden-expired-phone');
  });
});

/** The page against grafana-sim as `version`: `reach` brings it to the state, then it is shot. */
function onVersion(version: string, states: [string, (page: Page, sim: Sim) => Promise<void>][]) {
  test.describe(version, () => {
    const grafana = grafanaOf(version);
    for (const [name, reach] of states) {
      test(name, async ({ page }) => {
        await grafana.sim.reset();
        grafana.app.useConfig(TEST_CONFIG);
        const as: Credentials = ADMIN;
        const login = await page.request.post(grafana.app.url.replace(/\/apikeys\/$/, '') + '/login', { data: as });
        expect(login.status()).toBe(200);
        await prepare(page);
        await page.goto(grafana.app.resolve('/org/apikeys'));
        await reach(page, grafana.sim);
        await shot(page, name);
      });
    }
  });
}

onVersion('8.5.27', [
  [
    '8.5',
    async (page) => {
      await expect(page.getByRole('button', { name: 'Add API key' })).toBeVisible();
    },
  ],
]);

onVersion('10.4.0', [
  [
    '10.4',
    async (page) => {
      await expect(page.getByRole('region', { name: 'Switch from API keys to service accounts' })).toBeVisible();
    },
  ],
]);

onVersion('11.5.0', [
  [
    '11.5',
    async (page) => {
      await expect(page.getByRole('region', { name: 'New API keys can no longer be created' })).toBeVisible();
    },
  ],
  [
    '11.5-empty',
    async (page, sim) => {
      await sim.seed([]);
      await page.reload();
      await expect(page.getByRole('link', { name: 'Go to service accounts' })).toBeVisible();
    },
  ],
]);

onVersion('11.6.0', [
  [
    '11.6',
    async (page) => {
      await expect(page.getByRole('region', { name: 'API keys live on as service accounts' })).toBeVisible();
    },
  ],
]);

onVersion('12.1.0', [
  [
    '12.1',
    async (page) => {
      await expect(page.getByRole('region', { name: 'API keys were removed from Grafana' })).toBeVisible();
    },
  ],
  [
    '12.1-phone',
    async (page) => {
      await expect(page.getByRole('region', { name: 'API keys were removed from Grafana' })).toBeVisible();
      await prepare(page, PHONE);
    },
  ],
]);
