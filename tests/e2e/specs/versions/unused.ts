// Issue 22, "Unused credentials": the "Last used" filter shows only what was not used for
// 30 / 90 / 365 days, or never; "Delete unused" deletes exactly those through the confirmed,
// resumable bulk deletion, whose confirmation tells "never used" from "last used on ...".
// Shared by the 10.4 and 12.1 specs.
import type { Page } from '@playwright/test';
import { expect } from '../../support/fixtures';
import type { Sim } from '../../support/servers';
import { seedAll } from './list-limits';

const DAY = 86_400;

const localDate = (secondsAgo: number) => {
  const at = new Date(Date.now() - secondsAgo * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
};

/** Used 2 days ago, 100 days ago, 400 days ago, and never (made a year ago). */
const USES = [
  { name: 'fresh', lastUsedSecondsAgo: 2 * DAY, createdSecondsAgo: 500 * DAY },
  { name: 'idle-100', lastUsedSecondsAgo: 100 * DAY, createdSecondsAgo: 500 * DAY },
  { name: 'idle-400', lastUsedSecondsAgo: 400 * DAY, createdSecondsAgo: 500 * DAY },
  { name: 'never', createdSecondsAgo: 365 * DAY },
];

const shownTokens = (page: Page) => page.locator('table.sa-tokens tbody td.keys-table__name');

async function tokenNames(sim: Sim, id: number): Promise<string[]> {
  return (await sim.api('GET', `/api/serviceaccounts/${id}/tokens`)).json.map((t: { name: string }) => t.name);
}

export async function unusedTokensDeletedWithOneFailureThenResumed(page: Page, sim: Sim) {
  await seedAll(sim, { serviceAccounts: [{ name: 'ci-bot', role: 'Viewer', tokens: USES }] });
  const id = (await sim.api('GET', '/api/serviceaccounts/search?query=ci-bot')).json.serviceAccounts[0].id;
  const listed = (await sim.api('GET', `/api/serviceaccounts/${id}/tokens`)).json as { id: number; name: string }[];
  await page.goto(`/org/serviceaccounts/${id}`);
  await expect(shownTokens(page)).toHaveText(['fresh', 'idle-100', 'idle-400', 'never']);

  const filter = page.getByLabel('Last used');
  await filter.selectOption({ label: 'Not used for 30 days' });
  await expect(shownTokens(page)).toHaveText(['idle-100', 'idle-400', 'never']);
  await filter.selectOption({ label: 'Not used for a year' });
  await expect(shownTokens(page)).toHaveText(['idle-400', 'never']);
  await filter.selectOption({ label: 'Never used' });
  await expect(shownTokens(page)).toHaveText(['never']);
  await filter.selectOption({ label: 'Not used for 90 days' });
  await expect(shownTokens(page)).toHaveText(['idle-100', 'idle-400', 'never']);

  // One of the three fails, then the rest is retried.
  const failing = listed.find((token) => token.name === 'idle-400')!;
  await sim.faults([`DELETE /api/serviceaccounts/${id}/tokens/${failing.id}=500`]);
  await page.getByRole('button', { name: 'Delete unused (3)' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete unused tokens' });
  await expect(confirm.locator('li')).toHaveText([
    `idle-100 (last used on ${localDate(100 * DAY)})`,
    `idle-400 (last used on ${localDate(400 * DAY)})`,
    'never (never used)',
  ]);
  await confirm.getByRole('button', { name: 'Delete unused tokens' }).click();
  const run = page.getByRole('dialog', { name: 'Delete unused tokens' });
  await expect(run.getByRole('status')).toHaveText('Deleted 2 of 3; 1 not deleted.');
  expect((await tokenNames(sim, id)).sort()).toEqual(['fresh', 'idle-400']);
  await sim.faults([]);
  await run.getByRole('button', { name: 'Retry the remaining' }).click();
  await expect(run.getByRole('status')).toHaveText('Deleted 3 of 3.');
  await run.getByRole('button', { name: 'Close', exact: true }).click();
  expect(await tokenNames(sim, id)).toEqual(['fresh']);
  await filter.selectOption({ label: 'Any time' });
  await expect(shownTokens(page)).toHaveText(['fresh']);
}

export async function unusedKeysDeleted(page: Page, sim: Sim) {
  await seedAll(sim, {
    keys: USES.map(({ name, lastUsedSecondsAgo }) => ({ name: `key-${name}`, role: 'Viewer', lastUsedSecondsAgo })),
  });
  await page.goto('/org/apikeys');
  const names = page.locator('table.keys-table tbody tr:not([hidden]) td.keys-table__name');
  await expect(names).toHaveCount(4);
  await page.getByLabel('Last used').selectOption({ label: 'Not used for 90 days' });
  await expect(names).toHaveText(['key-idle-100', 'key-idle-400', 'key-never']);
  await page.getByRole('button', { name: 'Delete unused (3)' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete unused API keys' });
  await expect(confirm.locator('li')).toHaveText([
    `key-idle-100 (last used on ${localDate(100 * DAY)})`,
    `key-idle-400 (last used on ${localDate(400 * DAY)})`,
    'key-never (never used)',
  ]);
  await confirm.getByRole('button', { name: 'Delete unused API keys' }).click();
  const run = page.getByRole('dialog', { name: 'Delete unused API keys' });
  await expect(run.getByRole('status')).toHaveText('Deleted 3 of 3.');
  await run.getByRole('button', { name: 'Close', exact: true }).click();
  const left = (await sim.api('GET', '/api/auth/keys?includeExpired=true')).json.map((k: { name: string }) => k.name);
  expect(left).toEqual(['key-fresh']);
}
