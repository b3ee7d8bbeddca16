// Issue 22, "What the lists leave out": Grafana lists at most 100 API keys and 300 tokens of an
// account, by name, with no paging, and says nothing of the rest. The page says so, names the
// last one listed, and says how to reach the others. Shared by the 10.4 and 12.1 specs.
import type { Page } from '@playwright/test';
import { expect } from '../../support/fixtures';
import type { Sim } from '../../support/servers';

const pad = (n: number) => String(n).padStart(3, '0');

/** Seeds grafana-sim as a whole (keys and accounts), replacing what it held. */
export async function seedAll(sim: Sim, seed: object) {
  const response = await fetch(sim.url + '/__sim/seed', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(seed),
  });
  expect(response.status, await response.text()).toBe(200);
}

/** `count` keys named key-000, key-001, ...: Grafana lists the first 100 by name. */
export const manyKeys = (count: number) =>
  Array.from({ length: count }, (_, n) => ({ name: `key-${pad(n)}`, role: 'Viewer' }));

/** An account with `count` tokens named token-000, ...: Grafana lists the first 300 by name. */
export const accountWithTokens = (count: number) => ({
  name: 'busy-bot',
  role: 'Viewer',
  tokens: Array.from({ length: count }, (_, n) => ({ name: `token-${pad(n)}` })),
});

export async function expectTokensNotice(page: Page, sim: Sim) {
  const search = await sim.api('GET', '/api/serviceaccounts/search?query=busy-bot');
  const id = search.json.serviceAccounts[0].id;
  const listed = await sim.api('GET', `/api/serviceaccounts/${id}/tokens`);
  expect(listed.json).toHaveLength(300);
  await page.goto(`/org/serviceaccounts/${id}`);
  const notice = page.getByRole('region', { name: 'Only the first 300 tokens are listed' });
  await expect(notice).toContainText('Grafana lists at most 300 tokens, by name, and this list is full.');
  await expect(notice.locator('strong')).toHaveText('token-299');
  await expect(page.locator('table.sa-tokens tbody tr')).toHaveCount(300);
}

export async function expectNoTokensNotice(page: Page, sim: Sim) {
  const search = await sim.api('GET', '/api/serviceaccounts/search?query=busy-bot');
  await page.goto(`/org/serviceaccounts/${search.json.serviceAccounts[0].id}`);
  await expect(page.locator('table.sa-tokens tbody tr')).toHaveCount(299);
  await expect(page.getByRole('region', { name: 'Only the first 300 tokens are listed' })).toHaveCount(0);
}
