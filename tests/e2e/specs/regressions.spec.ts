// Regression tests for three defects (issue 10), each written before its fix:
//   a. links to Grafana's pages ignored config.json's grafanaPath;
//   b. closing the Add API key form while its request ran lost the created key's secret;
//   c. a 401 in the middle of a task (delete, add) gave no way to sign in again.
// The (a) tests need other Grafana versions than the worker's: each starts its own grafana-sim
// of that version (`Sim.start({ version })`, as versions/fixture.ts does per worker) behind its
// own nginx, both stopped when the test ends. The others use the worker's default pair.
import type { Page } from '@playwright/test';
import { APP_DIST, test as base, expect, keyRow } from '../support/fixtures';
import { AppServer, GRAFANA_SUB_PATH, type AppConfig } from '../support/nginx';
import { ADMIN, Sim } from '../support/servers';

type Grafana = { sim: Sim; app: AppServer };

const test = base.extend<{ startGrafana: (version: string, config: AppConfig) => Promise<Grafana> }>({
  startGrafana: async ({}, use) => {
    const started: Grafana[] = [];
    await use(async (version, config) => {
      const sim = await Sim.start({ version });
      const app = await AppServer.start(APP_DIST, sim.url);
      app.useConfig(config);
      started.push({ sim, app });
      return { sim, app };
    });
    for (const { sim, app } of started) {
      await app.stop();
      await sim.stop();
    }
  },
});

const SERVICE_ACCOUNTS = `${GRAFANA_SUB_PATH}org/serviceaccounts`;
const UNDER_SUB_PATH: AppConfig = { grafanaPath: GRAFANA_SUB_PATH, signIn: 'form' };

/** Signs the browser in to `app`'s Grafana and opens the page there, once it shows something. */
async function openAt(page: Page, { app }: Grafana) {
  const login = await page.request.post(app.origin + '/login', { data: ADMIN });
  expect(login.status(), await login.text()).toBe(200);
  await page.goto(app.url + 'org/apikeys');
  await expect(page.locator('table.keys-table, .empty-state, .alert').first()).toBeVisible();
}

test.describe('a. links to Grafana honour its sub-path', () => {
  test('Grafana 11.5: the "cannot create" notice links to /grafana/org/serviceaccounts', async ({
    page,
    startGrafana,
  }) => {
    const grafana = await startGrafana('11.5.0', UNDER_SUB_PATH);
    // With no key left: with keys, the one next step is migrating them (issue 19).
    await grafana.sim.seed([]);
    await openAt(page, grafana);
    await expect(page.getByText('New API keys can no longer be created')).toBeVisible();
    const link = page.getByRole('link', { name: 'Go to service accounts' });
    await expect(link).toHaveJSProperty('href', grafana.app.origin + SERVICE_ACCOUNTS);
  });

  test("Grafana 12.1: the \"keys were removed\" card links to the app's service accounts view, under its own path", async ({
    page,
    startGrafana,
  }) => {
    const grafana = await startGrafana('12.1.0', UNDER_SUB_PATH);
    await openAt(page, grafana);
    await expect(page.getByText('API keys were removed from Grafana')).toBeVisible();
    const link = page.getByRole('link', { name: 'Find them in Service accounts' });
    await expect(link).toHaveJSProperty('href', grafana.app.url + 'org/serviceaccounts?search=sa-autogen-');
  });

  test('Grafana 9.4: once hidden forever, the hidden card links to /grafana/org/serviceaccounts', async ({
    page,
    startGrafana,
  }) => {
    const grafana = await startGrafana('9.4.7', UNDER_SUB_PATH);
    expect((await grafana.sim.api('POST', '/api/serviceaccounts/migrate')).status).toBe(200);
    await openAt(page, grafana);
    await page.getByRole('button', { name: 'Hide API keys page forever' }).click();
    await page
      .getByRole('dialog', { name: 'Hide API Keys page forever' })
      .getByRole('button', { name: 'Yes, hide API keys page.' })
      .click();
    const link = page
      .getByRole('region', { name: 'The API keys page is hidden' })
      .getByRole('link', { name: 'Go to service accounts' });
    await expect(link).toHaveJSProperty('href', grafana.app.origin + SERVICE_ACCOUNTS);
    const state = await (await fetch(`${grafana.sim.url}/__sim/state`)).json();
    expect(state.hideApiKeysOrgs).toEqual([1]);
  });
});

test.describe('b. closing the Add API key form while the key is being created', () => {
  const ways = {
    'its Close button': (page: Page) => page.getByRole('button', { name: 'Close', exact: true }).click(),
    Escape: (page: Page) => page.getByLabel('Key name').press('Escape'),
  };
  for (const [way, close] of Object.entries(ways)) {
    test(`with ${way}: the secret is still shown once the server answers, and the key is listed`, async ({
      page,
      signIn,
      sim,
    }) => {
      const name = `closed-with-${way.replace(/\W+/g, '-').toLowerCase()}`;
      await signIn();
      await page.goto('/org/apikeys');
      await page.getByRole('button', { name: 'Add API key' }).click();
      await expect(page.getByRole('heading', { name: 'Add API Key' })).toBeVisible();
      await page.getByLabel('Key name').fill(name);
      // The server's answer to the create request, once it has come.
      let answered = false;
      page.on('response', (response) => {
        const { pathname } = new URL(response.url());
        if (response.request().method() === 'POST' && pathname.endsWith('/api/auth/keys')) answered = true;
      });
      await sim.latency(4000);
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await expect(page.getByRole('button', { name: 'Adding...' })).toBeDisabled();

      // The form closes at once, while the request still runs (the answer closes it too, later).
      await close(page);
      await expect(page.getByRole('heading', { name: 'Add API Key' })).toHaveCount(0, { timeout: 2000 });
      expect(answered, 'the create request was still running when the form closed').toBe(false);
      const dialog = page.getByRole('dialog', { name: 'API Key Created' });
      await expect(dialog).toBeVisible();
      await sim.latency(0);
      await expect(dialog.getByLabel('Key')).toHaveValue(/^eyJr/);
      await dialog.getByRole('button', { name: 'Close', exact: true }).click();
      await expect(dialog).toHaveCount(0);
      await expect(keyRow(page, name)).toHaveCount(1);

      const listed = await sim.api('GET', '/api/auth/keys?includeExpired=true');
      expect(listed.status).toBe(200);
      expect(listed.json.filter((key: { name: string }) => key.name === name)).toHaveLength(1);
    });
  }
});

test.describe('c. signing in again after a 401 in the middle of a task', () => {
  /** Ends the browser's Grafana session: Grafana's logout revokes the session cookie. */
  async function endSession(page: Page) {
    const logout = await page.request.get('/logout', { maxRedirects: 0 });
    expect(logout.status()).toBe(302);
  }

  /** Deletes `name` from its row, confirming. */
  async function deleteKey(page: Page, name: string) {
    await page.getByRole('button', { name: `Delete API key ${name}` }).click();
    await page.getByRole('dialog', { name: 'Delete API key' }).getByRole('button', { name: 'Delete', exact: true }).click();
  }

  const unauthorizedToast = (page: Page) => page.locator('.toast').filter({ hasText: 'Unauthorized' });

  const keyNamesOnServer = async (sim: { api: (m: string, p: string) => Promise<{ json: any }> }) =>
    (await sim.api('GET', '/api/auth/keys?includeExpired=true')).json.map((key: { name: string }) => key.name);

  for (const grafanaPath of ['/', GRAFANA_SUB_PATH]) {
    test(`with "signIn": "grafana" (Grafana at ${grafanaPath}), a failed delete links to Grafana's login in a new tab`, async ({
      page,
      app,
      signIn,
      sim,
      context,
    }) => {
      app.useConfig({ grafanaPath, signIn: 'grafana' });
      await signIn();
      await page.goto('/org/apikeys?search=kiosk');
      await expect(keyRow(page, 'kiosk-viewer')).toHaveCount(1);
      await endSession(page);
      await deleteKey(page, 'kiosk-viewer');

      const toast = unauthorizedToast(page);
      await expect(toast).toBeVisible();
      const link = toast.getByRole('link', { name: 'Sign in' });
      const here = new URL(page.url());
      expect(here.pathname + here.search).toBe('/apikeys/org/apikeys?search=kiosk');
      await expect(link).toHaveAttribute(
        'href',
        `${grafanaPath}login?redirectTo=${encodeURIComponent(here.pathname + here.search)}`,
      );
      await expect(link).toHaveAttribute('target', '_blank');

      // It opens Grafana's login page in another tab; this one stays as it was.
      const [login] = await Promise.all([context.waitForEvent('page'), link.click()]);
      await login.waitForLoadState();
      expect(new URL(login.url()).pathname).toBe(`${grafanaPath}login`);
      await expect(login.getByText('grafana-sim: sign in')).toBeVisible();
      await login.close();
      expect(page.url()).toBe(here.href);

      // Signed in there (what Grafana's login does), the same delete succeeds here.
      await signIn();
      await deleteKey(page, 'kiosk-viewer');
      await expect(page.locator('.toast--success')).toContainText('API key deleted');
      await expect(keyRow(page, 'kiosk-viewer')).toHaveCount(0);
      expect(await keyNamesOnServer(sim)).not.toContain('kiosk-viewer');
    });
  }

  test('with "signIn": "form", a failed delete offers a sign-in dialog, then the delete succeeds', async ({
    page,
    signIn,
    sim,
  }) => {
    await signIn();
    await page.goto('/org/apikeys');
    await expect(keyRow(page, 'grafana-backup')).toHaveCount(1);
    await endSession(page);
    await deleteKey(page, 'grafana-backup');

    const toast = unauthorizedToast(page);
    await expect(toast).toBeVisible();
    await expect(toast.getByRole('button', { name: 'Sign in' })).toBeVisible();
    await toast.getByRole('button', { name: 'Sign in' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign in to Grafana' });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Email or username').fill(ADMIN.user);
    await dialog.getByLabel('Password').fill(ADMIN.password);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await expect(dialog).toHaveCount(0);

    // Retrying the delete now works: the key is gone from the list and from the server.
    await deleteKey(page, 'grafana-backup');
    await expect(page.locator('.toast--success')).toContainText('API key deleted');
    await expect(keyRow(page, 'grafana-backup')).toHaveCount(0);
    expect(await keyNamesOnServer(sim)).not.toContain('grafana-backup');
  });

  test('with "signIn": "form", a 401 on Add keeps what was typed and offers the sign-in dialog in the form', async ({
    page,
    signIn,
    sim,
  }) => {
    await signIn();
    await page.goto('/org/apikeys');
    await page.getByRole('button', { name: 'Add API key' }).click();
    await page.getByLabel('Key name').fill('after-a-401');
    await page.getByLabel('Time to live').fill('2d');
    await endSession(page);
    await page.getByRole('button', { name: 'Add', exact: true }).click();

    // The message is announced (role=alert); the way to sign in sits beside it.
    const error = page.locator('form.create-key .create-key__error');
    await expect(error.getByRole('alert')).toContainText('Unauthorized');
    await expect(page.getByLabel('Key name')).toHaveValue('after-a-401');
    await expect(page.getByLabel('Time to live')).toHaveValue('2d');
    await expect(error.getByRole('button', { name: 'Sign in' })).toBeVisible();
    await error.getByRole('button', { name: 'Sign in' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign in to Grafana' });
    await dialog.getByLabel('Email or username').fill(ADMIN.user);
    await dialog.getByLabel('Password').fill(ADMIN.password);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByLabel('Key name')).toHaveValue('after-a-401');
    await expect(page.getByLabel('Time to live')).toHaveValue('2d');

    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByRole('dialog', { name: 'API Key Created' })).toBeVisible();
    expect(await keyNamesOnServer(sim)).toContain('after-a-401');
  });

  test('with "signIn": "grafana", a 401 on Add keeps what was typed and links to the login in the form', async ({
    page,
    app,
    signIn,
  }) => {
    app.useConfig({ grafanaPath: GRAFANA_SUB_PATH, signIn: 'grafana' });
    await signIn();
    await page.goto('/org/apikeys');
    await page.getByRole('button', { name: 'Add API key' }).click();
    await page.getByLabel('Key name').fill('after-a-401');
    await page.getByLabel('Time to live').fill('2d');
    await endSession(page);
    await page.getByRole('button', { name: 'Add', exact: true }).click();

    // The message is announced (role=alert); the way to sign in sits beside it.
    const error = page.locator('form.create-key .create-key__error');
    await expect(error.getByRole('alert')).toContainText('Unauthorized');
    await expect(page.getByLabel('Key name')).toHaveValue('after-a-401');
    await expect(page.getByLabel('Time to live')).toHaveValue('2d');
    const here = new URL(page.url());
    const link = error.getByRole('link', { name: 'Sign in' });
    await expect(link).toHaveAttribute(
      'href',
      `${GRAFANA_SUB_PATH}login?redirectTo=${encodeURIComponent(here.pathname + here.search)}`,
    );
    await expect(link).toHaveAttribute('target', '_blank');
  });
});
