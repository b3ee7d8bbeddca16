// The split build (scripts/split-build.sh): the keys page loads only the main module, and each
// other view (the service accounts list, an account's page, the orgs overview) fetches its own
// chunk from the build's pkg-<hash>/ folder, by navigation and by deep link, here under the
// suite's sub-path /apikeys/. A chunk that cannot be loaded is said, with Retry (and "Reload the
// page" where a new deployment replaced the build), never a blank page or a panic.
import { expect, test } from '../support/fixtures';
import { isChunk, OPS, recordBuildFiles, recordChunkFetches, ROUTES, seed } from '../support/split';

test.describe('the split build', () => {
  test.beforeEach(async ({ sim, signIn }) => {
    await seed(sim);
    await signIn(OPS);
  });

  test('the keys page fetches the main module and no chunk before its table', async ({ page }) => {
    const asked = recordBuildFiles(page);
    // The page's own chunk requests (fetch), not the idle prefetch's (<link rel=prefetch>),
    // which may start as soon as the table is in the DOM.
    const fetched = recordChunkFetches(page);
    await page.goto('/org/apikeys');
    await expect(page.locator('table.keys-table tbody tr')).toHaveCount(1);
    expect(asked.filter((file) => !file.endsWith('.wasm') || file === 'main_bg.wasm').sort()).toEqual([
      '__wasm_split.js',
      'main.js',
      'main_bg.wasm',
    ]);
    expect(fetched).toEqual([]);
  });

  test("once the table is shown, the other views' chunks are prefetched, and a switch uses them", async ({ page }) => {
    const devtools = await page.context().newCDPSession(page);
    await devtools.send('Network.enable');
    const chunks: { url: string; cached: boolean }[] = [];
    devtools.on('Network.responseReceived', ({ response }) => {
      if (!isChunk(new URL(response.url))) return;
      chunks.push({ url: response.url, cached: Boolean(response.fromDiskCache || response.fromPrefetchCache) });
    });
    await page.goto('/org/apikeys');
    await expect(page.locator('table.keys-table tbody tr')).toHaveCount(1);
    const listed = (await page.locator('meta[name="trunk-app"]').getAttribute('data-chunks'))!.split(' ');
    expect(listed.length, 'the build has chunks').toBeGreaterThan(2);
    await expect.poll(() => new Set(chunks.map((chunk) => chunk.url)).size).toBe(listed.length);
    const prefetched = chunks.length;
    await page.getByRole('link', { name: 'Service accounts', exact: true }).click();
    await expect(page.locator('table.sa-table td.keys-table__name a')).toHaveText(['grafana-ci']);
    const used = chunks.slice(prefetched);
    expect(used.length, 'the view loads its chunks').toBeGreaterThan(0);
    expect(used.filter((chunk) => !chunk.cached), 'chunks fetched again from the network').toEqual([]);
  });

  for (const route of ROUTES) {
    test(`${route.name}: by navigation, its chunk on demand`, async ({ page }) => {
      const asked = recordBuildFiles(page);
      await route.from(page);
      await route.shown(page);
      expect(asked.filter((file) => file.endsWith('.wasm') && file !== 'main_bg.wasm').length).toBeGreaterThan(0);
    });

    test(`${route.name}: by deep link`, async ({ page, sim }) => {
      const asked = recordBuildFiles(page);
      await page.goto(await route.path(sim));
      await route.shown(page);
      expect(asked.filter((file) => file.endsWith('.wasm') && file !== 'main_bg.wasm').length).toBeGreaterThan(0);
    });
  }
});

test.describe('a lazy route starts its requests at once', () => {
  test.beforeEach(async ({ sim, signIn }) => {
    await seed(sim);
    await signIn(OPS);
  });

  test('a deep link asks for the accounts while its chunk is still on its way', async ({ page }) => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let searched = false;
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.endsWith('/api/serviceaccounts/search')) searched = true;
    });
    // Every chunk is held back until the search has been sent: data() must not wait for view().
    await page.route(isChunk, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('/org/serviceaccounts');
    await expect.poll(() => searched, { timeout: 10_000 }).toBe(true);
    release();
    await expect(page.locator('table.sa-table td.keys-table__name a')).toHaveText(['grafana-ci']);
  });
});

test.describe('a chunk that cannot be loaded', () => {
  // The split loader logs the failed fetch; uncaught exceptions are checked below.
  test.use({ allowConsoleErrors: true });

  test.beforeEach(async ({ sim, signIn }) => {
    await seed(sim);
    await signIn(OPS);
  });

  test('is said with Retry, which loads it once the network is back', async ({ page }) => {
    const crashes: string[] = [];
    page.on('pageerror', (error) => crashes.push(String(error)));
    await page.goto('/org/apikeys');
    await expect(page.locator('table.keys-table')).toBeVisible();
    let blocked = 0;
    await page.route(isChunk, (route) => {
      blocked += 1;
      return route.abort('internetdisconnected');
    });
    await page.getByRole('link', { name: 'Service accounts', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'could not be loaded' });
    await expect(alert).toContainText('Part of this page could not be loaded');
    await expect(alert.getByRole('button', { name: 'Retry' })).toBeFocused();
    await expect(alert.getByRole('button', { name: 'Reload the page' })).toHaveCount(0);
    expect(blocked).toBeGreaterThan(0);
    // Not blank: the shell stays, and the view waits under the message.
    await expect(page.getByRole('group', { name: 'Your session' })).toBeVisible();
    await expect(page.locator('p.page-loading[role="status"]')).toHaveText('Loading ...');

    await page.unroute(isChunk);
    await alert.getByRole('button', { name: 'Retry' }).click();
    await expect(alert).toHaveCount(0);
    await expect(page.locator('table.sa-table td.keys-table__name a')).toHaveText(['grafana-ci']);
    expect(crashes).toEqual([]);
  });

  test('on a deep link, the page says so rather than staying blank', async ({ page }) => {
    const crashes: string[] = [];
    page.on('pageerror', (error) => crashes.push(String(error)));
    await page.route(isChunk, (route) => route.abort('internetdisconnected'));
    await page.goto('/orgs');
    const alert = page.getByRole('alert').filter({ hasText: 'could not be loaded' });
    await expect(alert.getByRole('button', { name: 'Retry' })).toBeVisible();
    await page.unroute(isChunk);
    await alert.getByRole('button', { name: 'Retry' }).click();
    await expect(page.getByRole('status').filter({ hasText: /^Loaded/ })).toHaveText('Loaded 2 of 2 orgs');
    expect(crashes).toEqual([]);
  });

  test('after a new deployment replaced the build, offers to reload the page', async ({ page }) => {
    const crashes: string[] = [];
    page.on('pageerror', (error) => crashes.push(String(error)));
    await page.goto('/org/apikeys');
    await expect(page.locator('table.keys-table')).toBeVisible();
    // The old build's chunks are gone (404), and the page's HTML now names another build.
    await page.route(isChunk, (route) => route.fulfill({ status: 404, contentType: 'text/html', body: 'Not found' }));
    await page.route(
      (url) => url.pathname.startsWith('/apikeys/org/'),
      async (route) => {
        if (route.request().resourceType() !== 'fetch') return route.fallback();
        const answer = await route.fetch();
        const html = (await answer.text()).replace(/pkg-[0-9a-f]{16}/g, 'pkg-0123456789abcdef');
        return route.fulfill({ response: answer, body: html });
      },
    );
    await page.getByRole('link', { name: 'Service accounts', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Reload the page' });
    await expect(alert).toContainText('This page was updated since you opened it');
    await expect(alert.getByRole('button', { name: 'Retry' })).toBeVisible();
    await page.unrouteAll();
    await Promise.all([page.waitForEvent('load'), alert.getByRole('button', { name: 'Reload the page' }).click()]);
    await expect(page.locator('table.sa-table td.keys-table__name a')).toHaveText(['grafana-ci']);
    expect(crashes).toEqual([]);
  });
});
