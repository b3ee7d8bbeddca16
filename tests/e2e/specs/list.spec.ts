import { ADMIN, VIEWER } from '../support/servers';
import { expect, keyNames, keyRow, test } from '../support/fixtures';

/** `YYYY-MM-DD HH:mm:ss`, then the relative form. */
const DATE_THEN_RELATIVE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} in \d+ (minute|hour|day|month)s?/;

test.describe('the API keys list', () => {
  test('shows keys created through the API, in name order, with role and expiry', async ({
    page,
    sim,
    signIn,
    consoleErrors,
  }) => {
    await sim.seed([]);
    await sim.createKey('zeta-deployer', 'Editor', 3600);
    await sim.createKey('alpha-backup', 'Admin');
    await sim.createKey('mid-viewer', 'Viewer', 86400 * 30);
    await signIn();

    await page.goto('/org/apikeys');
    await expect(page.getByRole('heading', { name: 'API keys' })).toBeVisible();
    await expect(page.locator('table.keys-table tbody tr:not([hidden])')).toHaveCount(3);

    await expect(keyNames(page)).toHaveText(['alpha-backup', 'mid-viewer', 'zeta-deployer']);
    const cells = (name: string) => keyRow(page, name).locator('td');
    await expect(cells('alpha-backup').nth(1)).toHaveText('Admin');
    await expect(cells('mid-viewer').nth(1)).toHaveText('Viewer');
    await expect(cells('zeta-deployer').nth(1)).toHaveText('Editor');
    await expect(cells('alpha-backup').nth(2)).toHaveText('No expiration date');
    await expect(cells('mid-viewer').nth(2)).toHaveText(DATE_THEN_RELATIVE);
    await expect(cells('mid-viewer').nth(2)).not.toContainText('Expires soon');
    await expect(cells('zeta-deployer').nth(2)).toHaveText(DATE_THEN_RELATIVE);
    await expect(cells('zeta-deployer').nth(2)).toContainText('Expires soon');
    await expect(page.getByRole('columnheader')).toHaveText(['Name', 'Role', 'Expires', 'Actions']);
    expect(consoleErrors).toEqual([]);
  });

  test('lists only the keys that have not expired', async ({ page, sim, signIn }) => {
    await sim.seed([
      { name: 'expired-key', role: 'Viewer', secondsToLive: -3600 },
      { name: 'live-key', role: 'Viewer', secondsToLive: 3600 },
    ]);
    await signIn();
    await page.goto('/org/apikeys');
    // The page lists the active keys (includeExpired=false), so only the live one is there.
    await expect(keyNames(page)).toHaveText(['live-key']);
  });

  test('/ leads to /org/apikeys', async ({ page, signIn }) => {
    await signIn();
    await page.goto('/');
    await expect(page).toHaveURL(/\/org\/apikeys$/);
    await expect(page.getByRole('heading', { name: 'API keys' })).toBeVisible();
  });

  test('an unknown path says so and links back to the keys', async ({ page, signIn }) => {
    await signIn();
    await page.goto('/no/such/page');
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await page.locator('main').getByRole('link', { name: 'API keys', exact: true }).click();
    await expect(page).toHaveURL(/\/org\/apikeys$/);
  });

  test('shows "Loading ..." until the list arrives', async ({ page, sim, signIn }) => {
    await signIn();
    await expect(page.request.get('/api/auth/keys')).resolves.toBeOK();
    await sim.latency(1500);
    await page.goto('/org/apikeys');
    await expect(page.getByText('Loading ...')).toBeVisible();
    await expect(page.locator('table.keys-table')).toBeVisible();
    await expect(page.getByText('Loading ...')).toHaveCount(0);
  });

  test('a key name with markup is shown as text', async ({ page, sim, signIn, consoleErrors }) => {
    const name = '<img src=x onerror="window.__xss=1"><b>bold</b>';
    await sim.seed([]);
    await sim.createKey(name);
    await signIn();
    await page.goto('/org/apikeys');
    await expect(page.locator('td.keys-table__name')).toHaveText(name);
    await expect(page.locator('table.keys-table img, table.keys-table b')).toHaveCount(0);
    expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
    expect(consoleErrors).toEqual([]);
  });
});

test.describe('when the list cannot be loaded', () => {
  test('a user without permission is told the org is read-only, not that loading failed', async ({
    page,
    sim,
    signIn,
  }) => {
    const direct = await sim.api('GET', '/api/auth/keys?includeExpired=false&accesscontrol=true', undefined, VIEWER);
    expect(direct.status).toBe(403);
    await signIn(VIEWER);
    await page.goto('/org/apikeys');
    // Issue 19: one read-only message (the org bar's), no failure and no Retry.
    await expect(page.getByRole('region', { name: 'Read-only organization' })).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Retry' })).toHaveCount(0);
  });

  test("a server error shows the server's message, and Retry recovers", async ({ page, sim, signIn }) => {
    await sim.faults(['GET /api/auth/keys=500']);
    const direct = await sim.api('GET', '/api/auth/keys');
    expect(direct.status).toBe(500);
    await signIn();
    await page.goto('/org/apikeys');
    await expect(page.getByRole('alert')).toContainText(direct.json.message);

    await sim.faults([]);
    await page.getByRole('button', { name: 'Retry' }).click();
    await expect(page.locator('table.keys-table')).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
  });

  test('an HTML page where JSON was expected is described, not parsed', async ({ page, sim, signIn }) => {
    await sim.faults(['GET /api/auth/keys=html']);
    await signIn();
    await page.goto('/org/apikeys');
    await expect(page.getByRole('alert')).toContainText('HTML page');
  });

  test('a dropped connection says Grafana could not be reached', async ({ page, sim, signIn }) => {
    await sim.faults(['GET /api/auth/keys=close']);
    await signIn();
    await page.goto('/org/apikeys');
    await expect(page.getByRole('alert')).toContainText('Could not reach Grafana');
  });
});

test.describe('when not signed in', () => {
  test('the page asks to sign in, reports a wrong password, then lists the keys', async ({ page }) => {
    await page.goto('/org/apikeys');
    await expect(page.getByRole('heading', { name: 'Sign in to Grafana' })).toBeVisible();

    await page.getByLabel('Email or username').fill(ADMIN.user);
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toHaveText('Invalid username or password');

    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.locator('table.keys-table')).toBeVisible();
    // The session cookie is Grafana's, HttpOnly: the page's script cannot read it.
    expect(await page.evaluate(() => document.cookie)).not.toContain('grafana_session');
  });
});
