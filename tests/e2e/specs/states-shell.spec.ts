// Issue 19, the shell: signed out, every route says so and offers the sign-in, and nothing else;
// signed in, every view says who is signed in (login, role in the org) and offers "Sign out",
// Grafana's /logout. With the page's own form, switching users needs no cookie clearing.
// Notifications never cover the session or the org bar. Against grafana-sim 9.4.7 (the worker's)
// and 12.1 (its own, started here).
import type { Page } from '@playwright/test';
import { expect, grafanaOf, test } from '../support/fixtures';
import { TEST_CONFIG } from '../support/nginx';
import { ADMIN, type Credentials, VIEWER } from '../support/servers';

const OPS: Credentials = { user: 'ops', password: 'ops' };
const ORGS_SEED = {
  keys: [{ name: 'ci-deploy-bot', role: 'Editor', secondsToLive: 2592000 }],
  users: [{ login: 'ops', password: 'ops', name: 'Ops', email: 'ops@localhost', currentOrgId: 1 }],
  orgs: [
    { id: 1, members: [{ login: 'ops', role: 'Admin' }] },
    { id: 2, name: 'Platform', members: [{ login: 'admin', role: 'Admin' }, { login: 'ops', role: 'Admin' }] },
    { id: 3, name: 'Partners', members: [{ login: 'admin', role: 'Admin' }, { login: 'ops', role: 'Viewer' }] },
  ],
  serviceAccounts: [{ name: 'grafana-ci', role: 'Editor', tokens: [{ name: 'ci-pipeline', secondsToLive: 2592000 }] }],
};

const ROUTES = ['/org/apikeys', '/org/serviceaccounts', '/org/serviceaccounts/1', '/orgs', '/'];

async function expectOnlySignIn(page: Page) {
  await expect(page.getByRole('heading', { name: 'Sign in to Grafana' })).toBeVisible();
  await expect(page.getByLabel('Email or username')).toBeVisible();
  // Nothing else: no org summary, no "removed" cards, no list, no failure.
  await expect(page.getByText('No organizations to show')).toHaveCount(0);
  await expect(page.getByText(/removed API keys|has removed them/)).toHaveCount(0);
  await expect(page.getByText(/Could not load/)).toHaveCount(0);
  await expect(page.locator('table')).toHaveCount(0);
  await expect(page.getByRole('group', { name: 'Your session' })).toHaveCount(0);
}

async function signInWithForm(page: Page, as: Credentials) {
  await page.getByLabel('Email or username').fill(as.user);
  await page.getByLabel('Password').fill(as.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

function session(page: Page) {
  return page.getByRole('group', { name: 'Your session' });
}

test.describe('signed out on 9.4.7', () => {
  for (const route of ROUTES) {
    test(`a bookmark to ${route} shows the sign-in, and only that`, async ({ page }) => {
      await page.goto(route);
      await expectOnlySignIn(page);
    });
  }
});

test.describe('the session, on every view', () => {
  test('viewer, then Sign out, then admin with the page\'s own form: no cookies cleared', async ({ page, sim }) => {
    await page.goto('/org/serviceaccounts');
    await expectOnlySignIn(page);
    await signInWithForm(page, VIEWER);
    await expect(session(page)).toContainText('Signed in as viewer · Viewer in Main Org.');
    await session(page).getByRole('button', { name: 'Sign out' }).click();
    await expectOnlySignIn(page);
    // The server ended the session (the browser's cookie is gone with it).
    expect((await page.request.get('/api/user')).status()).toBe(401);

    await signInWithForm(page, ADMIN);
    await expect(session(page)).toContainText('Signed in as admin · Admin in Main Org.');
    await expect(page.getByText("You haven't created any service accounts yet")).toBeVisible();
    expect((await sim.api('GET', '/api/health')).status).toBe(200);
  });

  for (const route of ['/org/apikeys', '/org/serviceaccounts', '/orgs']) {
    test(`${route} says who is signed in and offers Sign out`, async ({ page, signIn }) => {
      await signIn(ADMIN);
      await page.goto(route);
      await expect(session(page)).toContainText('Signed in as admin · Admin in Main Org.');
      await expect(session(page).getByRole('button', { name: 'Sign out' })).toBeEnabled();
    });
  }

  test("behind Grafana, Sign out is Grafana's /logout under the configured path", async ({ page, app, signIn }) => {
    app.useConfig({ ...TEST_CONFIG, signIn: 'grafana' });
    await signIn(ADMIN);
    await page.goto('/org/serviceaccounts');
    const link = session(page).getByRole('link', { name: 'Sign out' });
    await expect(link).toHaveAttribute('href', '/logout');
    await link.click();
    await expect(page).toHaveURL(/\/login$/);
    expect((await page.request.get('/api/user')).status()).toBe(401);
  });

  test('a notification covers neither the session nor "All orgs overview"', async ({ page, sim, signIn }) => {
    const seeded = await fetch(sim.url + '/__sim/seed', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(ORGS_SEED),
    });
    expect(seeded.status).toBe(200);
    await signIn(OPS);
    await page.goto('/org/serviceaccounts');
    await page.getByRole('button', { name: 'Disable service account grafana-ci' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Disable service account' }).click();
    const toast = page.locator('.toast').first();
    await expect(toast).toBeVisible();
    const boxOf = async (selector: ReturnType<Page['locator']>) => (await selector.boundingBox())!;
    const t = await boxOf(toast);
    for (const target of [page.getByRole('link', { name: 'All orgs overview' }), session(page).getByRole('button', { name: 'Sign out' })]) {
      const b = await boxOf(target);
      const overlap = t.x < b.x + b.width && b.x < t.x + t.width && t.y < b.y + b.height && b.y < t.y + t.height;
      expect(overlap, 'the notification covers a control').toBe(false);
    }
  });
});

test.describe('signed out on 12.1', () => {
  const grafana = grafanaOf('12.1.0');

  for (const route of ROUTES) {
    test(`a bookmark to ${route} shows the sign-in, not the "removed" cards`, async ({ page }) => {
      grafana.app.useConfig(TEST_CONFIG);
      await page.goto(grafana.app.resolve(route));
      await expectOnlySignIn(page);
    });
  }
});
