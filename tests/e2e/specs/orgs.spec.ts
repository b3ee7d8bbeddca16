// Every org an administrator belongs to, end to end: the release build under /apikeys/ in front
// of grafana-sim (default profile 9.4.7), with `ops`, Admin in orgs 1 and 2 and Viewer in org 3
// (the dev seed's orgs, seeded here). The org travels as `?orgId=` and `X-Grafana-Org-Id`; the
// user's current org on the server never changes.
import type { Page } from '@playwright/test';
import { expect, keyNames, test } from '../support/fixtures';
import type { Credentials, Sim } from '../support/servers';

const OPS: Credentials = { user: 'ops', password: 'ops' };

const DAY = 86_400;

// The dev seed's orgs (grafana-sim/seeds/dev.json), with a few more keys for the counts.
const SEED = {
  keys: [
    { name: 'ci-deploy-bot', role: 'Editor', secondsToLive: 30 * DAY },
    { name: 'grafana-backup', role: 'Admin', secondsToLive: null },
    { name: 'prometheus-alert-sync', role: 'Editor', secondsToLive: 2 * DAY },
    { name: 'on-call-dashboard-viewer', role: 'Viewer', secondsToLive: 6 * DAY },
    { name: 'legacy-reporting-export', role: 'Viewer', secondsToLive: -3 * DAY },
    { name: 'platform-deploy', role: 'Editor', secondsToLive: 30 * DAY, orgId: 2 },
    { name: 'platform-oncall-pager', role: 'Viewer', secondsToLive: 2 * DAY, orgId: 2 },
    { name: 'platform-legacy-export', role: 'Viewer', secondsToLive: -5 * DAY, orgId: 2 },
    { name: 'platform-old-import', role: 'Viewer', secondsToLive: -1 * DAY, orgId: 2 },
    { name: 'partner-feed', role: 'Viewer', secondsToLive: null, orgId: 3 },
    { name: 'partner-old-import', role: 'Viewer', secondsToLive: -DAY, orgId: 3 },
  ],
  users: [{ login: 'ops', password: 'ops', name: 'Ops', email: 'ops@localhost', currentOrgId: 1 }],
  orgs: [
    { id: 1, members: [{ login: 'ops', role: 'Admin' }] },
    { id: 2, name: 'Platform', members: [{ login: 'admin', role: 'Admin' }, { login: 'ops', role: 'Admin' }] },
    { id: 3, name: 'Partners', members: [{ login: 'admin', role: 'Admin' }, { login: 'ops', role: 'Viewer' }] },
  ],
  serviceAccounts: [
    {
      name: 'grafana-ci',
      role: 'Editor',
      tokens: [
        { name: 'ci-pipeline', secondsToLive: 30 * DAY },
        { name: 'ci-nightly', secondsToLive: -DAY },
      ],
    },
    { name: 'metrics-admin', role: 'Admin' },
    {
      name: 'platform-ci',
      role: 'Editor',
      orgId: 2,
      tokens: [
        { name: 'platform-ci-2024', secondsToLive: -14 * DAY },
        { name: 'platform-ci-2025', secondsToLive: 90 * DAY },
      ],
    },
    { name: 'platform-reader', role: 'Viewer', orgId: 2 },
    { name: 'partner-bot', role: 'Viewer', orgId: 3, tokens: [{ name: 'partner-token', secondsToLive: -DAY }] },
  ],
};

async function seed(sim: Sim) {
  const response = await fetch(sim.url + '/__sim/seed', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(SEED),
  });
  expect(response.status, await response.text()).toBe(200);
}

/** The sim's answer to `ops` in org `orgId`, as the browser asks it. */
async function asOps(sim: Sim, apiPath: string, orgId: number) {
  const response = await fetch(sim.url + apiPath, {
    headers: {
      Authorization: 'Basic ' + Buffer.from('ops:ops').toString('base64'),
      'X-Grafana-Org-Id': String(orgId),
    },
  });
  expect(response.status, apiPath).toBe(200);
  return response.json();
}

/** Grafana's current org for `ops`, read without signing in or changing anything. */
async function currentOrg(sim: Sim): Promise<number> {
  const response = await fetch(sim.url + '/__sim/users/ops');
  expect(response.status).toBe(200);
  return (await response.json()).orgId;
}

function picker(page: Page) {
  return page.getByRole('combobox', { name: 'Organization' });
}

function accountNames(page: Page) {
  return page.locator('table.sa-table tbody td.keys-table__name a');
}

test.describe('orgs', () => {
  let usingOrg: string[];

  test.beforeEach(async ({ page, sim, signIn }) => {
    await seed(sim);
    await signIn(OPS);
    usingOrg = [];
    page.on('request', (request) => {
      if (/\/api\/user\/using\//.test(request.url())) usingOrg.push(request.url());
    });
  });

  test.afterEach(async ({ sim }) => {
    // Whatever the test did, Grafana's current org for ops is still org 1, and the page never
    // asked to change it.
    expect(usingOrg).toEqual([]);
    expect(await currentOrg(sim)).toBe(1);
  });

  test("each org's keys and service accounts appear under that org", async ({ page }) => {
    await page.goto('/org/apikeys');
    await expect(picker(page)).toHaveValue('1');
    await expect(keyNames(page)).toHaveText([
      'ci-deploy-bot',
      'grafana-backup',
      'on-call-dashboard-viewer',
      'prometheus-alert-sync',
    ]);
    // The current org leaves the URL as it was.
    await expect(page).toHaveURL(/\/org\/apikeys$/);

    await picker(page).selectOption({ label: 'Platform — Admin' });
    await expect(page).toHaveURL(/\/org\/apikeys\?orgId=2$/);
    await expect(picker(page)).toHaveValue('2');
    await expect(keyNames(page)).toHaveText(['platform-deploy', 'platform-oncall-pager']);
    await page.getByRole('switch', { name: 'Include expired keys' }).check();
    await expect(keyNames(page)).toHaveText([
      'platform-deploy',
      'platform-legacy-export',
      'platform-old-import',
      'platform-oncall-pager',
    ]);

    // The tab keeps the org.
    await page.getByRole('link', { name: 'Service accounts' }).click();
    await expect(page).toHaveURL(/\/org\/serviceaccounts\?orgId=2$/);
    await expect(accountNames(page)).toHaveText(['platform-ci', 'platform-reader']);
    // ...and so does an account's page, and its way back.
    await accountNames(page).filter({ hasText: 'platform-ci' }).click();
    await expect(page).toHaveURL(/\/org\/serviceaccounts\/\d+\?orgId=2$/);
    await expect(page.getByText('platform-ci-2025')).toBeVisible();
    // Switching org from an account's page goes to the other org's list: ids belong to one org.
    await picker(page).selectOption('1');
    await expect(page).toHaveURL(/\/org\/serviceaccounts\?orgId=1$/);
    await expect(accountNames(page)).toHaveText(['grafana-ci', 'metrics-admin']);

    // Back returns to the org before.
    await page.goBack();
    await expect(picker(page)).toHaveValue('2');
    await expect(page.getByText('platform-ci-2025')).toBeVisible();
  });

  test('nothing can be done in org 3, and the page says why', async ({ page }) => {
    await page.goto('/org/apikeys');
    const partners = picker(page).locator('option', { hasText: 'Partners' });
    await expect(partners).toHaveText('Partners — Viewer (cannot manage keys or service accounts)');
    await expect(partners).toBeDisabled();

    // Reached by its URL, the org says why nothing can be changed, and the server refuses.
    await page.goto('/org/apikeys?orgId=3');
    await expect(picker(page)).toHaveValue('3');
    const refusal = page.getByRole('region', { name: 'Read-only organization' });
    await expect(refusal).toContainText(
      'You are a Viewer in Partners: managing API keys and service accounts needs the Admin role',
    );
    // One message (the refusal above): the keys page adds no server error of its own.
    await expect(page.getByText(/Permissions needed: apikeys:read/)).toHaveCount(0);
    await expect(keyNames(page)).toHaveCount(0);
    await page.getByRole('link', { name: 'Service accounts' }).click();
    await expect(page).toHaveURL(/\/org\/serviceaccounts\?orgId=3$/);
    await expect(refusal).toBeVisible();
    // One message: the refusal above, and no server error, filters or dead button below it.
    await expect(page.getByRole('searchbox')).toHaveCount(0);
    await expect(page.getByText(/Permissions needed: serviceaccounts:read/)).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Add service account' })).toHaveCount(0);
  });

  test("an org the user is not in is said plainly, with the way back", async ({ page }) => {
    await page.goto('/org/apikeys?orgId=99');
    await expect(page.getByText('You are not a member of the organization with id 99')).toBeVisible();
    await expect(keyNames(page)).toHaveCount(0);
    await page.getByRole('link', { name: 'Go to Main Org.' }).click();
    await expect(page).toHaveURL(/\/org\/apikeys\?orgId=1$/);
    await expect(keyNames(page)).toHaveCount(4);
  });

  test('a reload keeps the org and the search', async ({ page }) => {
    await page.goto('/org/apikeys');
    await picker(page).selectOption('2');
    await expect(keyNames(page)).toHaveText(['platform-deploy', 'platform-oncall-pager']);
    await page.getByRole('searchbox').fill('deploy');
    await expect(page).toHaveURL(/\?orgId=2&search=deploy$/);
    await page.reload();
    await expect(picker(page)).toHaveValue('2');
    await expect(keyNames(page)).toHaveText(['platform-deploy']);
  });

  test("the overview's counts match the server", async ({ page, sim }) => {
    const now = Date.now();
    const expected: Record<number, string[]> = {};
    for (const [orgId, name] of [
      [1, 'Main Org.'],
      [2, 'Platform'],
    ] as const) {
      const [active, all, search, accounts] = await Promise.all([
        asOps(sim, '/api/auth/keys?includeExpired=false', orgId),
        asOps(sim, '/api/auth/keys?includeExpired=true', orgId),
        asOps(sim, '/api/serviceaccounts/search?perpage=1&page=1&expiredTokens=true', orgId),
        asOps(sim, '/api/serviceaccounts/search?perpage=50&page=1', orgId),
      ]);
      // Tokens to rotate soon (issue 22): not expired, expiring within 7 days.
      let rotateSoon = 0;
      for (const account of accounts.serviceAccounts) {
        const tokens: { expiration?: string; hasExpired: boolean }[] = await asOps(sim, `/api/serviceaccounts/${account.id}/tokens`, orgId);
        rotateSoon += tokens.filter(
          (token) => !token.hasExpired && token.expiration && Date.parse(token.expiration) - now <= 7 * DAY * 1000,
        ).length;
      }
      const keys = new Map<number, { expiration?: string }>();
      for (const key of [...all, ...active]) keys.set(key.id, key);
      const expiries = [...keys.values()]
        .filter((key) => key.expiration)
        .map((key) => Date.parse(key.expiration!));
      const expired = expiries.filter((at) => at < now).length;
      const soon = expiries.filter((at) => at >= now && at - now <= 7 * DAY * 1000).length;
      expected[orgId] = [name, String(keys.size), String(expired), String(soon), String(search.totalCount), String(rotateSoon)];
    }
    // The seed's own numbers, so the test also fails if the server's answers go empty.
    expect(expected[1]).toEqual(['Main Org.', '5', '1', '2', '1', '0']);
    expect(expected[2]).toEqual(['Platform', '4', '2', '1', '1', '0']);

    await page.goto('/org/apikeys');
    await page.getByRole('link', { name: 'All orgs overview' }).click();
    await expect(page).toHaveURL(/\/orgs$/);
    await expect(page.getByRole('status').filter({ hasText: /^Loaded/ })).toHaveText('Loaded 2 of 2 orgs');
    for (const orgId of [1, 2]) {
      const cells = page.locator(`tr[data-org-id="${orgId}"] > *`);
      await expect(cells).toHaveText(expected[orgId]);
    }
    await expect(page.locator('tr[data-org-id="3"]')).toHaveCount(0);
    await expect(page.getByText('Not included, as you are not an Admin there: Partners (Viewer).')).toBeVisible();

    // A row opens its org.
    await page.getByRole('link', { name: 'Platform' }).click();
    await expect(page).toHaveURL(/\/org\/apikeys\?orgId=2$/);
    await expect(picker(page)).toHaveValue('2');
    await expect(keyNames(page)).toHaveText(['platform-deploy', 'platform-oncall-pager']);
  });

  test('one org that fails shows its error and does not hide the others', async ({ page }) => {
    // Org 2's key list fails; org 1 answers.
    await page.route('**/api/auth/keys?*', async (route) => {
      if (route.request().headers()['x-grafana-org-id'] === '2') {
        await route.fulfill({
          status: 500,
          contentType: 'application/json',
          body: JSON.stringify({ message: 'Failed to list api keys' }),
        });
      } else {
        await route.continue();
      }
    });
    await page.goto('/orgs');
    await expect(page.getByRole('status').filter({ hasText: /^Loaded/ })).toHaveText('Loaded 2 of 2 orgs');
    await expect(page.locator('tr[data-org-id="2"] > *')).toHaveText([
      'Platform',
      'Could not load API keys: Failed to list api keys',
      '1',
      '0',
    ]);
    await expect(page.locator('tr[data-org-id="1"] > *')).toHaveText(['Main Org.', '5', '1', '2', '1', '0']);
  });
});
