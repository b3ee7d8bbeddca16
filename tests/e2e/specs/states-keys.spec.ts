// Issue 19, the API keys page: one state, one message, one next step (the table of states is in
// src/domain/keys_page.rs). Each test reaches its state as a user does, against the worker's
// grafana-sim (Grafana 9.4.7); the other versions are in versions/states-keys-*.spec.ts.
import type { Page } from '@playwright/test';
import { expect, keyNames, test } from '../support/fixtures';
import { VIEWER } from '../support/servers';

const MIGRATE_ALL = 'Migrate to service accounts now';

async function migrateAll(page: Page) {
  await page.getByRole('button', { name: MIGRATE_ALL }).click();
  await page
    .getByRole('dialog', { name: 'Migrate API keys to service accounts' })
    .getByRole('button', { name: 'Yes, migrate now' })
    .click();
}

test.describe('3. "Hide API keys page forever" (Grafana 9.1–9.4)', () => {
  // Grafana at the root (the shipped nginx config proxies its index page, `/`, exactly) and
  // under /grafana/: its index page, whose menu reports the hidden page, is reachable from the
  // app either way, as on a real deployment.
  for (const grafanaPath of ['/', '/grafana/']) {
    test(`after confirming, the page says it is hidden, Grafana reports it the same way, and the button is gone, also after a reload (Grafana at ${grafanaPath})`, async ({
      page,
      app,
      sim,
      signIn,
    }) => {
      app.useConfig({ grafanaPath, signIn: 'form' });
      await signIn();
      await page.goto('/org/apikeys');
      await migrateAll(page);
      const migrated = page.getByRole('region', { name: 'API keys migrated to service accounts' });
      await expect(migrated).toBeVisible();
      await migrated.getByRole('button', { name: 'Hide API keys page forever' }).click();
      await page
        .getByRole('dialog', { name: 'Hide API Keys page forever' })
        .getByRole('button', { name: 'Yes, hide API keys page.' })
        .click();

      const hidden = page.getByRole('region', { name: 'The API keys page is hidden' });
      await expect(hidden).toBeVisible();
      await expect(page).toHaveURL(/\/apikeys\/org\/apikeys/);
      await expect(page.getByRole('button', { name: 'Hide API keys page forever' })).toHaveCount(0);
      await expect(hidden.getByRole('link', { name: 'Go to service accounts' })).toBeFocused();
      const state = await (await fetch(`${sim.url}/__sim/state`)).json();
      expect(state.hideApiKeysOrgs).toEqual([1]);
      // Grafana's own report: its menu (navTree in the index page's boot data) lacks the page.
      const index = await fetch(sim.url + '/', {
        headers: { Authorization: 'Basic ' + Buffer.from('admin:admin').toString('base64') },
      });
      const html = await index.text();
      expect(html).toContain('window.grafanaBootData');
      expect(html).toContain('"id":"serviceaccounts"');
      expect(html).not.toContain('"id":"apikeys"');

      await page.reload();
      await expect(page.getByRole('region', { name: 'The API keys page is hidden' })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Hide API keys page forever' })).toHaveCount(0);
      await expect(page.getByRole('region')).toHaveCount(1);
    });
  }

  test("Grafana's menu lists the page again once a key exists", async ({ sim }) => {
    const admin = { Authorization: 'Basic ' + Buffer.from('admin:admin').toString('base64') };
    expect((await sim.api('POST', '/api/serviceaccounts/migrate')).status).toBe(200);
    expect((await sim.api('POST', '/api/serviceaccounts/hideApiKeys')).status).toBe(200);
    expect(await (await fetch(sim.url + '/', { headers: admin })).text()).not.toContain('"id":"apikeys"');
    await sim.createKey('came-back');
    expect(await (await fetch(sim.url + '/', { headers: admin })).text()).toContain('"id":"apikeys"');
    const signedOut = await fetch(sim.url + '/', { redirect: 'manual' });
    expect(signedOut.status).toBe(302);
  });
});

test.describe('4. after "Migrate to service accounts now"', () => {
  test('one card says what happened and offers one next step; no "No API keys found" headline', async ({
    page,
    signIn,
  }) => {
    await signIn();
    await page.goto('/org/apikeys');
    await expect(keyNames(page)).toHaveCount(3);
    await migrateAll(page);
    const card = page.getByRole('region', { name: 'API keys migrated to service accounts' });
    await expect(card).toBeVisible();
    await expect(page.getByRole('region')).toHaveCount(1);
    // One next step (the other links are the list of where each key went), and on 9.1–9.4
    // Grafana's own offer to hide the page, as a secondary button.
    await expect(card.locator('a.btn')).toHaveCount(1);
    await expect(card.locator('button')).toHaveText(['Hide API keys page forever']);
    await expect(card.getByRole('listitem')).toHaveCount(4);
    await expect(card.getByRole('link', { name: 'sa-autogen-grafana-backup' })).toBeVisible();
    await expect(card.getByRole('link', { name: 'Find them in Service accounts' })).toHaveAttribute(
      'href',
      /\/apikeys\/org\/serviceaccounts\?search=sa-autogen-/,
    );
    // Where "Add API key" went, said.
    await expect(card).toContainText('Where you would have added an API key, add a service account and a token.');
    await expect(page.getByText('No API keys found')).toHaveCount(0);
    await expect(page.getByText('This tab is deprecated', { exact: false })).toHaveCount(0);
    await expect(page.getByText('Where the API keys live now')).toHaveCount(0);
  });
});

test.describe('5. read-only users', () => {
  for (const who of [VIEWER, { user: 'editor', password: 'editor' }]) {
    test(`${who.user}: one read-only message, no failure and no Retry`, async ({ page, signIn }) => {
      await signIn(who);
      await page.goto('/org/apikeys');
      await expect(page.getByRole('region', { name: 'Read-only organization' })).toBeVisible();
      await expect(page.getByText('Could not load API keys')).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Retry' })).toHaveCount(0);
      await expect(page.getByRole('alert')).toHaveCount(0);
      await expect(page.getByRole('region')).toHaveCount(1);
    });
  }
});

test.describe('7. a duplicate name points at the field', () => {
  test('the name field is marked invalid, described by the message, and focused', async ({ page, signIn }) => {
    await signIn();
    await page.goto('/org/apikeys');
    await page.getByRole('button', { name: 'Add API key' }).click();
    const name = page.getByLabel('Key name');
    await name.fill('ci-deploy-bot');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(name).toHaveAttribute('aria-invalid', 'true');
    await expect(name).toHaveAccessibleDescription('API key, organization ID and name must be unique');
    await expect(name).toBeFocused();
    // Said once, at the field.
    await expect(page.getByText('API key, organization ID and name must be unique')).toHaveCount(1);
    await name.fill('ci-deploy-bot-2');
    await expect(name).toHaveAttribute('aria-invalid', 'false');
  });
});

test.describe('8. the focus is never lost', () => {
  test('closing the Add form gives it back to "Add API key"', async ({ page, signIn }) => {
    await signIn();
    await page.goto('/org/apikeys');
    const add = page.getByRole('button', { name: 'Add API key' });
    await add.click();
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(add).toBeFocused();
    await add.click();
    await page.getByLabel('Key name').press('Escape');
    await expect(add).toBeFocused();
  });

  test('closing "API Key Created" gives it back to "Add API key"', async ({ page, signIn }) => {
    await signIn();
    await page.goto('/org/apikeys');
    await page.getByRole('button', { name: 'Add API key' }).click();
    await page.getByLabel('Key name').fill('focus-return');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'API Key Created' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Add API key' })).toBeFocused();
  });

  test("migrating a key from its row moves the focus to the next row's button", async ({ page, signIn }) => {
    await signIn();
    await page.goto('/org/apikeys');
    await page.getByRole('button', { name: 'Migrate to service account: ci-deploy-bot' }).click();
    await expect(keyNames(page)).toHaveText(['grafana-backup', 'kiosk-viewer']);
    await expect(page.getByRole('button', { name: 'Migrate to service account: grafana-backup' })).toBeFocused();
    // The last row: the previous one's.
    await page.getByRole('button', { name: 'Migrate to service account: kiosk-viewer' }).click();
    await expect(keyNames(page)).toHaveText(['grafana-backup']);
    await expect(page.getByRole('button', { name: 'Migrate to service account: grafana-backup' })).toBeFocused();
  });
});

test.describe('11. a search whose matches are hidden expired keys', () => {
  test('says how many match and turns the switch on', async ({ page, signIn, sim }) => {
    await sim.seed([
      { name: 'ci-deploy-bot', role: 'Editor', secondsToLive: 2592000 },
      { name: 'legacy-exporter', role: 'Viewer', secondsToLive: -3600 },
    ]);
    await signIn();
    await page.goto('/org/apikeys');
    await expect(keyNames(page)).toHaveText(['ci-deploy-bot']);
    await page.getByRole('searchbox', { name: 'Search keys' }).fill('legacy');
    await expect(page.getByRole('cell', { name: /expired key/ })).toHaveText(
      '1 expired key matches; include expired keys to see it. Include expired keys',
    );
    await expect(page.getByText('No API keys found')).toHaveCount(0);
    await page.getByRole('cell').getByRole('button', { name: 'Include expired keys' }).click();
    await expect(page.getByRole('switch', { name: 'Include expired keys' })).toBeChecked();
    await expect(keyNames(page)).toHaveText(['legacy-exporter']);
    // Nothing at all matches: said plainly.
    await page.getByRole('searchbox', { name: 'Search keys' }).fill('nothing-like-this');
    await expect(page.getByRole('cell', { name: 'No API keys found' })).toBeVisible();
  });
});

test.describe('12. smaller things', () => {
  test('migrating one key says which, in its name', async ({ page, signIn }) => {
    await signIn();
    await page.goto('/org/apikeys');
    await page.getByRole('button', { name: 'Migrate to service account: kiosk-viewer' }).click();
    await expect(page.locator('.toast--success')).toContainText('Migrated kiosk-viewer to a service account');
    await expect(page.getByText('Service accounts migrated')).toHaveCount(0);
  });

  test('"Delete expired" for a single key is titled in the singular', async ({ page, signIn }) => {
    await signIn();
    await page.goto('/org/apikeys');
    await page.getByRole('button', { name: 'Delete expired (1)' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete expired API key' });
    await expect(confirm).toBeVisible();
    await expect(confirm.getByRole('button', { name: 'Delete expired API key', exact: true })).toBeVisible();
  });

  test('the 404 page lists the real routes', async ({ page, signIn }) => {
    await signIn();
    await page.goto('/no/such/page');
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await expect(page.getByText('This page only has the API keys page')).toHaveCount(0);
    for (const name of ['API keys', 'Service accounts', 'All orgs overview']) {
      await expect(page.locator('main').getByRole('link', { name, exact: true })).toBeVisible();
    }
  });

  test('"Delete expired" is hidden where nothing expired, on an account as on the keys page', async ({
    page,
    signIn,
    sim,
  }) => {
    await sim.api('DELETE', '/api/auth/keys/' + (await expiredKeyId(sim)));
    const created = await sim.api('POST', '/api/serviceaccounts', { name: 'nothing-expired', role: 'Viewer' });
    expect(created.status, created.text).toBe(201);
    await signIn();
    await page.goto('/org/apikeys');
    await expect(keyNames(page)).toHaveCount(3);
    await expect(page.getByRole('button', { name: /Delete expired/ })).toHaveCount(0);
    await page.goto(`/org/serviceaccounts/${created.json.id}`);
    await expect(page.getByRole('button', { name: 'Add service account token' })).toBeVisible();
    await expect(page.getByRole('button', { name: /Delete expired/ })).toHaveCount(0);
  });

  test('the created key is not clipped in its field: the line is tall enough for "_"', async ({ page, signIn }) => {
    await signIn();
    await page.goto('/org/apikeys');
    await page.getByRole('button', { name: 'Add API key' }).click();
    await page.getByLabel('Key name').fill('underscores');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const field = page.getByRole('dialog', { name: 'API Key Created' }).getByLabel('Key');
    await expect(field).not.toHaveValue('');
    // With no padding around its line (today's main), Chromium drew "glsa_x" as "glsa x" in
    // this field (seen in a screenshot of a 10.4 token); the line now has room above and below.
    const box = await field.evaluate((input) => {
      const style = getComputedStyle(input);
      return { lineHeight: parseFloat(style.lineHeight), padding: parseFloat(style.paddingTop), inner: input.clientHeight };
    });
    expect(box.padding).toBeGreaterThanOrEqual(4);
    expect(box.inner).toBeGreaterThanOrEqual(box.lineHeight + 2 * box.padding);
  });
});

async function expiredKeyId(sim: { api: (m: string, p: string) => Promise<{ json: any }> }): Promise<number> {
  const all = await sim.api('GET', '/api/auth/keys?includeExpired=true');
  const expired = (all.json as { id: number; name: string }[]).find((key) => key.name === 'expired-exporter');
  if (!expired) throw new Error('no expired-exporter in the seed');
  return expired.id;
}
