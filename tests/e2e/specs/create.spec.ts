import type { Page, Request } from '@playwright/test';
import { expect, tableRows, test } from '../support/fixtures';

/** Every POST /api/auth/keys the page sends. */
function createRequests(page: Page): Request[] {
  const sent: Request[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname.endsWith('/api/auth/keys')) {
      sent.push(request);
    }
  });
  return sent;
}

async function openForm(page: Page) {
  await page.goto('/org/apikeys');
  await page.getByRole('button', { name: 'Add API key' }).click();
  await expect(page.getByRole('heading', { name: 'Add API Key' })).toBeVisible();
}

test.describe('adding an API key', () => {
  test('creates the key, shows the secret once with a working curl example, and forgets it', async ({
    page,
    signIn,
    sim,
  }) => {
    const consoleText: string[] = [];
    page.on('console', (message) => consoleText.push(message.text()));
    await signIn();
    await openForm(page);
    await expect(page.getByLabel('Key name')).toBeFocused();
    await page.getByLabel('Key name').fill('release-pipeline');
    await page.getByLabel('Role').selectOption('Editor');
    await page.getByLabel('Time to live').fill('7d');
    await page.getByRole('button', { name: 'Add', exact: true }).click();

    const dialog = page.getByRole('dialog', { name: 'API Key Created' });
    await expect(dialog).toBeVisible();
    const secretInput = dialog.getByLabel('Key');
    await expect(secretInput).toHaveAttribute('readonly', '');
    const secret = await secretInput.inputValue();
    expect(secret).toMatch(/^eyJr/);
    await expect(dialog).toContainText('You will only be able to view this key here once!');
    await expect(dialog).toContainText('It is not stored in this form, so be sure to copy it now.');
    const origin = new URL(page.url()).origin;
    const curl = `curl -H "Authorization: Bearer ${secret}" ${origin}/api/dashboards/home`;
    await expect(dialog.locator('pre')).toHaveText(curl);

    // The example really works: the same URL, with only the key (no session cookie).
    const home = await fetch(`${origin}/api/dashboards/home`, {
      headers: { Authorization: `Bearer ${secret}` },
    });
    expect(home.status).toBe(200);

    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(dialog).toHaveCount(0);
    const row = (await tableRows(page)).find((cells) => cells[0] === 'release-pipeline');
    expect(row?.[1]).toBe('Editor');
    expect(row?.[2]).toContain('in 7 days');

    // The secret is nowhere: not in the page, storage, the URL or the console.
    expect(await page.content()).not.toContain(secret);
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(stored).not.toContain(secret);
    expect(page.url()).not.toContain(secret);
    expect(consoleText.join('\n')).not.toContain(secret);
    // And the server stores only a hash.
    const state = await (await fetch(`${sim.url}/__sim/state`)).text();
    expect(state).not.toContain(secret);
  });

  test('Copy puts the secret on the clipboard', async ({ page, signIn, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await signIn();
    await openForm(page);
    await page.getByLabel('Key name').fill('copy-me');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'API Key Created' });
    const secret = await dialog.getByLabel('Key').inputValue();
    await dialog.getByRole('button', { name: 'Copy' }).click();
    await expect(dialog.getByText('Copied to clipboard')).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  });

  test('Copy still works where the Clipboard API is missing (plain http)', async ({ page, signIn }) => {
    await page.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined });
    });
    await signIn();
    await openForm(page);
    await page.getByLabel('Key name').fill('copy-fallback');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'API Key Created' });
    const secretInput = dialog.getByLabel('Key');
    const secret = await secretInput.inputValue();
    await dialog.getByRole('button', { name: 'Copy' }).click();
    await expect(dialog.getByRole('status')).toHaveText(/Copied to clipboard|press Ctrl\+C/);
    // Either way the key is selected, ready for Ctrl+C.
    const selected = await secretInput.evaluate((input: HTMLInputElement) =>
      input.value.slice(input.selectionStart ?? 0, input.selectionEnd ?? 0),
    );
    expect(selected).toBe(secret);
  });

  test('an empty time to live sends secondsToLive: null and the key never expires', async ({ page, signIn }) => {
    const sent = createRequests(page);
    await signIn();
    await openForm(page);
    await page.getByLabel('Key name').fill('forever-key');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByRole('dialog', { name: 'API Key Created' })).toBeVisible();
    expect(sent).toHaveLength(1);
    expect(sent[0].postDataJSON()).toEqual({ name: 'forever-key', role: 'Viewer', secondsToLive: null });
    await page.getByRole('button', { name: 'Close dialogue' }).click();
    const row = (await tableRows(page)).find((cells) => cells[0] === 'forever-key');
    expect(row?.[2]).toBe('No expiration date');
  });

  for (const ttl of ['60x', '1.5h', '-5m', '10ms', '1 d', '1D', '1dx', '0']) {
    test(`"${ttl}" is not a valid duration and sends nothing`, async ({ page, signIn }) => {
      const sent = createRequests(page);
      await signIn();
      await openForm(page);
      await page.getByLabel('Key name').fill('bad-ttl');
      const ttlInput = page.getByLabel('Time to live');
      await ttlInput.fill(ttl);
      await expect(page.getByText('Not a valid duration')).toHaveCount(0);
      await ttlInput.blur();
      await expect(page.getByText('Not a valid duration')).toBeVisible();
      await expect(ttlInput).toHaveAttribute('aria-invalid', 'true');
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await expect(page.getByRole('heading', { name: 'Add API Key' })).toBeVisible();
      expect(sent).toHaveLength(0);
    });
  }

  test('a duplicate name shows the server message and keeps what was typed', async ({ page, signIn }) => {
    await signIn();
    await openForm(page);
    await page.getByLabel('Key name').fill('grafana-backup');
    await page.getByLabel('Role').selectOption('Admin');
    await page.getByLabel('Time to live').fill('12h');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByRole('alert')).toHaveText('API key, organization ID and name must be unique');
    await expect(page.getByLabel('Key name')).toHaveValue('grafana-backup');
    await expect(page.getByLabel('Role')).toHaveValue('Admin');
    await expect(page.getByLabel('Time to live')).toHaveValue('12h');
    await expect(page.getByRole('dialog')).toHaveCount(0);
  });

  test('a name taken by an expired key is refused too', async ({ page, signIn }) => {
    await signIn();
    await openForm(page);
    await page.getByLabel('Key name').fill('expired-exporter');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByRole('alert')).toHaveText('API key, organization ID and name must be unique');
  });

  test('a double click on Add creates one key', async ({ page, signIn, sim }) => {
    const sent = createRequests(page);
    await signIn();
    await sim.latency(300);
    await openForm(page);
    await page.getByLabel('Key name').fill('clicked-twice');
    await page.getByRole('button', { name: 'Add', exact: true }).dblclick();
    await expect(page.getByRole('dialog', { name: 'API Key Created' })).toBeVisible();
    expect(sent).toHaveLength(1);
    const listed = await sim.api('GET', '/api/auth/keys?includeExpired=true');
    expect(listed.json.filter((key: { name: string }) => key.name === 'clicked-twice')).toHaveLength(1);
  });

  test('the Add button says it is working while the request runs', async ({ page, signIn, sim }) => {
    await signIn();
    await openForm(page);
    await sim.latency(1500);
    await page.getByLabel('Key name').fill('slow-key');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Adding...' })).toBeDisabled();
    await expect(page.getByRole('dialog', { name: 'API Key Created' })).toBeVisible();
  });

  test('a name with markup stays text everywhere', async ({ page, signIn }) => {
    const name = '<img src=x onerror="window.__xss=1">';
    await signIn();
    await openForm(page);
    await page.getByLabel('Key name').fill(name);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('button', { name: 'Close dialogue' }).click();
    await expect(page.locator('td.keys-table__name', { hasText: name })).toHaveCount(1);
    await page.getByRole('button', { name: `Delete API key ${name}` }).click();
    await expect(page.getByRole('dialog', { name: 'Delete API key' })).toContainText(name);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
  });

  test('a 10,000-character name is created and listed without breaking the row', async ({ page, signIn }) => {
    const name = 'k'.repeat(10_000);
    await signIn();
    await openForm(page);
    await page.getByLabel('Key name').fill(name);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('button', { name: 'Close dialogue' }).click();
    const cell = page.locator('td.keys-table__name', { hasText: 'kkkk' });
    await expect(cell).toHaveText(name);
    // The name wraps: nothing overflows the page sideways and the row's button stays reachable.
    const remove = page.getByRole('button', { name: `Delete API key ${name}` });
    await remove.scrollIntoViewIfNeeded();
    await expect(remove).toBeInViewport();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  });

  test('Close on the form puts everything back', async ({ page, signIn }) => {
    await signIn();
    await openForm(page);
    await page.getByLabel('Key name').fill('abandoned');
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Add API Key' })).toHaveCount(0);
    await page.getByRole('button', { name: 'Add API key' }).click();
    await expect(page.getByLabel('Key name')).toHaveValue('');
  });

  test('with no keys at all, "New API key" leads to the form', async ({ page, signIn, sim }) => {
    await sim.seed([]);
    await signIn();
    await page.goto('/org/apikeys');
    await expect(page.getByText("You haven't added any API keys yet.")).toBeVisible();
    await page.getByRole('button', { name: 'New API key' }).click();
    await page.getByLabel('Key name').fill('first-key');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('button', { name: 'Close dialogue' }).click();
    expect((await tableRows(page)).map((cells) => cells[0])).toEqual(['first-key']);
  });
});

test.describe('when the session ends while the form is open', () => {
  test('Add says to sign in again and keeps what was typed', async ({ page, signIn }) => {
    await signIn();
    await openForm(page);
    await page.getByLabel('Key name').fill('after-logout');
    await page.getByLabel('Time to live').fill('1d');
    // Grafana's logout ends the session this browser holds.
    await page.request.get('/logout', { maxRedirects: 0 });
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByRole('alert')).toHaveText(
      'Unauthorized: your Grafana session has ended. Sign in to Grafana again, then retry.',
    );
    await expect(page.getByLabel('Key name')).toHaveValue('after-logout');
    await expect(page.getByLabel('Time to live')).toHaveValue('1d');
    await signIn();
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByRole('dialog', { name: 'API Key Created' })).toBeVisible();
  });
});
