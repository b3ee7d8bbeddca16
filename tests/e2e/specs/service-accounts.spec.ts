// The service accounts view, end to end: the release build under /apikeys/ in front of
// grafana-sim (default profile 9.4.7), with the server's state checked after each action.
import type { Page } from '@playwright/test';
import { APP_DIST, exactly, expect, test } from '../support/fixtures';
import { AppServer } from '../support/nginx';
import { ADMIN, Sim, VIEWER } from '../support/servers';

const SEED = {
  keys: [
    { name: 'ci-deploy-bot', role: 'Editor', secondsToLive: 2592000 },
    { name: 'dashboard-sync', role: 'Editor', migrated: true },
  ],
  serviceAccounts: [
    {
      name: 'grafana-ci',
      role: 'Editor',
      tokens: [
        { name: 'ci-pipeline', secondsToLive: 2592000, lastUsedSecondsAgo: 3600 },
        { name: 'ci-nightly', secondsToLive: -86400 },
        { name: 'ci-old', secondsToLive: -172800 },
        { name: 'ci-older', secondsToLive: -259200 },
        { name: 'ci-release', secondsToLive: null },
      ],
    },
    { name: 'alerting-sync', role: 'Viewer', tokens: [{ name: 'alert-sync-token', secondsToLive: 259200 }] },
    { name: 'old-exporter', role: 'Viewer', isDisabled: true, tokens: [{ name: 'exporter-token', secondsToLive: -604800 }] },
    { name: 'metrics-admin', role: 'Admin' },
  ],
};

async function seed(sim: Sim, document: object = SEED) {
  const response = await fetch(sim.url + '/__sim/seed', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(document),
  });
  expect(response.status, await response.text()).toBe(200);
}

type Account = { id: number; name: string; role: string; isDisabled: boolean; tokens: number };

async function accounts(sim: Sim): Promise<Account[]> {
  const answer = await sim.api('GET', '/api/serviceaccounts/search?perpage=1000');
  expect(answer.status, answer.text).toBe(200);
  return answer.json.serviceAccounts;
}

async function account(sim: Sim, name: string): Promise<Account> {
  const found = (await accounts(sim)).find((a) => a.name === name);
  if (!found) throw new Error(`no account ${name}`);
  return found;
}

async function tokens(sim: Sim, id: number): Promise<{ id: number; name: string }[]> {
  return (await sim.api('GET', `/api/serviceaccounts/${id}/tokens`)).json;
}

function accountNames(page: Page) {
  return page.locator('table.sa-table tbody td.keys-table__name a');
}

function accountRow(page: Page, name: string) {
  return page
    .locator('table.sa-table tbody tr')
    .filter({ has: page.locator('td.keys-table__name a').filter({ hasText: exactly(name) }) });
}

function tokenNames(page: Page) {
  return page.locator('table.sa-tokens tbody td.keys-table__name');
}

async function openAccount(page: Page, sim: Sim, name: string) {
  const { id } = await account(sim, name);
  await page.goto(`/org/serviceaccounts/${id}`);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.locator('table.sa-tokens')).toBeVisible();
  return id;
}

test.describe('the service accounts list', () => {
  test.beforeEach(async ({ sim, signIn }) => {
    await seed(sim);
    await signIn();
  });

  test("lists Grafana's columns, the total and the state, with tabs both ways", async ({ page }) => {
    await page.goto('/org/serviceaccounts');
    await expect(accountNames(page)).toHaveText([
      'alerting-sync',
      'grafana-ci',
      'metrics-admin',
      'old-exporter',
      'sa-autogen-dashboard-sync',
    ]);
    await expect(page.getByRole('columnheader')).toHaveText(['Account', 'ID', 'Roles', 'Tokens', 'State', 'Actions']);
    await expect(accountRow(page, 'metrics-admin')).toContainText('No tokens');
    await expect(accountRow(page, 'grafana-ci')).toContainText('5 tokens');
    await expect(accountRow(page, 'old-exporter')).toContainText('Disabled');
    await expect(accountRow(page, 'old-exporter').getByRole('button', { name: /^Enable/ })).toBeVisible();
    await expect(page.getByText('5 service accounts · Page 1 of 1')).toBeVisible();

    const tab = page.getByRole('link', { name: 'Service accounts', exact: true });
    await expect(tab).toHaveAttribute('aria-current', 'page');
    await page.getByRole('link', { name: 'API keys', exact: true }).click();
    await expect(page).toHaveURL(/\/apikeys\/org\/apikeys$/);
    await page.goto('/org/serviceaccounts');
    await accountRow(page, 'grafana-ci').getByRole('link', { name: 'grafana-ci' }).click();
    await expect(page).toHaveURL(/\/apikeys\/org\/serviceaccounts\/\d+$/);
    await expect(page.getByRole('link', { name: 'Service accounts', exact: true })).toHaveAttribute('aria-current', 'page');
  });

  test('searches by name, with the search in the URL through a reload', async ({ page }) => {
    await page.goto('/org/serviceaccounts');
    await page.getByRole('searchbox', { name: 'Search service account by name' }).fill('alert');
    await expect(accountNames(page)).toHaveText(['alerting-sync']);
    await expect(page).toHaveURL(/\?search=alert$/);
    await page.reload();
    await expect(accountNames(page)).toHaveText(['alerting-sync']);
    await expect(page.getByRole('searchbox', { name: 'Search service account by name' })).toHaveValue('alert');
  });

  test("Grafana's filters: with expired tokens, disabled", async ({ page }) => {
    await page.goto('/org/serviceaccounts');
    const filters = page.getByRole('group', { name: 'Filter' });
    await filters.getByText('With expired tokens', { exact: true }).click();
    await expect(accountNames(page)).toHaveText(['grafana-ci', 'old-exporter']);
    await expect(page).toHaveURL(/filter=expiredTokens/);
    await filters.getByText('Disabled', { exact: true }).click();
    await expect(accountNames(page)).toHaveText(['old-exporter']);
    await filters.getByText('All', { exact: true }).click();
    await expect(accountNames(page)).toHaveCount(5);
  });

  test('pages 50 at a time, with Previous and Next', async ({ page, sim }) => {
    const many = Array.from({ length: 55 }, (_, i) => ({ name: `sa-${String(i).padStart(2, '0')}` }));
    await seed(sim, { serviceAccounts: many });
    await page.goto('/org/serviceaccounts');
    await expect(page.getByText('55 service accounts · Page 1 of 2')).toBeVisible();
    await expect(accountNames(page)).toHaveCount(50);
    await expect(page.getByRole('button', { name: 'Previous' })).toBeDisabled();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(accountNames(page)).toHaveText(['sa-50', 'sa-51', 'sa-52', 'sa-53', 'sa-54']);
    await expect(page).toHaveURL(/page=2/);
    await expect(page.getByRole('button', { name: 'Next' })).toBeDisabled();
    await page.reload();
    await expect(page.getByText('55 service accounts · Page 2 of 2')).toBeVisible();
  });

  test('says when there are none yet', async ({ page, sim }) => {
    await seed(sim, { keys: [] });
    await page.goto('/org/serviceaccounts');
    await expect(page.getByText("You haven't created any service accounts yet")).toBeVisible();
  });

  test('adds an account and opens its page', async ({ page, sim }) => {
    await page.goto('/org/serviceaccounts');
    await page.getByRole('button', { name: 'Add service account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add service account' });
    await dialog.getByLabel('Display name').fill('backup-bot');
    await dialog.getByLabel('Role').selectOption('Editor');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'backup-bot' })).toBeVisible();
    expect((await account(sim, 'backup-bot')).role).toBe('Editor');
    // A taken name: the server's message, at the name field.
    await page.goto('/org/serviceaccounts');
    await page.getByRole('button', { name: 'Add service account' }).click();
    const name = page.getByRole('dialog').getByLabel('Display name');
    await name.fill('backup-bot');
    await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
    await expect(name).toHaveAttribute('aria-invalid', 'true');
    await expect(name).toHaveAccessibleDescription(/^Failed to create service account: a service account named "backup-bot"/);
  });

  test('disables and enables an account from its row', async ({ page, sim }) => {
    await page.goto('/org/serviceaccounts');
    await page.getByRole('button', { name: 'Disable service account alerting-sync' }).click();
    const confirm = page.getByRole('dialog', { name: 'Disable service account' });
    await expect(confirm).toContainText("Are you sure you want to disable 'alerting-sync'?");
    await confirm.getByRole('button', { name: 'Disable service account' }).click();
    await expect(page.locator('.toast--success')).toContainText('Service account updated');
    await expect(accountRow(page, 'alerting-sync')).toContainText('Disabled');
    expect((await account(sim, 'alerting-sync')).isDisabled).toBe(true);
    await page.getByRole('button', { name: 'Enable service account alerting-sync' }).click();
    await expect(accountRow(page, 'alerting-sync')).toContainText('Enabled');
    expect((await account(sim, 'alerting-sync')).isDisabled).toBe(false);
  });

  test('deletes an account after saying how many tokens go with it', async ({ page, sim }) => {
    await page.goto('/org/serviceaccounts');
    await page.getByRole('button', { name: 'Delete service account grafana-ci' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete service account' });
    await expect(dialog).toContainText('Are you sure you want to delete grafana-ci and 5 accompanying tokens?');
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(page.locator('.toast--success')).toContainText('Service account deleted');
    await expect(accountRow(page, 'grafana-ci')).toHaveCount(0);
    expect((await accounts(sim)).map((a) => a.name)).not.toContain('grafana-ci');
  });

  test('a Viewer reads why once, with no dead controls', async ({ page, signIn }) => {
    await signIn(VIEWER);
    await page.goto('/org/serviceaccounts');
    await expect(page.getByRole('region', { name: 'Read-only organization' })).toContainText('You are a Viewer in Main Org.');
    await expect(page.getByRole('button', { name: 'Add service account' })).toHaveCount(0);
    await expect(page.getByRole('searchbox')).toHaveCount(0);
    await expect(page.getByText(/You need the serviceaccounts:create permission/)).toHaveCount(0);
  });
});

test.describe("an account's page", () => {
  test.beforeEach(async ({ sim, signIn }) => {
    await seed(sim);
    await signIn();
  });

  test('shows its information and tokens with expired marks', async ({ page, sim }) => {
    const id = await openAccount(page, sim, 'grafana-ci');
    const info = page.getByRole('region', { name: 'Information' });
    await expect(info).toContainText(`Numerical identifier${id}`);
    await expect(info).toContainText('IDsa-1-grafana-ci');
    await expect(page.getByLabel('Roles')).toHaveValue('Editor');
    await expect(page.locator('table.sa-tokens thead th')).toHaveText(['Name', 'Expires', 'Created', 'Last used at', 'Actions']);
    await expect(tokenNames(page)).toHaveText(['ci-nightly', 'ci-old', 'ci-older', 'ci-pipeline', 'ci-release']);
    const nightly = page.locator('table.sa-tokens tbody tr').filter({ hasText: 'ci-nightly' });
    await expect(nightly.locator('.badge--expired')).toHaveAttribute('data-tooltip', 'This token has expired');
    const release = page.locator('table.sa-tokens tbody tr').filter({ hasText: 'ci-release' });
    await expect(release.locator('td[data-label="Expires"]')).toHaveText('Never');
    await expect(release.locator('td[data-label="Last used at"]')).toHaveText('Never');
  });

  test('adds a token and shows it once, with a curl example', async ({ page, sim }) => {
    const id = await openAccount(page, sim, 'metrics-admin');
    await page.getByRole('button', { name: 'Add service account token' }).click();
    const form = page.getByRole('dialog', { name: 'Add service account token' });
    await form.getByLabel('Display name').fill('nightly-export');
    await form.getByText('Set time to live').click();
    await form.getByRole('textbox', { name: 'Time to live' }).fill('1.5h');
    await form.getByRole('button', { name: 'Generate token' }).click();
    await expect(form).toContainText('Not a valid duration');
    await form.getByRole('textbox', { name: 'Time to live' }).fill('7d');
    await form.getByRole('button', { name: 'Generate token' }).click();

    const shown = page.getByRole('dialog', { name: 'Service account token created' });
    const secret = await shown.getByLabel('Token').inputValue();
    expect(secret).toMatch(/^glsa_[0-9A-Za-z]{32}_[0-9a-f]{8}$/);
    await expect(shown.locator('pre')).toHaveText(
      new RegExp(`^curl -H "Authorization: Bearer ${secret}" http://127\\.0\\.0\\.1:\\d+/api/dashboards/home$`),
    );
    await expect(shown).toContainText('Copy the token now as you will not be able to see it again.');
    // The token works.
    const home = await fetch(sim.url + '/api/dashboards/home', { headers: { Authorization: `Bearer ${secret}` } });
    expect(home.status).toBe(200);
    await shown.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(tokenNames(page)).toHaveText(['nightly-export']);
    expect(await page.content()).not.toContain(secret);
    expect((await tokens(sim, id)).map((t) => t.name)).toEqual(['nightly-export']);
  });

  test('a taken token name shows the server message in the form', async ({ page, sim }) => {
    await openAccount(page, sim, 'metrics-admin');
    await page.getByRole('button', { name: 'Add service account token' }).click();
    const form = page.getByRole('dialog', { name: 'Add service account token' });
    await form.getByLabel('Display name').fill('ci-pipeline');
    await form.getByRole('button', { name: 'Generate token' }).click();
    await expect(form.getByRole('alert')).toHaveText(
      'service account token with given name already exists in the organization',
    );
  });

  test('deletes a token after a confirmation', async ({ page, sim }) => {
    const id = await openAccount(page, sim, 'alerting-sync');
    await page.getByRole('button', { name: 'Delete token alert-sync-token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete service account token' });
    await expect(dialog).toContainText('alert-sync-token');
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(page.locator('.toast--success')).toContainText('Service account token deleted');
    await expect(page.locator('table.sa-tokens tbody')).toContainText('No tokens');
    expect(await tokens(sim, id)).toEqual([]);
  });

  test("changes the account's role", async ({ page, sim }) => {
    await openAccount(page, sim, 'alerting-sync');
    await page.getByLabel('Roles').selectOption('Editor');
    await expect(page.locator('.toast--success')).toContainText('Service account updated');
    await expect.poll(async () => (await account(sim, 'alerting-sync')).role).toBe('Editor');
    await expect(page.getByLabel('Roles')).toHaveValue('Editor');
  });

  test('disables, enables and deletes it from its page', async ({ page, sim }) => {
    await openAccount(page, sim, 'alerting-sync');
    await page.getByRole('button', { name: 'Disable service account' }).click();
    const confirm = page.getByRole('dialog', { name: 'Disable service account' });
    await expect(confirm).toContainText('Are you sure you want to disable this service account?');
    await confirm.getByRole('button', { name: 'Disable service account' }).click();
    await expect(page.getByText('This service account is disabled')).toBeVisible();
    expect((await account(sim, 'alerting-sync')).isDisabled).toBe(true);
    await page.getByRole('button', { name: 'Enable service account' }).click();
    await expect(page.getByText('This service account is disabled')).toHaveCount(0);
    await page.getByRole('button', { name: 'Delete service account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete service account' });
    await expect(dialog).toContainText('Are you sure you want to delete alerting-sync and 1 accompanying token?');
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(page).toHaveURL(/\/org\/serviceaccounts$/);
    expect((await accounts(sim)).map((a) => a.name)).not.toContain('alerting-sync');
  });

  test('deletes expired tokens one by one; a failure is resumed and nothing else is touched', async ({ page, sim }) => {
    const id = await openAccount(page, sim, 'grafana-ci');
    const before = await tokens(sim, id);
    const old = before.find((t) => t.name === 'ci-old')!;
    await sim.faults([`DELETE /api/serviceaccounts/${id}/tokens/${old.id}=500`]);

    await page.getByRole('button', { name: 'Delete expired (3)' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete expired tokens' });
    await expect(confirm.locator('li')).toHaveText(['ci-nightly', 'ci-old', 'ci-older']);
    await confirm.getByRole('button', { name: 'Delete expired tokens' }).click();

    const run = page.getByRole('dialog', { name: 'Delete expired tokens' });
    await expect(run.getByRole('status')).toHaveText('Deleted 2 of 3; 1 not deleted.');
    await expect(run.locator('.sa-bulk__item')).toHaveText([
      'ci-nightlyDeleted',
      'ci-oldNot deleted: Internal server error',
      'ci-olderDeleted',
    ]);
    expect((await tokens(sim, id)).map((t) => t.name)).toEqual(['ci-old', 'ci-pipeline', 'ci-release']);

    await sim.faults([]);
    await run.getByRole('button', { name: 'Retry the remaining' }).click();
    await expect(run.getByRole('status')).toHaveText('Deleted 3 of 3.');
    await expect(run.getByRole('button', { name: 'Retry the remaining' })).toHaveCount(0);
    await run.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(tokenNames(page)).toHaveText(['ci-pipeline', 'ci-release']);
    expect((await tokens(sim, id)).map((t) => t.name)).toEqual(['ci-pipeline', 'ci-release']);
  });
});

test.describe('migrated keys', () => {
  test('"Migrated from API keys" shows the account holding a key the page listed', async ({ page, sim, signIn }) => {
    await seed(sim, { keys: [{ name: 'to-migrate', role: 'Viewer' }] });
    await signIn();
    await page.goto('/org/apikeys');
    await page.getByRole('button', { name: 'Migrate to service account: to-migrate' }).click();
    await expect(page.locator('.toast--success')).toBeVisible();
    await page.getByRole('link', { name: 'Service accounts', exact: true }).click();
    await page.getByText('Migrated from API keys', { exact: true }).click();
    await expect(accountNames(page)).toHaveText(['sa-autogen-to-migrate']);
    await expect(accountRow(page, 'sa-autogen-to-migrate')).toContainText('migrated (key #1)');
  });
});

test.describe('against Grafana 9.0 without the serviceAccounts toggle', () => {
  // Its own grafana-sim and app server: a version is a worker option, which a describe block
  // of this file cannot change.
  test('says there are no service accounts here', async ({ page }) => {
    const sim = await Sim.start({ version: '9.0.9' });
    const app = await AppServer.start(APP_DIST, sim.url);
    try {
      const login = await page.request.post(app.url.replace(/\/apikeys\/$/, '') + '/login', { data: ADMIN });
      expect(login.status()).toBe(200);
      await page.goto(app.resolve('/org/serviceaccounts'));
      await expect(page.getByRole('region', { name: 'No service accounts here' })).toContainText(
        'This Grafana server (9.0.9) has no service accounts',
      );
    } finally {
      await app.stop();
      await sim.stop();
    }
  });
});
