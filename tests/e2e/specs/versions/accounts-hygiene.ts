// Issue 22, token hygiene where only accounts are listed: on the service accounts list each
// account says how many of its tokens to rotate soon (expiring within 7 days) and how many are
// revoked, "checking…" until its tokens are read, never more than 6 reads at a time; "Token use"
// keeps the accounts whose every token is unused for 30, 90 or 365 days, or never used (an
// account without tokens never); the all-orgs overview counts each org's tokens to rotate soon,
// over the first page (50) of its accounts, and says so where it has more. Every expectation is
// computed from what grafana-sim lists, and pinned to the seed's own numbers. Shared by the 10.4
// and 12.1 specs.
import type { Page, Route } from '@playwright/test';
import { expect } from '../../support/fixtures';
import type { Sim } from '../../support/servers';
import { seedAll } from './list-limits';

const DAY = 86_400;

/** Tokens made long ago unless said otherwise: their age never keeps them from being "unused". */
const OLD = 500 * DAY;

export const HYGIENE_SEED = {
  orgs: [{ id: 2, name: 'Platform', members: [{ login: 'admin', role: 'Admin' }] }],
  serviceAccounts: [
    {
      name: 'ci',
      role: 'Editor',
      tokens: [
        { name: 'ci-soon', secondsToLive: 3 * DAY, createdSecondsAgo: 27 * DAY, lastUsedSecondsAgo: 3600 },
        { name: 'ci-soon-too', secondsToLive: 5 * DAY, createdSecondsAgo: 25 * DAY, lastUsedSecondsAgo: 2 * DAY },
        { name: 'ci-leaked', isRevoked: true, createdSecondsAgo: OLD, lastUsedSecondsAgo: 14 * DAY },
        { name: 'ci-fine', secondsToLive: 30 * DAY, createdSecondsAgo: DAY, lastUsedSecondsAgo: 600 },
      ],
    },
    {
      name: 'exporter',
      role: 'Viewer',
      tokens: [
        { name: 'exporter-45', createdSecondsAgo: OLD, lastUsedSecondsAgo: 45 * DAY },
        { name: 'exporter-100', createdSecondsAgo: OLD, lastUsedSecondsAgo: 100 * DAY },
      ],
    },
    {
      name: 'archiver',
      role: 'Viewer',
      tokens: [
        { name: 'archive-100', createdSecondsAgo: OLD, lastUsedSecondsAgo: 100 * DAY },
        { name: 'archive-400', createdSecondsAgo: OLD, lastUsedSecondsAgo: 400 * DAY },
      ],
    },
    { name: 'ancient', role: 'Viewer', tokens: [{ name: 'ancient-400', createdSecondsAgo: OLD, lastUsedSecondsAgo: 400 * DAY }] },
    {
      name: 'ghost',
      role: 'Viewer',
      tokens: [
        { name: 'ghost-never', createdSecondsAgo: OLD },
        { name: 'ghost-leaked', isRevoked: true, createdSecondsAgo: OLD },
      ],
    },
    // Never used, but made two days ago: "never used", not yet "not used for 30 days".
    { name: 'fresh', role: 'Viewer', tokens: [{ name: 'fresh-token', secondsToLive: 6 * DAY, createdSecondsAgo: 2 * DAY }] },
    // Nothing to clean up: never "unused".
    { name: 'empty', role: 'Viewer' },
    {
      name: 'mixed',
      role: 'Viewer',
      tokens: [
        { name: 'mixed-never', createdSecondsAgo: OLD },
        { name: 'mixed-busy', createdSecondsAgo: OLD, lastUsedSecondsAgo: DAY },
      ],
    },
    // Expired ten days ago, unused for 40: unused, and not "rotate soon" (it has expired).
    { name: 'lapsed', role: 'Viewer', tokens: [{ name: 'lapsed-token', secondsToLive: -10 * DAY, createdSecondsAgo: 100 * DAY, lastUsedSecondsAgo: 40 * DAY }] },
    // Org 2: more accounts than the overview reads (the first page of 50, by login).
    {
      name: 'platform-ci',
      role: 'Editor',
      orgId: 2,
      tokens: [
        { name: 'platform-soon', secondsToLive: 2 * DAY, createdSecondsAgo: 28 * DAY },
        { name: 'platform-soon-too', secondsToLive: 4 * DAY, createdSecondsAgo: 26 * DAY, isRevoked: true },
        { name: 'platform-later', secondsToLive: 60 * DAY, createdSecondsAgo: DAY },
      ],
    },
    ...Array.from({ length: 54 }, (_, n) => ({ name: `zz-idle-${String(n).padStart(2, '0')}`, role: 'Viewer', orgId: 2 })),
  ],
};

type Token = { name: string; expiration?: string | null; hasExpired?: boolean; isRevoked?: boolean; lastUsedAt?: string | null; created?: string | null };
type Account = { id: number; name: string; tokens: number };

/** The sim's answer to the admin in org `orgId`. */
async function asAdmin(sim: Sim, apiPath: string, orgId = 1) {
  const response = await fetch(sim.url + apiPath, {
    headers: { Authorization: 'Basic ' + Buffer.from('admin:admin').toString('base64'), 'X-Grafana-Org-Id': String(orgId) },
  });
  expect(response.status, apiPath).toBe(200);
  return { json: await response.json(), date: Date.parse(response.headers.get('date')!) };
}

/** Each account of the search's first page (as the list asks it) with its tokens and the server's time. */
async function accountsWithTokens(sim: Sim, orgId = 1) {
  const search = await asAdmin(sim, '/api/serviceaccounts/search?perpage=50&page=1&query=', orgId);
  const accounts: { account: Account; tokens: Token[]; now: number }[] = [];
  for (const account of search.json.serviceAccounts as Account[]) {
    const listed = await asAdmin(sim, `/api/serviceaccounts/${account.id}/tokens`, orgId);
    accounts.push({ account, tokens: listed.json, now: listed.date });
  }
  return { totalCount: search.json.totalCount as number, accounts };
}

const rotateSoon = (token: Token, now: number) => {
  if (token.hasExpired || !token.expiration) return false;
  const at = Date.parse(token.expiration);
  return at >= now && at - now <= 7 * DAY * 1000;
};

/** Grafana's `Date` has whole seconds: a margin keeps the edges out of the expectations. */
const unusedFor = (days: number | 'never') => (token: Token, now: number) => {
  if (days === 'never') return !token.lastUsedAt;
  const span = days * DAY * 1000;
  if (token.lastUsedAt) return now - Date.parse(token.lastUsedAt) > span;
  return !token.created || now - Date.parse(token.created) > span;
};

export const FILTERS = [
  { label: 'Not used for 30 days', param: '30d', days: 30 as const },
  { label: 'Not used for 90 days', param: '90d', days: 90 as const },
  { label: 'Not used for a year', param: '365d', days: 365 as const },
  { label: 'Never used', param: 'never', days: 'never' as const },
];

function accountRow(page: Page, name: string) {
  return page
    .locator('table.sa-table tbody tr')
    .filter({ has: page.locator('td.keys-table__name a', { hasText: new RegExp(`^${name}$`) }) });
}

const accountNames = (page: Page) => page.locator('table.sa-table tbody td.keys-table__name a');

function tokensCell(page: Page, name: string) {
  return accountRow(page, name).locator('td[data-label="Tokens"]');
}

/** Each account's rotate-soon and revoked counts on the list match the sim's tokens. */
export async function listCountsMatchTheServer(page: Page, sim: Sim) {
  await seedAll(sim, HYGIENE_SEED);
  const { accounts } = await accountsWithTokens(sim);
  const expected: Record<string, [number, number]> = {};
  for (const { account, tokens, now } of accounts) {
    expected[account.name] = [tokens.filter((t) => rotateSoon(t, now)).length, tokens.filter((t) => t.isRevoked).length];
  }
  // The seed's own numbers, so the test also fails if the server's answers go empty.
  expect(expected).toEqual({
    ci: [2, 1],
    exporter: [0, 0],
    archiver: [0, 0],
    ancient: [0, 0],
    ghost: [0, 1],
    fresh: [1, 0],
    empty: [0, 0],
    mixed: [0, 0],
    lapsed: [0, 0],
  });

  await page.goto('/org/serviceaccounts');
  await expect(accountNames(page)).toHaveCount(accounts.length);
  for (const [name, [soon, revoked]] of Object.entries(expected)) {
    const cell = tokensCell(page, name);
    await expect(cell).not.toContainText('checking…');
    const badges = cell.locator('.sa-table__check .badge');
    const texts = [...(soon ? [`${soon} to rotate soon`] : []), ...(revoked ? [`${revoked} revoked`] : [])];
    await expect(badges, name).toHaveText(texts);
  }
  await expect(tokensCell(page, 'empty')).toHaveText('No tokens');
  await expect(tokensCell(page, 'ci')).toHaveText(/^4 tokens\s*2 to rotate soon\s*1 revoked$/);
}

/**
 * The tokens are read after the table shows, "checking…" meanwhile, at most 6 at a time, and
 * only for the accounts with tokens.
 */
export async function checkingUntilKnownAndSixAtATime(page: Page, sim: Sim) {
  await seedAll(sim, HYGIENE_SEED);
  let inFlight = 0;
  let most = 0;
  const asked: string[] = [];
  const held: (() => void)[] = [];
  let hold = true;
  await page.route(/\/api\/serviceaccounts\/\d+\/tokens$/, async (route: Route) => {
    asked.push(new URL(route.request().url()).pathname);
    inFlight += 1;
    most = Math.max(most, inFlight);
    if (hold) await new Promise<void>((release) => held.push(release));
    else await new Promise((wait) => setTimeout(wait, 100));
    inFlight -= 1;
    await route.continue();
  });
  await page.goto('/org/serviceaccounts');
  await expect(accountNames(page)).toHaveCount(9);
  await expect(tokensCell(page, 'ci')).toContainText('checking…');
  await expect(tokensCell(page, 'empty')).not.toContainText('checking…');
  // Six asked, the others waiting their turn.
  await expect.poll(() => asked.length).toBe(6);
  await page.waitForTimeout(300);
  expect(asked).toHaveLength(6);
  hold = false;
  held.splice(0).forEach((release) => release());
  await expect(page.getByText('checking…')).toHaveCount(0);
  await expect(tokensCell(page, 'ci').locator('.badge')).toHaveText(['2 to rotate soon', '1 revoked']);
  expect(most).toBeLessThanOrEqual(6);
  // One request per account with tokens (8 of the 9), none for "empty".
  expect(asked).toHaveLength(8);
  expect(new Set(asked).size).toBe(8);
}

/** "Token use" keeps exactly the accounts the sim's tokens say, lives in the URL, and says what it did. */
export async function unusedFilterSelectsTheRightAccounts(page: Page, sim: Sim) {
  await seedAll(sim, HYGIENE_SEED);
  const { accounts } = await accountsWithTokens(sim);
  const pinned: Record<string, string[]> = {
    '30d': ['ancient', 'archiver', 'exporter', 'ghost', 'lapsed'],
    '90d': ['ancient', 'archiver', 'ghost'],
    '365d': ['ancient', 'ghost'],
    never: ['fresh', 'ghost'],
  };
  await page.goto('/org/serviceaccounts');
  await expect(accountNames(page)).toHaveCount(accounts.length);
  const select = page.getByLabel('Token use');
  await expect(select).toHaveValue('');
  await expect(page.locator('#sa-unused-help')).toContainText('An account without tokens is not listed: it has nothing to clean up.');
  await expect(select).toHaveAccessibleDescription(/An account without tokens is not listed/);
  for (const filter of FILTERS) {
    const rule = unusedFor(filter.days);
    const expected = accounts
      .filter(({ tokens, now }) => tokens.length > 0 && tokens.every((token) => rule(token, now)))
      .map(({ account }) => account.name)
      .sort();
    expect(expected, filter.label).toEqual(pinned[filter.param]);
    await select.selectOption({ label: filter.label });
    await expect(page).toHaveURL(new RegExp(`[?&]unused=${filter.param}$`));
    const status = page.getByRole('status').filter({ hasText: 'on this page' });
    const verb = expected.length === 1 ? 'has' : 'have';
    await expect(status).toHaveText(
      `${expected.length} of ${accounts.length} service accounts on this page ${verb} only tokens ${filter.label.toLowerCase()}.`,
    );
    const shown = (await accountNames(page).allTextContents()).sort();
    expect(shown, filter.label).toEqual(expected);
  }
  // A reload keeps the filter, with Grafana's own filters.
  await page.getByRole('group', { name: 'Filter' }).getByText('Disabled', { exact: true }).click();
  await expect(page).toHaveURL(/\?filter=disabled&unused=never$/);
  await page.getByRole('group', { name: 'Filter' }).getByText('All', { exact: true }).click();
  await page.reload();
  await expect(select).toHaveValue('never');
  await expect(accountNames(page)).toHaveText(pinned.never);
  await select.selectOption({ label: 'Any' });
  await expect(page).toHaveURL(/\/org\/serviceaccounts$/);
  await expect(accountNames(page)).toHaveCount(accounts.length);
}

/** The overview's "Tokens to rotate soon" per org, over the first 50 accounts, with the note. */
export async function overviewCountsTokensToRotateSoon(page: Page, sim: Sim) {
  await seedAll(sim, HYGIENE_SEED);
  const expected: Record<number, string> = {};
  for (const orgId of [1, 2]) {
    const { totalCount, accounts } = await accountsWithTokens(sim, orgId);
    const soon = accounts.reduce((sum, { tokens, now }) => sum + tokens.filter((t) => rotateSoon(t, now)).length, 0);
    expected[orgId] = totalCount > accounts.length ? `${soon} (in the first ${accounts.length} of ${totalCount} service accounts)` : String(soon);
  }
  expect(expected).toEqual({ 1: '3', 2: '2 (in the first 50 of 55 service accounts)' });
  await page.goto('/orgs');
  const table = page.getByRole('table');
  await expect(table.getByRole('columnheader').last()).toHaveText('Tokens to rotate soon');
  for (const orgId of [1, 2]) {
    await expect(page.locator(`tr[data-org-id="${orgId}"] td[data-label="Tokens to rotate soon"]`)).toHaveText(expected[orgId]);
  }
}

/** Until an org's tokens are read, its cell says so. */
export async function overviewSaysCheckingUntilRead(page: Page, sim: Sim) {
  await seedAll(sim, HYGIENE_SEED);
  const held: (() => void)[] = [];
  let hold = true;
  await page.route(/\/api\/serviceaccounts\/\d+\/tokens$/, async (route: Route) => {
    if (hold) await new Promise<void>((release) => held.push(release));
    await route.continue();
  });
  await page.goto('/orgs');
  const cell = page.locator('tr[data-org-id="1"] td[data-label="Tokens to rotate soon"]');
  await expect(page.getByRole('status').filter({ hasText: /^Loaded/ })).toHaveText('Loaded 2 of 2 orgs');
  await expect(cell).toHaveText('Checking…');
  hold = false;
  held.splice(0).forEach((release) => release());
  await expect(cell).toHaveText('3');
}
