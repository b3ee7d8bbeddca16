import { BANNER, expect, keyRow, open, test } from './fixture';

test.use({ grafanaVersion: '9.4.7' });

test.describe('against Grafana 9.4', () => {
  test('migrating all keys asks first, then says they were migrated, in one card', async ({ page, signIn, sim }) => {
    await signIn();
    await open(page);
    await page.getByRole('button', { name: 'Migrate to service accounts now' }).click();
    const confirm = page.getByRole('dialog', { name: 'Migrate API keys to service accounts' });
    await expect(confirm).toContainText('Are you sure you want to migrate all API keys to service accounts?');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(confirm).toHaveCount(0);
    await expect(keyRow(page, 'grafana-backup')).toHaveCount(1);

    await page.getByRole('button', { name: 'Migrate to service accounts now' }).click();
    await confirm.getByRole('button', { name: 'Yes, migrate now' }).dblclick();
    await expect(page.getByRole('region', { name: 'API keys migrated to service accounts' })).toBeVisible();
    await expect(page.getByText(BANNER)).toHaveCount(0);
    const accounts = await sim.api('GET', '/api/serviceaccounts/search?query=');
    expect(accounts.json.totalCount).toBeGreaterThanOrEqual(3);
  });

  test('"Hide API keys page forever" asks, hides, and the page says so', async ({ page, signIn, sim }) => {
    await sim.api('POST', '/api/serviceaccounts/migrate');
    await signIn();
    await open(page);
    await expect(page.getByRole('region', { name: 'API keys were migrated to service accounts' })).toBeVisible();
    await page.getByRole('button', { name: 'Hide API keys page forever' }).click();
    const confirm = page.getByRole('dialog', { name: 'Hide API Keys page forever' });
    await expect(confirm).toContainText(
      'Are you sure you want to hide API keys page forever and use service accounts from now on?',
    );
    await confirm.getByRole('button', { name: 'Yes, hide API keys page.' }).click();
    const hidden = page.getByRole('region', { name: 'The API keys page is hidden' });
    await expect(hidden.getByRole('link', { name: 'Go to service accounts' })).toHaveAttribute(
      'href',
      /\/org\/serviceaccounts$/,
    );
    await expect(page.getByRole('button', { name: 'Hide API keys page forever' })).toHaveCount(0);
    const state = await (await fetch(`${sim.url}/__sim/state`)).json();
    expect(state.hideApiKeysOrgs).toEqual([1]);
  });

  test('one key migrates from its row, once, and leaves the list', async ({ page, signIn, sim }) => {
    const migrations: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/serviceaccounts/migrate/')) migrations.push(request.url());
    });
    await signIn();
    await open(page);
    await page.getByRole('button', { name: 'Migrate to service account: kiosk-viewer' }).dblclick();
    await expect(page.locator('.toast--success')).toContainText('Migrated kiosk-viewer to a service account');
    await expect(keyRow(page, 'kiosk-viewer')).toHaveCount(0);
    expect(migrations).toHaveLength(1);
    const accounts = await sim.api('GET', '/api/serviceaccounts/search?query=kiosk');
    expect(accounts.json.serviceAccounts).toHaveLength(1);
  });

  test("a failed migration shows the server's message and keeps the key", async ({ page, signIn, sim }) => {
    await signIn();
    await open(page);
    await sim.faults(['POST /api/serviceaccounts/migrate/*=500']);
    await page.getByRole('button', { name: 'Migrate to service account: kiosk-viewer' }).click();
    await expect(page.locator('.toast--error')).toContainText('Error converting API key');
    await expect(keyRow(page, 'kiosk-viewer')).toHaveCount(1);
  });

  test('a 410 on create hides the create controls and says why', async ({ page, signIn, sim }) => {
    await signIn();
    await open(page);
    await sim.faults(['POST /api/auth/keys=410']);
    const direct = await sim.api('POST', '/api/auth/keys', { name: 'x', role: 'Viewer' });
    await page.getByRole('button', { name: 'Add API key' }).click();
    await page.getByLabel('Key name').fill('too-late');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByText('New API keys can no longer be created')).toBeVisible();
    await expect(page.getByText(direct.json.message)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Add API key' })).toHaveCount(0);
  });
});
