// The gallery of states of the shell, the service accounts views and the all-orgs overview
// (issue 19): each reached as a user reaches it, shot at the viewport (1280 px, or 360 px where
// the layout changes) into docs/screenshots/states/{shell,accounts,orgs}-<state>.png. Run by
// `make screenshots` (tests/e2e/screenshots.config.ts); grafana-sim 9.4.7 (the worker's) and
// 12.1 (started here, keys migrated at start-up).
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, grafanaOf, test } from './support/fixtures';
import { TEST_CONFIG } from './support/nginx';
import { ADMIN, type Credentials, type Sim, VIEWER } from './support/servers';

const OUT = path.join(__dirname, '../../docs/screenshots/states');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 780 };
const OPS: Credentials = { user: 'ops', password: 'ops' };
const DAY = 86_400;

const ORGS_SEED = {
  keys: [
    { name: 'ci-deploy-bot', role: 'Editor', secondsToLive: 30 * DAY },
    { name: 'grafana-backup', role: 'Admin', secondsToLive: null },
    { name: 'prometheus-alert-sync', role: 'Editor', secondsToLive: 2 * DAY },
    { name: 'legacy-reporting-export', role: 'Viewer', secondsToLive: -3 * DAY },
    { name: 'platform-deploy', role: 'Editor', secondsToLive: 30 * DAY, orgId: 2 },
    { name: 'platform-oncall-pager', role: 'Viewer', secondsToLive: 2 * DAY, orgId: 2 },
    { name: 'platform-legacy-export', role: 'Viewer', secondsToLive: -5 * DAY, orgId: 2 },
  ],
  users: [{ login: 'ops', password: 'ops', name: 'Ops', email: 'ops@localhost', currentOrgId: 1 }],
  orgs: [
    { id: 1, members: [{ login: 'ops', role: 'Admin' }] },
    { id: 2, name: 'Platform', members: [{ login: 'admin', role: 'Admin' }, { login: 'ops', role: 'Admin' }] },
    { id: 3, name: 'Partners', members: [{ login: 'admin', role: 'Admin' }, { login: 'ops', role: 'Viewer' }] },
  ],
  serviceAccounts: [
    { name: 'grafana-ci', role: 'Editor', tokens: [{ name: 'ci-nightly', secondsToLive: -DAY }] },
    { name: 'metrics-admin', role: 'Admin' },
    { name: 'platform-ci', role: 'Editor', orgId: 2, tokens: [{ name: 'platform-ci-2024', secondsToLive: -14 * DAY }] },
  ],
};

async function seed(sim: Sim, document: object) {
  const response = await fetch(sim.url + '/__sim/seed', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(document),
  });
  expect(response.status, await response.text()).toBe(200);
}

async function shot(page: Page, name: string) {
  await page.mouse.move(0, 0);
  await page.screenshot({ path: `${OUT}/${name}.png` });
}

async function prepare(page: Page, size = DESKTOP) {
  await page.setViewportSize(size);
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
}

test.describe('9.4.7', () => {
  for (const [route, name] of [
    ['/orgs', 'shell-signed-out-orgs'],
    ['/org/serviceaccounts', 'shell-signed-out-serviceaccounts'],
  ] as const) {
    test(`signed out: ${route}`, async ({ page }) => {
      await prepare(page);
      await page.goto(route);
      await expect(page.getByRole('heading', { name: 'Sign in to Grafana' })).toBeVisible();
      await shot(page, name);
    });
  }

  test('the session above the view, multi-org', async ({ page, sim, signIn }) => {
    await seed(sim, ORGS_SEED);
    await signIn(OPS);
    await prepare(page);
    await page.goto('/org/serviceaccounts');
    await expect(page.getByRole('group', { name: 'Your session' })).toContainText('ops · Admin in Main Org.');
    await expect(page.getByRole('combobox', { name: 'Role of service account grafana-ci' })).toBeVisible();
    await shot(page, 'shell-session');
    await shot(page, 'accounts-list-role-picker');
    await page.getByRole('combobox', { name: 'Role of service account metrics-admin' }).selectOption('Editor');
    await expect(page.locator('.toast').first()).toBeVisible();
    await shot(page, 'shell-notification-bottom');
  });

  test('read-only: a viewer, and a Viewer-only org', async ({ page, sim, signIn }) => {
    await prepare(page);
    await signIn(VIEWER);
    await page.goto('/org/serviceaccounts');
    await expect(page.getByText('Read-only organization')).toBeVisible();
    await shot(page, 'accounts-read-only-viewer');
    await page.goto('/orgs');
    await expect(page.getByText('No organization to sum up')).toBeVisible();
    await shot(page, 'orgs-admin-nowhere');

    await seed(sim, ORGS_SEED);
    await signIn(OPS);
    await page.goto('/org/serviceaccounts?orgId=3');
    await expect(page.getByText('You are a Viewer in Partners')).toBeVisible();
    await shot(page, 'accounts-read-only-org');
  });

  test('a taken name, and the migrated list by key id', async ({ page, sim, signIn }) => {
    await prepare(page);
    await signIn(ADMIN);
    await page.goto('/org/apikeys');
    await expect(page.getByRole('cell', { name: 'ci-deploy-bot', exact: true })).toBeVisible();
    const keys = (await sim.api('GET', '/api/auth/keys')).json as { id: number; name: string }[];
    for (const key of keys) await sim.api('POST', `/api/serviceaccounts/migrate/${key.id}`);
    await page.getByRole('link', { name: 'Service accounts' }).click();
    await page.locator('label', { hasText: 'Migrated from API keys' }).click();
    await expect(page.getByText(/migrated \(key #\d+\)/).first()).toBeVisible();
    await shot(page, 'accounts-migrated-by-key-9.4');

    expect((await sim.api('POST', '/api/serviceaccounts', { name: 'grafana-ci', role: 'Editor' })).status).toBe(201);
    await page.getByRole('button', { name: 'Add service account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add service account' });
    await dialog.getByLabel('Display name').fill('grafana-ci');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(dialog.getByLabel('Display name')).toHaveAttribute('aria-invalid', 'true');
    await shot(page, 'accounts-duplicate-name');
  });

  test('empty, and the name edit', async ({ page, sim, signIn }) => {
    await prepare(page);
    await signIn(ADMIN);
    await page.goto('/org/serviceaccounts');
    await expect(page.getByText("You haven't created any service accounts yet")).toBeVisible();
    await shot(page, 'accounts-empty');
    await seed(sim, { keys: [], serviceAccounts: [{ name: 'grafana-ci', role: 'Editor' }] });
    await page.reload();
    await page.getByRole('link', { name: 'grafana-ci' }).click();
    await page.getByRole('button', { name: 'Edit name' }).click();
    await shot(page, 'accounts-name-edit');
  });

  test('the overview on a phone', async ({ page, sim, signIn }) => {
    await seed(sim, ORGS_SEED);
    await signIn(OPS);
    await prepare(page, PHONE);
    await page.goto('/orgs');
    await expect(page.getByText('Loaded 2 of 2 orgs')).toBeVisible();
    await shot(page, 'orgs-phone');
  });
});

test.describe('12.1, keys migrated at start-up', () => {
  const grafana = grafanaOf('12.1.0');

  test('signed out, the migrated list, the overview', async ({ page }) => {
    grafana.app.useConfig(TEST_CONFIG);
    await prepare(page);
    await page.goto(grafana.app.resolve('/org/apikeys'));
    await expect(page.getByRole('heading', { name: 'Sign in to Grafana' })).toBeVisible();
    await shot(page, 'shell-signed-out-apikeys-12.1');

    await seed(grafana.sim, ORGS_SEED);
    const login = await page.request.post(grafana.app.url.replace(/\/apikeys\/$/, '') + '/login', { data: ADMIN });
    expect(login.status()).toBe(200);
    await page.goto(grafana.app.resolve('/org/serviceaccounts?filter=migrated'));
    await expect(page.getByText('migrated (by name)').first()).toBeVisible();
    await shot(page, 'accounts-migrated-12.1');

    await page.goto(grafana.app.resolve('/orgs'));
    await expect(page.getByText(/Loaded \d+ of \d+ orgs/)).toBeVisible();
    await expect(page.locator('.orgs-overview__loading')).toHaveCount(0);
    await shot(page, 'orgs-12.1');
    await prepare(page, PHONE);
    await shot(page, 'orgs-12.1-phone');
  });
});
