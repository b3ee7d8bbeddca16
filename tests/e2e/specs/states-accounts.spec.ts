// Issue 19, the service accounts views and the all-orgs overview, each state reached as a user
// reaches it: "Migrated from API keys" on 12.1 in a fresh browser (keys migrated at start-up)
// and on 9.4 after the keys page listed them; read-only users (viewer, editor, Viewer-only
// org); a taken name on 9.x; Next onto the last page; the overview on 12.1 and on a phone; the
// org picker on the overview; Grafana's role picker, name edit and documentation link.
import type { Page } from '@playwright/test';
import { expect, grafanaOf, test } from '../support/fixtures';
import { type AppServer, TEST_CONFIG } from '../support/nginx';
import { ADMIN, type Credentials, type Sim, VIEWER } from '../support/servers';

const EDITOR: Credentials = { user: 'editor', password: 'editor' };
const OPS: Credentials = { user: 'ops', password: 'ops' };
const DAY = 86_400;

const ORGS_SEED = {
  keys: [
    { name: 'ci-deploy-bot', role: 'Editor', secondsToLive: 30 * DAY },
    { name: 'legacy-export', role: 'Viewer', secondsToLive: -3 * DAY },
    { name: 'platform-deploy', role: 'Editor', secondsToLive: 2 * DAY, orgId: 2 },
  ],
  users: [{ login: 'ops', password: 'ops', name: 'Ops', email: 'ops@localhost', currentOrgId: 1 }],
  orgs: [
    { id: 1, members: [{ login: 'ops', role: 'Admin' }] },
    { id: 2, name: 'Platform', members: [{ login: 'admin', role: 'Admin' }, { login: 'ops', role: 'Admin' }] },
    { id: 3, name: 'Partners', members: [{ login: 'admin', role: 'Admin' }, { login: 'ops', role: 'Viewer' }] },
  ],
  serviceAccounts: [
    { name: 'grafana-ci', role: 'Editor', tokens: [{ name: 'ci-pipeline', secondsToLive: 30 * DAY }] },
    { name: 'platform-ci', role: 'Editor', orgId: 2, tokens: [{ name: 'old', secondsToLive: -DAY }] },
  ],
};

async function seed(sim: Sim, document: object) {
  const response = await fetch(sim.url + '/__sim/seed', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(document),
  });
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return JSON.parse(text);
}

/** Signs in through `app`'s Grafana (the browser gets the session cookie). */
async function signInAt(page: Page, app: AppServer, as: Credentials) {
  const login = await page.request.post(app.url.replace(/\/apikeys\/$/, '') + '/login', { data: as });
  expect(login.status(), await login.text()).toBe(200);
}

function migratedRows(page: Page) {
  return page.locator('table.sa-table tbody tr.keys-table__row');
}

test.describe('Migrated from API keys on 12.1, keys migrated at start-up, in a fresh browser', () => {
  const grafana = grafanaOf('12.1.0');

  test('the accounts Grafana made from the keys are listed, by name, with their key', async ({ page }) => {
    grafana.app.useConfig(TEST_CONFIG);
    await signInAt(page, grafana.app, ADMIN);
    await page.goto(grafana.app.resolve('/org/serviceaccounts?filter=migrated'));
    const note = page.getByRole('status').filter({ hasText: 'made from API keys' });
    await expect(note).toContainText('4 of the 4 service accounts searched were made from API keys');
    await expect(page.getByText(/has not seen any API key yet/)).toHaveCount(0);
    await expect(page.getByText('No service accounts found')).toHaveCount(0);
    const rows = migratedRows(page);
    await expect(rows).toHaveCount(4);
    const row = rows.filter({ hasText: 'sa-autogen-ci-deploy-bot' });
    await expect(row).toContainText('migrated (by name)');
    await expect(row).toContainText('API key ci-deploy-bot');
  });

  test('the overview has no key columns, and opens an org on its service accounts', async ({ page }) => {
    grafana.app.useConfig(TEST_CONFIG);
    await signInAt(page, grafana.app, ADMIN);
    await page.goto(grafana.app.resolve('/orgs'));
    const table = page.getByRole('table');
    await expect(table.getByRole('cell', { name: /^\d+$/ }).first()).toBeVisible();
    await expect(table.getByRole('columnheader')).toHaveText(['Organization', 'Service accounts with expired tokens', 'Tokens to rotate soon']);
    await expect(page.getByText(/has removed them/)).toHaveCount(0);
    await expect(table.getByRole('link', { name: 'Main Org.' })).toHaveAttribute('href', /\/org\/serviceaccounts\?orgId=1$/);
  });
});

test.describe('Migrated from API keys on 9.4, after the keys page', () => {
  test('a key migrated after the keys page listed it is "migrated (key #N)"', async ({ page, sim, signIn }) => {
    await signIn(ADMIN);
    await page.goto('/org/apikeys');
    await expect(page.getByRole('cell', { name: 'ci-deploy-bot', exact: true })).toBeVisible();
    const keys = (await sim.api('GET', '/api/auth/keys')).json as { id: number; name: string }[];
    const key = keys.find((k) => k.name === 'ci-deploy-bot')!;
    expect((await sim.api('POST', `/api/serviceaccounts/migrate/${key.id}`)).status).toBe(200);
    // In the same session (the ids the keys page saw are kept), as a user goes there.
    await page.getByRole('link', { name: 'Service accounts' }).click();
    await page.locator('label', { hasText: 'Migrated from API keys' }).click();
    const row = migratedRows(page).filter({ hasText: 'sa-autogen-ci-deploy-bot' });
    await expect(row).toContainText(`migrated (key #${key.id})`);
    await expect(row).toContainText('API key ci-deploy-bot');
  });
});

test.describe('read-only users: one message, no dead controls', () => {
  for (const [who, as, article] of [
    ['viewer', VIEWER, 'a Viewer'],
    ['editor', EDITOR, 'an Editor'],
  ] as const) {
    test(`${who} on Service accounts`, async ({ page, signIn }) => {
      await signIn(as);
      await page.goto('/org/serviceaccounts');
      const refusal = page.getByRole('region', { name: 'Read-only organization' }).or(page.locator('.alert').filter({ hasText: 'Read-only organization' }));
      await expect(refusal).toContainText(`You are ${article} in Main Org.`);
      await expect(page.locator('.alert')).toHaveCount(1);
      await expect(page.getByRole('searchbox')).toHaveCount(0);
      await expect(page.getByRole('radio')).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Add service account' })).toHaveCount(0);
      await expect(page.getByText(/You need the serviceaccounts/)).toHaveCount(0);
      await expect(page.getByText(/Could not load/)).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Retry' })).toHaveCount(0);

      // An account's page, bookmarked: the same one message.
      await page.goto('/org/serviceaccounts/1');
      await expect(page.locator('.alert')).toHaveCount(1);
      await expect(page.locator('.alert')).toContainText(`You are ${article} in Main Org.`);
      await expect(page.getByText(/Could not load/)).toHaveCount(0);
    });
  }

  test('a user who is Viewer only in an org, there and on the overview', async ({ page, sim, signIn }) => {
    await seed(sim, ORGS_SEED);
    await signIn(OPS);
    await page.goto('/org/serviceaccounts?orgId=3');
    await expect(page.locator('.alert')).toHaveCount(1);
    await expect(page.locator('.alert')).toContainText('You are a Viewer in Partners');
    await expect(page.getByRole('searchbox')).toHaveCount(0);
    // The overview is no org's view: no refusal about org 3 there, and the Admin orgs summed up.
    await page.getByRole('link', { name: 'All orgs overview' }).click();
    await expect(page.getByRole('link', { name: 'Platform' })).toBeVisible();
    await expect(page.getByText('Read-only organization')).toHaveCount(0);
  });

  test('a viewer on All orgs reads one message, not "Loaded 0 of 0 orgs"', async ({ page, signIn }) => {
    await signIn(VIEWER);
    await page.goto('/orgs');
    await expect(page.getByText('No organization to sum up')).toBeVisible();
    await expect(page.getByText(/Loaded 0 of 0/)).toHaveCount(0);
    await expect(page.getByRole('table')).toHaveCount(0);
  });
});

test.describe('the list and the account, as Grafana has them', () => {
  test('a taken name on 9.x: Grafana\'s answer at the name field, marked and focused', async ({ page, sim, signIn }) => {
    await seed(sim, { keys: [], serviceAccounts: [{ name: 'grafana-ci', role: 'Editor' }] });
    await signIn(ADMIN);
    await page.goto('/org/serviceaccounts');
    await page.getByRole('button', { name: 'Add service account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add service account' });
    const name = dialog.getByLabel('Display name');
    await name.fill('grafana-ci');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(name).toHaveAttribute('aria-invalid', 'true');
    await expect(name).toBeFocused();
    await expect(name).toHaveAccessibleDescription(
      'Failed to create service account: a service account named "grafana-ci" already exists in this organization. Choose another name.',
    );
    // Said once: not again under the form.
    await expect(dialog.getByText(/Failed to create service account/)).toHaveCount(1);
    await name.fill('grafana-ci-2');
    await expect(name).toHaveAttribute('aria-invalid', 'false');
  });

  test('Next onto the last page keeps the focus on a pager button', async ({ page, sim, signIn }) => {
    await seed(sim, {
      keys: [],
      serviceAccounts: Array.from({ length: 51 }, (_, i) => ({ name: `sa-${String(i).padStart(2, '0')}`, role: 'Viewer' })),
    });
    await signIn(ADMIN);
    await page.goto('/org/serviceaccounts');
    await expect(page.getByText('51 service accounts · Page 1 of 2')).toBeVisible();
    await page.getByRole('button', { name: 'Next' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByText('51 service accounts · Page 2 of 2')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Previous' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByText('51 service accounts · Page 1 of 2')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Next' })).toBeFocused();
  });

  test('each row has a role picker; the account page edits the name; "documentation" is a link', async ({ page, sim, signIn }) => {
    await seed(sim, { keys: [], serviceAccounts: [{ name: 'grafana-ci', role: 'Editor' }] });
    await signIn(ADMIN);
    await page.goto('/org/serviceaccounts');
    await expect(page.getByRole('link', { name: /documentation/ })).toHaveAttribute(
      'href',
      'https://grafana.com/docs/grafana/latest/administration/service-accounts/',
    );
    await page.getByRole('combobox', { name: 'Role of service account grafana-ci' }).selectOption('Admin');
    await expect
      .poll(async () => (await sim.api('GET', '/api/serviceaccounts/search')).json.serviceAccounts[0].role)
      .toBe('Admin');

    await page.getByRole('link', { name: 'grafana-ci' }).click();
    await page.getByRole('button', { name: 'Edit name' }).click();
    const field = page.getByRole('textbox', { name: 'Name' });
    await expect(field).toBeFocused();
    await field.fill('grafana-ci-renamed');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(async () => (await sim.api('GET', '/api/serviceaccounts/search')).json.serviceAccounts[0].name)
      .toBe('grafana-ci-renamed');
    await expect(page.getByRole('heading', { name: 'grafana-ci-renamed' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Edit name' })).toBeFocused();
  });
});

test.describe('the all-orgs overview', () => {
  test.beforeEach(async ({ sim, signIn }) => {
    await seed(sim, ORGS_SEED);
    await signIn(OPS);
  });

  test('on a 360 px phone each label stands clear of its number', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto('/orgs');
    await expect(page.getByText('Loaded 2 of 2 orgs')).toBeVisible();
    const clashes = await page.locator('table.orgs-overview td[data-label]').evaluateAll((cells) =>
      cells.flatMap((cell) => {
        const before = getComputedStyle(cell, '::before');
        const probe = document.createElement('span');
        probe.textContent = cell.getAttribute('data-label');
        probe.style.cssText = `position:absolute;visibility:hidden;white-space:nowrap;font:${before.font};font-weight:${before.fontWeight}`;
        document.body.append(probe);
        const labelWidth = probe.getBoundingClientRect().width;
        probe.remove();
        const range = document.createRange();
        range.selectNodeContents(cell);
        const text = [...range.getClientRects()];
        const cellBox = cell.getBoundingClientRect();
        const value = text.length ? Math.max(...text.map((r) => r.right)) : cellBox.right;
        const valueWidth = (cell.textContent ?? '').length ? Math.min(...text.map((r) => r.left)) : cellBox.left;
        // The value's text starts after the label's end (the label starts at the cell's left).
        return valueWidth < cellBox.left + labelWidth - 0.5 || value > cellBox.right + 0.5
          ? [`${cell.getAttribute('data-label')}: label ${labelWidth}px, value from ${valueWidth - cellBox.left}px`]
          : [];
      }),
    );
    expect(clashes).toEqual([]);
  });

  test('choosing an org on the overview opens that org\'s view', async ({ page }) => {
    await page.goto('/orgs');
    await expect(page.getByText('Loaded 2 of 2 orgs')).toBeVisible();
    await page.getByRole('combobox', { name: 'Organization' }).selectOption({ label: 'Platform — Admin' });
    await expect(page).toHaveURL(/\/apikeys\/org\/apikeys\?orgId=2$/);
    await expect(page.getByRole('cell', { name: 'platform-deploy', exact: true })).toBeVisible();
  });
});
