// The service accounts view end to end against grafana-sim as Grafana 9.4, 10.4, 11.6 and 12.1,
// with the server's state checked after each action. A version is a worker option, which a
// describe block cannot change: each block starts its own grafana-sim and app server instead.
import type { Page } from '@playwright/test';
import { exactly, expect, grafanaOf, test } from '../support/fixtures';
import type { AppServer } from '../support/nginx';
import { ADMIN, type Sim } from '../support/servers';

/** The grafana-sim and app server of the describe block running now. */
let current: { sim: Sim; app: AppServer } | undefined;

/** Runs the enclosing describe block against grafana-sim as Grafana `version`. */
function onGrafana(version: string) {
  const servers = grafanaOf(version);
  test.beforeAll(() => {
    current = servers;
  });
  test.afterAll(() => {
    current = undefined;
  });
  test.beforeEach(async () => {
    await server().sim.reset();
  });
}

function server() {
  if (!current) throw new Error('no grafana-sim for this block');
  return current;
}

/** Opens an app route (`/org/serviceaccounts`) on this block's app server. */
function goto(page: Page, route: string) {
  return page.goto(server().app.resolve(route));
}

/** Signs in through this block's Grafana, as a user would. */
async function signIn(page: Page) {
  const login = await page.request.post(server().app.url.replace(/\/apikeys\/$/, '') + '/login', { data: ADMIN });
  expect(login.status(), await login.text()).toBe(200);
}

type Seeded = {
  keys: { id: number; name: string; key: string }[];
  tokens: { id: number; serviceAccountId: number; name: string; key: string }[];
};

const SEED = {
  keys: [{ name: 'ci-deploy-bot', role: 'Editor' }],
  serviceAccounts: [
    { name: 'grafana-ci', role: 'Editor', tokens: [{ name: 'ci-pipeline', secondsToLive: 2592000 }] },
    { name: 'metrics-admin', role: 'Admin' },
  ],
};

async function seed(sim: Sim, document: object = SEED): Promise<Seeded> {
  const response = await fetch(sim.url + '/__sim/seed', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(document),
  });
  expect(response.status, 'seeding grafana-sim').toBe(200);
  return response.json();
}

type Account = { id: number; uid?: string; name: string; isDisabled: boolean; tokens: number };

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

/** The status `/api/dashboards/home` answers a secret sent as `Authorization: Bearer`. */
async function authenticates(sim: Sim, secret: string): Promise<number> {
  return (await fetch(sim.url + '/api/dashboards/home', { headers: { Authorization: `Bearer ${secret}` } }))
    .status;
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

async function openAccount(page: Page, ref: string | number, name: string) {
  await goto(page, `/org/serviceaccounts/${ref}`);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.locator('table.sa-tokens')).toBeVisible();
}

/** Adds a token in the open form and returns its secret, with the created dialog closed. */
async function generateToken(page: Page, name: string): Promise<string> {
  const form = page.getByRole('dialog', { name: 'Add service account token' });
  await form.getByLabel('Display name').fill(name);
  await form.getByRole('button', { name: 'Generate token' }).click();
  const shown = page.getByRole('dialog', { name: 'Service account token created' });
  const secret = await shown.getByLabel('Token').inputValue();
  expect(secret).toMatch(/^glsa_[0-9A-Za-z]{32}_[0-9a-f]{8}$/);
  await shown.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  return secret;
}

/** Migrates one key on the keys page (which records its id), then opens the service accounts. */
async function migrateOnKeysPage(page: Page, keyName: string) {
  await goto(page, '/org/apikeys');
  await page.getByRole('button', { name: `Migrate to service account: ${keyName}` }).click();
  await expect(page.locator('.toast--success')).toBeVisible();
  await page.getByRole('link', { name: 'Service accounts', exact: true }).click();
  await expect(accountNames(page).first()).toBeVisible();
}

test.describe('against Grafana 9.4 ({"message"} errors)', () => {
  onGrafana('9.4.7');

  test("a taken name and an unknown account show the server's message", async ({ page }) => {
    const { sim } = server();
    await seed(sim);
    await signIn(page);
    await goto(page, '/org/serviceaccounts');
    await page.getByRole('button', { name: 'Add service account' }).click();
    const add = page.getByRole('dialog', { name: 'Add service account' });
    await add.getByLabel('Display name').fill('grafana-ci');
    await add.getByRole('button', { name: 'Create' }).click();
    // 9.4's only text for a taken name, shown at the field with what it means.
    await expect(add.getByLabel('Display name')).toHaveAttribute('aria-invalid', 'true');
    await expect(add.getByLabel('Display name')).toHaveAccessibleDescription(
      'Failed to create service account: a service account named "grafana-ci" already exists in this organization. Choose another name.',
    );
    await add.getByRole('button', { name: 'Cancel' }).click();

    await openAccount(page, (await account(sim, 'metrics-admin')).id, 'metrics-admin');
    await page.getByRole('button', { name: 'Add service account token' }).click();
    const form = page.getByRole('dialog', { name: 'Add service account token' });
    await form.getByLabel('Display name').fill('ci-pipeline');
    await form.getByRole('button', { name: 'Generate token' }).click();
    await expect(form.getByRole('alert')).toHaveText(
      'service account token with given name already exists in the organization',
    );

    await goto(page, '/org/serviceaccounts/999');
    await expect(page.getByRole('alert')).toContainText('Failed to retrieve service account');
  });

  test('a link by uid says this server needs the numeric id', async ({ page }) => {
    const { sim } = server();
    await seed(sim);
    await signIn(page);
    await goto(page, '/org/serviceaccounts/ae3fk2xq');
    await expect(page.getByRole('alert')).toContainText(
      "Service Account ID is invalid. This Grafana server (9.4.7) needs the service account's numeric id",
    );
  });

  test('a migrated key is found in its account, across pages, and its old secret still works', async ({ page }) => {
    const { sim } = server();
    // 55 accounts sort before the migrated one (login sa-1-… < sa-autogen-…): it lands on page 2.
    const many = Array.from({ length: 55 }, (_, i) => ({ name: `acct-${String(i).padStart(2, '0')}` }));
    const seeded = await seed(sim, { keys: [{ name: 'legacy-export', role: 'Viewer' }], serviceAccounts: many });
    const key = seeded.keys[0];
    await signIn(page);
    await migrateOnKeysPage(page, 'legacy-export');
    await expect(page.getByText('56 service accounts · Page 1 of 2')).toBeVisible();
    await expect(accountRow(page, 'sa-autogen-legacy-export')).toHaveCount(0);

    // Slow answers, so the scan shows its progress; every text it shows is recorded (a poll of
    // the text could miss a step that lasts one answer).
    await sim.latency(150);
    await page.evaluate(() => {
      const shown: string[] = ((window as any).__scanTexts = []);
      new MutationObserver(() => {
        const text = document.querySelector('.sa-scan')?.textContent;
        if (text && shown.at(-1) !== text) shown.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.getByText('Migrated from API keys', { exact: true }).click();
    await expect(page.locator('.sa-scan')).toHaveText(
      '1 of the 56 service accounts searched was made from API keys, each proven by a key id seen on the API keys page in this session.',
    );
    const progress: string[] = await page.evaluate(() => (window as any).__scanTexts);
    expect(progress).toEqual(
      expect.arrayContaining(['Searching service accounts: page 2 of 2…', expect.stringMatching(/^Reading tokens: /)]),
    );
    await sim.latency(0);
    await expect(accountNames(page)).toHaveText(['sa-autogen-legacy-export']);
    await expect(accountRow(page, 'sa-autogen-legacy-export')).toContainText(`migrated (key #${key.id})`);

    await accountRow(page, 'sa-autogen-legacy-export').getByRole('link', { name: 'sa-autogen-legacy-export' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'sa-autogen-legacy-export' })).toBeVisible();
    await expect(tokenNames(page)).toHaveText(['legacy-export']);
    const holder = await account(sim, 'sa-autogen-legacy-export');
    expect((await tokens(sim, holder.id)).map((t) => t.id)).toEqual([key.id]);
    expect(await authenticates(sim, key.key)).toBe(200);
  });

  test('disabling asks first, with the account named; enabling does not', async ({ page }) => {
    const { sim } = server();
    await seed(sim);
    await signIn(page);
    await goto(page, '/org/serviceaccounts');
    await page.getByRole('button', { name: 'Disable service account grafana-ci' }).click();
    const confirm = page.getByRole('dialog', { name: 'Disable service account' });
    await expect(confirm).toContainText("Are you sure you want to disable 'grafana-ci'?");
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(confirm).toHaveCount(0);
    expect((await account(sim, 'grafana-ci')).isDisabled).toBe(false);

    await page.getByRole('button', { name: 'Disable service account grafana-ci' }).click();
    await confirm.getByRole('button', { name: 'Disable service account' }).click();
    await expect(confirm).toHaveCount(0);
    await expect(accountRow(page, 'grafana-ci')).toContainText('Disabled');
    expect((await account(sim, 'grafana-ci')).isDisabled).toBe(true);

    await page.getByRole('button', { name: 'Enable service account grafana-ci' }).click();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(accountRow(page, 'grafana-ci')).toContainText('Enabled');
    expect((await account(sim, 'grafana-ci')).isDisabled).toBe(false);
  });
});

test.describe('against Grafana 10.4 (errutil errors)', () => {
  onGrafana('10.4.0');

  test("a taken token name, a taken account name and an unknown account show the server's message", async ({ page }) => {
    const { sim } = server();
    await seed(sim);
    await signIn(page);
    await openAccount(page, (await account(sim, 'metrics-admin')).id, 'metrics-admin');
    await page.getByRole('button', { name: 'Add service account token' }).click();
    const form = page.getByRole('dialog', { name: 'Add service account token' });
    await form.getByLabel('Display name').fill('ci-pipeline');
    await form.getByRole('button', { name: 'Generate token' }).click();
    await expect(form.getByRole('alert')).toHaveText(
      'service account token with given name already exists in the organization',
    );
    await form.getByRole('button', { name: 'Cancel' }).click();

    await goto(page, '/org/serviceaccounts');
    await page.getByRole('button', { name: 'Add service account' }).click();
    const add = page.getByRole('dialog', { name: 'Add service account' });
    await add.getByLabel('Display name').fill('grafana-ci');
    await add.getByRole('button', { name: 'Create' }).click();
    await expect(add.getByLabel('Display name')).toHaveAccessibleDescription(
      'service account already exists: a service account named "grafana-ci" already exists in this organization. Choose another name.',
    );
    await add.getByRole('button', { name: 'Cancel' }).click();

    await goto(page, '/org/serviceaccounts/999');
    await expect(page.getByRole('alert')).toContainText('service account not found');
    await goto(page, '/org/serviceaccounts/ae3fk2xq');
    await expect(page.getByRole('alert')).toContainText(
      "This Grafana server (10.4.0) needs the service account's numeric id",
    );
  });

  test('"Add token" on a row opens the form on the list', async ({ page }) => {
    const { sim } = server();
    await seed(sim);
    await signIn(page);
    await goto(page, '/org/serviceaccounts');
    await expect(accountRow(page, 'grafana-ci').getByRole('button', { name: /^Add token/ })).toHaveCount(0);
    await accountRow(page, 'metrics-admin').getByRole('button', { name: 'Add token to metrics-admin' }).click();
    const secret = await generateToken(page, 'from-the-list');
    await expect(page).toHaveURL(/\/org\/serviceaccounts$/);
    await expect(accountRow(page, 'metrics-admin')).toContainText('1 token');
    const { id } = await account(sim, 'metrics-admin');
    expect((await tokens(sim, id)).map((t) => t.name)).toEqual(['from-the-list']);
    expect(await authenticates(sim, secret)).toBe(200);
  });
});

test.describe('against Grafana 11.6 (keys migrated at start-up)', () => {
  onGrafana('11.6.0');

  test('the sa-autogen accounts hold the keys, same ids, and the old secrets still work', async ({ page }) => {
    const { sim } = server();
    const seeded = await seed(sim, {
      keys: [
        { name: 'ci-deploy-bot', role: 'Editor' },
        { name: 'kiosk-viewer', role: 'Viewer' },
      ],
      serviceAccounts: [{ name: 'grafana-ci', tokens: [{ name: 'ci-pipeline' }] }],
    });
    await signIn(page);
    await goto(page, '/org/serviceaccounts');
    await expect(accountNames(page)).toHaveText(['grafana-ci', 'sa-autogen-ci-deploy-bot', 'sa-autogen-kiosk-viewer']);

    // No key was listed in this session (they were migrated before it began): Grafana's
    // footprint (sa-autogen-<key> holding a token named <key>) lists them, "by name".
    await page.getByText('Migrated from API keys', { exact: true }).click();
    await expect(page.locator('.sa-scan')).toHaveText(
      '2 of the 3 service accounts searched were made from API keys, known by name (sa-autogen-<key name> holding a token of that name).',
    );
    await expect(accountNames(page)).toHaveText(['sa-autogen-ci-deploy-bot', 'sa-autogen-kiosk-viewer']);
    await expect(page.getByText('migrated (by name)')).toHaveCount(2);

    for (const key of seeded.keys) {
      const holder = await account(sim, `sa-autogen-${key.name}`);
      expect((await tokens(sim, holder.id)).map((t) => [t.id, t.name])).toEqual([[key.id, key.name]]);
      // Opened by uid, as Grafana 11.4+ links it.
      expect(holder.uid).toBeTruthy();
      await openAccount(page, holder.uid!, holder.name);
      await expect(tokenNames(page)).toHaveText([key.name]);
      expect(await authenticates(sim, key.key)).toBe(200);
    }
  });
});

test.describe('against Grafana 12.1 (API keys removed)', () => {
  onGrafana('12.1.0');

  test('a token made in the view authenticates as Bearer; an old key secret no longer does', async ({ page }) => {
    const { sim } = server();
    const seeded = await seed(sim);
    await signIn(page);
    await goto(page, '/org/serviceaccounts');
    await expect(accountNames(page)).toHaveText(['grafana-ci', 'metrics-admin', 'sa-autogen-ci-deploy-bot']);
    const holder = await account(sim, 'sa-autogen-ci-deploy-bot');
    expect((await tokens(sim, holder.id)).map((t) => t.id)).toEqual([seeded.keys[0].id]);
    expect(await authenticates(sim, seeded.keys[0].key)).toBe(401);

    const { id, uid } = await account(sim, 'metrics-admin');
    await openAccount(page, uid!, 'metrics-admin');
    await page.getByRole('button', { name: 'Add service account token' }).click();
    const secret = await generateToken(page, 'dashboards-reader');
    await expect(tokenNames(page)).toHaveText(['dashboards-reader']);
    expect((await tokens(sim, id)).map((t) => t.name)).toEqual(['dashboards-reader']);
    expect(await authenticates(sim, secret)).toBe(200);

    // Disabling from its page asks as Grafana's page does; the token then stops working.
    await page.getByRole('button', { name: 'Disable service account' }).click();
    const confirm = page.getByRole('dialog', { name: 'Disable service account' });
    await expect(confirm).toContainText('Are you sure you want to disable this service account?');
    await confirm.getByRole('button', { name: 'Disable service account' }).click();
    await expect(page.getByText('This service account is disabled')).toBeVisible();
    expect((await account(sim, 'metrics-admin')).isDisabled).toBe(true);
    expect(await authenticates(sim, secret)).toBe(401);
  });
});
