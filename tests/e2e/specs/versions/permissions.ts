// Issue 23: who may manage a service account. An admin gives a team Edit on one account; a
// member of that team, a Viewer in the org, then manages that account (and adds a token to it)
// and is refused on another; once the admin removes the permission, the member's next action is
// refused with Grafana's message. Shared by the 10.4 and 12.1 specs.
import type { Browser, Page } from '@playwright/test';
import type { AppServer } from '../../support/nginx';
import { expect } from '../../support/fixtures';
import { ADMIN, type Credentials, type Sim, VIEWER } from '../../support/servers';
import { seedAll } from './list-limits';

const NEEDS_READ = "You'll need additional permissions to perform this action. Permissions needed: serviceaccounts:read";
const NEEDS_WRITE = "You'll need additional permissions to perform this action. Permissions needed: serviceaccounts:write";

export async function seedPermissions(sim: Sim) {
  await seedAll(sim, {
    teams: [{ name: 'Platform team', members: [{ login: 'viewer' }] }],
    serviceAccounts: [
      { name: 'grafana-ci', role: 'Editor' },
      { name: 'other-bot', role: 'Viewer' },
    ],
  });
}

async function accountIds(sim: Sim): Promise<Record<string, number>> {
  const search = await sim.api('GET', '/api/serviceaccounts/search?perpage=100');
  return Object.fromEntries(search.json.serviceAccounts.map((a: { name: string; id: number }) => [a.name, a.id]));
}

async function signInAs(page: Page, as: Credentials) {
  const response = await page.request.post('/login', { data: as });
  expect(response.status(), await response.text()).toBe(200);
}

const section = (page: Page) => page.getByRole('region', { name: 'Permissions' });

export async function teamGrantedThenRemoved(page: Page, sim: Sim, app: AppServer, browser: Browser) {
  await seedPermissions(sim);
  const ids = await accountIds(sim);

  // The admin (this page) gives the team Edit on grafana-ci.
  await signInAs(page, ADMIN);
  await page.goto(`/org/serviceaccounts/${ids['grafana-ci']}`);
  const permissions = section(page);
  await expect(permissions.locator('table').first()).toContainText('admin');
  await permissions.getByRole('button', { name: 'Add a permission' }).click();
  const form = page.getByRole('form', { name: 'Add permission for' });
  await form.getByLabel('Assign to').selectOption('Team');
  await form.getByRole('searchbox', { name: 'Search' }).fill('Platform');
  await expect(form.getByLabel('Team', { exact: true }).locator('option')).toHaveText(['Choose one of 1 found', 'Platform team']);
  await form.getByLabel('Team', { exact: true }).selectOption({ label: 'Platform team' });
  await form.getByLabel('Permission').selectOption('Edit');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Permission updated')).toBeVisible();
  await expect(form).toHaveCount(0);
  const teamRows = permissions.locator('table', { hasText: 'Team' }).locator('tbody tr');
  await expect(teamRows).toHaveText([/Platform team\s*Edit\s*Remove/]);

  // The member, a Viewer, in a browser of their own: sees only that account as manageable,
  // and adds a token to it.
  const memberContext = await browser.newContext({ baseURL: app.url });
  try {
    const member = await memberContext.newPage();
    await signInAs(member, VIEWER);
    await member.goto(app.resolve('/org/serviceaccounts'));
    await expect(member.locator('table.sa-table td.keys-table__name a')).toHaveText(['grafana-ci']);
    await member.locator('table.sa-table td.keys-table__name a', { hasText: 'grafana-ci' }).click();
    await addToken(member, 'platform-deploy');
    await expect(member.locator('table.sa-tokens td.keys-table__name')).toHaveText(['platform-deploy']);
    // Edit is not Admin: the member neither sees nor changes who manages the account.
    await expect(section(member)).toHaveCount(0);
    // ...and is refused on the other account, by the server.
    const other = await sim.api('GET', `/api/serviceaccounts/${ids['other-bot']}`, undefined, VIEWER);
    expect(other.status).toBe(403);
    expect(other.json.message).toBe(NEEDS_READ);
    const refused = await memberContext.newPage();
    await refused.goto(app.resolve(`/org/serviceaccounts/${ids['other-bot']}`));
    await expect(refused.locator('.alert')).toContainText('Viewer');
    await expect(refused.getByRole('heading', { name: 'other-bot' })).toHaveCount(0);
    await expect(refused.locator('table.sa-tokens')).toHaveCount(0);

    // The admin removes the permission.
    await section(page).getByRole('button', { name: 'Remove permission for Platform team' }).click();
    await page.getByRole('dialog', { name: 'Remove permission' }).getByRole('button', { name: 'Remove' }).click();
    await expect(page.getByText('Permission removed')).toBeVisible();
    await expect(section(page).locator('table', { hasText: 'Team' })).toHaveCount(0);

    // The member's next action, on the page still open, is refused with Grafana's message.
    await member.getByRole('button', { name: 'Add service account token' }).click();
    const tokenForm = member.getByRole('dialog', { name: 'Add service account token' });
    await tokenForm.getByLabel('Display name').fill('one-more');
    await tokenForm.getByRole('button', { name: 'Generate token' }).click();
    await expect(tokenForm.getByRole('alert')).toHaveText(NEEDS_WRITE);
    expect((await sim.api('GET', `/api/serviceaccounts/${ids['grafana-ci']}/tokens`)).json.map((t: { name: string }) => t.name)).toEqual([
      'platform-deploy',
    ]);
  } finally {
    await memberContext.close();
  }
}

async function addToken(page: Page, name: string) {
  await page.getByRole('button', { name: 'Add service account token' }).click();
  const form = page.getByRole('dialog', { name: 'Add service account token' });
  await form.getByLabel('Display name').fill(name);
  await form.getByRole('button', { name: 'Generate token' }).click();
  const shown = page.getByRole('dialog', { name: 'Service account token created' });
  await expect(shown.getByLabel('Token')).toHaveValue(/^glsa_/);
  await shown.getByRole('button', { name: 'Close', exact: true }).click();
}
