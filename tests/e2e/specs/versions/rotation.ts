// Issue 22, "Rotate a token": a token row's Rotate adds a token on the same account, named from
// the old one with today's date and living as long as the old one did; its secret is shown once;
// only then is "Delete the old token" offered, as a separate, confirmed step, and until then both
// work. Shared by the 10.4 and 12.1 specs.
import type { Page } from '@playwright/test';
import { expect } from '../../support/fixtures';
import type { Sim } from '../../support/servers';
import { seedAll } from './list-limits';

const DAY = 86_400;

export const ROTATION_SEED = {
  serviceAccounts: [
    {
      name: 'ci-bot',
      role: 'Editor',
      tokens: [
        // A 30-day token made 27 days ago: 3 days left, so "Rotate soon".
        { name: 'ci-token', secondsToLive: 3 * DAY, createdSecondsAgo: 27 * DAY },
        { name: 'ci-leaked', isRevoked: true },
        { name: 'ci-forever' },
      ],
    },
  ],
};

/** The status Grafana answers a secret sent as `Authorization: Bearer`. */
export async function statusWith(sim: Sim, secret: string): Promise<number> {
  return (await fetch(sim.url + '/api/dashboards/home', { headers: { Authorization: `Bearer ${secret}` } })).status;
}

async function accountId(sim: Sim): Promise<number> {
  const search = await sim.api('GET', '/api/serviceaccounts/search?query=ci-bot');
  return search.json.serviceAccounts[0].id;
}

export async function tokenNames(sim: Sim): Promise<string[]> {
  const listed = await sim.api('GET', `/api/serviceaccounts/${await accountId(sim)}/tokens`);
  return listed.json.map((token: { name: string }) => token.name).sort();
}

const today = () => {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
};

const row = (page: Page, name: string) =>
  page.locator('table.sa-tokens tbody tr').filter({ has: page.locator('td.keys-table__name', { hasText: new RegExp(`^${name}$`) }) });

/**
 * Rotates `old` from its row: checks the form's prefilled name and lifetime, generates, reads
 * the secret once, closes. Returns the new token's name and secret.
 */
export async function rotate(page: Page, old: string, lifetime: string | null) {
  await row(page, old).getByRole('button', { name: `Rotate token ${old}` }).click();
  const form = page.getByRole('dialog', { name: 'Add service account token' });
  const name = `${old}-${today()}`;
  await expect(form.getByLabel('Display name')).toHaveValue(name);
  if (lifetime === null) {
    await expect(form.getByLabel('No expiration')).toBeChecked();
  } else {
    await expect(form.getByLabel('Set time to live')).toBeChecked();
    await expect(form.getByRole('textbox', { name: 'Time to live' })).toHaveValue(lifetime);
  }
  await form.getByRole('button', { name: 'Generate token' }).click();
  const shown = page.getByRole('dialog', { name: 'Service account token created' });
  const secret = await shown.getByLabel('Token').inputValue();
  // Nothing offers deleting the old token while the new secret is on screen.
  await expect(page.getByRole('button', { name: 'Delete the old token' })).toHaveCount(0);
  await shown.getByRole('button', { name: 'Close', exact: true }).click();
  return { name, secret };
}

export async function openAccount(page: Page, sim: Sim) {
  await page.goto(`/org/serviceaccounts/${await accountId(sim)}`);
  await expect(page.locator('table.sa-tokens tbody tr')).toHaveCount(3);
}

export async function seedRotation(sim: Sim) {
  await seedAll(sim, ROTATION_SEED);
}

/** The whole rotation of ci-token: new works, both work until the old is deleted, then only the new. */
export async function rotationEndsWithOnlyTheNewToken(page: Page, sim: Sim) {
  await seedRotation(sim);
  const id = await accountId(sim);
  // A token whose secret the test holds, rotated like any other (no expiration).
  const made = await sim.api('POST', `/api/serviceaccounts/${id}/tokens`, { name: 'deploy' });
  expect(made.status, made.text).toBe(200);
  const oldSecret: string = made.json.key;
  await page.goto(`/org/serviceaccounts/${id}`);
  await expect(page.locator('table.sa-tokens tbody tr')).toHaveCount(4);
  // Expiring within 7 days: marked, and Rotate is the row's main action.
  await expect(row(page, 'ci-token').getByText('Rotate soon')).toBeVisible();
  await expect(row(page, 'ci-forever').getByText('Rotate soon')).toHaveCount(0);
  await expect(row(page, 'ci-token').getByRole('button', { name: 'Rotate token ci-token' })).toHaveClass(/btn--primary/);

  // The lifetime carried over: 30 days.
  const soon = await rotate(page, 'ci-token', '30d');
  expect(await statusWith(sim, soon.secret)).toBe(200);

  const { name, secret } = await rotate(page, 'deploy', null);
  expect(await statusWith(sim, secret)).toBe(200);
  const card = page.getByRole('region', { name: 'Rotated: both tokens work' });
  await expect(card).toContainText(`The new token ${name} replaces deploy.`);
  // Both work until the old one is deleted.
  expect(await statusWith(sim, oldSecret)).toBe(200);
  await card.getByRole('button', { name: 'Delete the old token' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete service account token' });
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(card).toHaveCount(0);
  expect(await statusWith(sim, oldSecret)).toBe(401);
  expect(await statusWith(sim, secret)).toBe(200);
  expect(await tokenNames(sim)).toEqual([`ci-token-${today()}`, 'ci-forever', 'ci-leaked', 'ci-token', name].sort());
}

/** A revoked token offers Rotate first; rotating it ends with the revoked one deleted. */
export async function revokedTokenRotated(page: Page, sim: Sim) {
  await seedRotation(sim);
  await openAccount(page, sim);
  const leaked = row(page, 'ci-leaked');
  await expect(leaked.getByText('Revoked')).toBeVisible();
  const buttons = leaked.getByRole('button');
  await expect(buttons.first()).toHaveAccessibleName('Rotate token ci-leaked');
  await expect(buttons.first()).toHaveClass(/btn--primary/);
  // A revoked token had no expiration here: the new one has none either.
  const { name, secret } = await rotate(page, 'ci-leaked', null);
  expect(await statusWith(sim, secret)).toBe(200);
  await page.getByRole('region', { name: 'Rotated: both tokens work' }).getByRole('button', { name: 'Delete the old token' }).click();
  await page.getByRole('dialog', { name: 'Delete service account token' }).getByRole('button', { name: 'Delete' }).click();
  await expect(row(page, 'ci-leaked')).toHaveCount(0);
  expect(await tokenNames(sim)).toEqual(['ci-forever', 'ci-token', name].sort());
}

/** The old token's deletion fails: the card stays and says which is which. */
export async function failedDeleteKeepsBoth(page: Page, sim: Sim) {
  await seedRotation(sim);
  await openAccount(page, sim);
  const { name } = await rotate(page, 'ci-forever', null);
  await sim.faults(['DELETE /api/serviceaccounts/*/tokens/*=500']);
  const card = page.getByRole('region', { name: 'Rotated: both tokens work' });
  await card.getByRole('button', { name: 'Delete the old token' }).click();
  await page.getByRole('dialog', { name: 'Delete service account token' }).getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(card).toContainText(`The new token ${name} replaces ci-forever.`);
  await expect(row(page, 'ci-forever')).toHaveCount(1);
  await expect(row(page, name)).toHaveCount(1);
  await sim.faults([]);
}
