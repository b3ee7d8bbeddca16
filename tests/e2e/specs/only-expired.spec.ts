// "Only expired keys" (issue 18): when the org has expired keys and no other, Grafana forces
// "Include expired keys" on and disables it (`getIncludeExpiredDisabled`), so the keys can be
// seen and deleted. Reached the ways a user reaches it, against grafana-sim as Grafana 9.4 (the
// worker's default): a reload after the key expired (the loader's early answers), the page's
// own requests after signing in and after choosing another org, and a key expiring while the
// page is open.
import type { Page } from '@playwright/test';
import { expect, keyNames, test } from '../support/fixtures';
import type { Sim } from '../support/servers';

const OPS = { user: 'ops', password: 'ops' };

/** Seeds one key that expires `seconds` from now (in `orgId`), and, for `ops`, a second org. */
async function seedExpiring(sim: Sim, seconds: number) {
  const response = await fetch(sim.url + '/__sim/seed', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      keys: [
        { name: 'soon-gone', role: 'Viewer', secondsToLive: seconds },
        { name: 'platform-live', role: 'Editor', secondsToLive: null, orgId: 2 },
      ],
      users: [{ login: 'ops', password: 'ops', name: 'Ops', email: 'ops@localhost', currentOrgId: 2 }],
      orgs: [
        { id: 1, members: [{ login: 'ops', role: 'Admin' }] },
        { id: 2, name: 'Platform', members: [{ login: 'ops', role: 'Admin' }] },
      ],
    }),
  });
  expect(response.status, await response.text()).toBe(200);
}

/** The key's expiry has passed on the server (whole seconds, so a little more than `seconds`). */
async function waitPast(seconds: number) {
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000 + 1200));
}

function toggle(page: Page) {
  return page.getByRole('switch', { name: 'Include expired keys' });
}

/** What the page must show with only the expired key: the switch forced on and locked, the
 * row listed, "Delete expired" offered for it. */
async function expectOnlyExpired(page: Page) {
  await expect(keyNames(page)).toHaveText(['soon-gone']);
  await expect(toggle(page)).toBeChecked();
  await expect(toggle(page)).toBeDisabled();
  await expect(page.locator('#showExpired-note')).toHaveText('Only expired keys exist, so they are always listed.');
  await expect(page.getByRole('button', { name: 'Delete expired (1)' })).toBeVisible();
}

async function expectStillValid(page: Page) {
  await expect(keyNames(page)).toHaveText(['soon-gone']);
  await expect(toggle(page)).not.toBeChecked();
  await expect(toggle(page)).toBeEnabled();
  await expect(page.getByRole('button', { name: /^Delete expired/ })).toHaveCount(0);
}

test('a reload after the only key expired: the loader\'s answers lock the switch on', async ({ page, sim }) => {
  await seedExpiring(sim, 4);
  const login = await page.request.post('/login', { data: OPS });
  expect(login.status()).toBe(200);
  await page.goto('/org/apikeys?orgId=1');
  await expectStillValid(page);
  await waitPast(4);
  await page.reload();
  await expectOnlyExpired(page);
  await page.goto('/org/apikeys?orgId=1');
  await expectOnlyExpired(page);
});

test('in the current org, without ?orgId=: the loader\'s header-less answers lock it too', async ({ page, sim }) => {
  await seedExpiring(sim, 3);
  await sim.api('POST', '/api/user/using/1', undefined, OPS);
  const login = await page.request.post('/login', { data: OPS });
  expect(login.status()).toBe(200);
  await waitPast(3);
  await page.goto('/org/apikeys');
  await expectOnlyExpired(page);
});

test("after signing in, the page's own requests lock the switch on", async ({ page, sim }) => {
  await seedExpiring(sim, -60);
  await page.goto('/org/apikeys?orgId=1');
  await page.getByLabel('Email or username').fill('ops');
  await page.getByLabel('Password').fill('ops');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expectOnlyExpired(page);
});

test('after choosing the org in the picker, its only expired key locks the switch on', async ({ page, sim }) => {
  await seedExpiring(sim, -60);
  const login = await page.request.post('/login', { data: OPS });
  expect(login.status()).toBe(200);
  // ops works in org 2 (Platform), with a live key.
  await page.goto('/org/apikeys');
  await expect(keyNames(page)).toHaveText(['platform-live']);
  await expect(toggle(page)).toBeEnabled();
  await page.getByRole('combobox', { name: 'Organization' }).selectOption('1');
  await expectOnlyExpired(page);
  // And back: the live key's org unlocks it again.
  await page.getByRole('combobox', { name: 'Organization' }).selectOption('2');
  await expect(keyNames(page)).toHaveText(['platform-live']);
  await expect(toggle(page)).toBeEnabled();
  await expect(toggle(page)).not.toBeChecked();
});

test('a key that expires while the page is open: the page asks the server again, and locks the switch on', async ({
  page,
  sim,
}) => {
  await seedExpiring(sim, 4);
  const login = await page.request.post('/login', { data: OPS });
  expect(login.status()).toBe(200);
  await page.goto('/org/apikeys?orgId=1');
  await expectStillValid(page);
  // No reload: the page itself finds out once the expiry has passed.
  await expectOnlyExpired(page);
});
