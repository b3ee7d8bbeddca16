// The split build under the other public paths it is built for (issue 21: "served under any public
// URL"): a build made with `--public-url /` served at the root of its own host (Grafana's /api/,
// /login and /logout beside it, `"grafanaPath": "/"`), and one made with
// `--public-url /grafana/apikeys/` served under Grafana's sub-path (Grafana proxied at /grafana/,
// `"grafanaPath": "/grafana/"`), each by nginx from the shipped config adapted as the README says
// (support/nginx.ts, `siteConfig`), in front of its own grafana-sim. For each: the keys page loads
// only the main module; every lazy route, by navigation and by deep link, shows its content with
// its chunk from `<public path>pkg-<hash>/`; the click-only dialogs (adding a key, deleting one,
// the export inside a deep-linked lazy view) load theirs from there too and work. The /apikeys/ build is split.spec.ts's.
//
// The builds come from `APP_DIST_ROOT` and `APP_DIST_GRAFANA_SUBPATH` (scripts/test.sh always sets
// both); a block whose variable is unset is skipped, for a targeted run without that build.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, keyRow, test } from '../support/fixtures';
import { AppServer } from '../support/nginx';
import { Sim } from '../support/servers';
import { OPS, recordBuildFiles, recordChunkFetches, ROUTES, seed } from '../support/split';

const DEPLOYMENTS = [
  {
    publicPath: '/',
    env: 'APP_DIST_ROOT',
    served: "at the root of its own host, Grafana's API beside it",
  },
  {
    publicPath: '/grafana/apikeys/',
    env: 'APP_DIST_GRAFANA_SUBPATH',
    served: "under Grafana's sub-path /grafana/",
  },
];

/** The build's files among `files` other than the chunks. */
const notChunks = (files: string[]) => files.filter((file) => !file.endsWith('.wasm') || file === 'main_bg.wasm');

for (const { publicPath, env, served } of DEPLOYMENTS) {
  test.describe(`the split build made for --public-url ${publicPath}, ${served}`, () => {
    const dist = process.env[env];
    test.skip(!dist, `${env} is not set: no release build made with --public-url ${publicPath} to serve (make test sets it)`);

    const servers = {} as { sim: Sim; app: AppServer };
    test.beforeAll(async () => {
      const build = path.resolve(dist!);
      if (!existsSync(path.join(build, 'index.html'))) throw new Error(`${env}=${dist} holds no build (no index.html)`);
      servers.sim = await Sim.start();
      servers.app = await AppServer.start(build, servers.sim.url, publicPath);
    });
    test.afterAll(async () => {
      await servers.app?.stop();
      await servers.sim?.stop();
    });

    /** This deployment's URL of an app route (`/org/apikeys`). */
    const at = (route: string) => servers.app.resolve(route);

    test.beforeEach(async ({ page }) => {
      await servers.sim.reset();
      await seed(servers.sim);
      servers.app.useConfig(servers.app.testConfig);
      // App routes, as in the other specs, but on this block's server.
      const goto = page.goto.bind(page);
      page.goto = (url, options) => goto(at(url), options);
      // Signed in through this deployment's Grafana, as a user would be.
      const login = await page.request.post(`${servers.app.origin}${servers.app.testConfig.grafanaPath}login`, {
        data: OPS,
      });
      expect(login.status(), await login.text()).toBe(200);
    });

    test(`the keys page fetches the main module from ${publicPath}pkg-<hash>/ and no chunk before its table`, async ({
      page,
    }) => {
      const asked = recordBuildFiles(page, publicPath);
      const fetched = recordChunkFetches(page, publicPath);
      await page.goto('/org/apikeys');
      await expect(page.locator('table.keys-table tbody tr')).toHaveCount(1);
      expect([...new Set(notChunks(asked))].sort()).toEqual(['__wasm_split.js', 'main.js', 'main_bg.wasm']);
      // Only the idle prefetch, once the table is shown, may have asked for chunks.
      expect(fetched, 'chunks the keys page loaded').toEqual([]);
    });

    test(`${publicPath} itself opens the keys page`, async ({ page }) => {
      await page.goto('/');
      await expect(page).toHaveURL(at('/org/apikeys'));
      await expect(page.locator('table.keys-table td.keys-table__name')).toHaveText(['ci-deploy-bot']);
      if (publicPath !== '/') {
        const slashless = await page.request.get(servers.app.origin + publicPath.slice(0, -1), { maxRedirects: 0 });
        expect(slashless.status()).toBe(301);
        expect(slashless.headers()['location']).toBe(publicPath);
      }
    });

    for (const route of ROUTES) {
      test(`${route.name}: by navigation, its chunk from ${publicPath}pkg-<hash>/`, async ({ page }) => {
        const fetched = recordChunkFetches(page, publicPath);
        await route.from(page);
        await route.shown(page);
        await expect(page).toHaveURL(at(await route.path(servers.sim)));
        expect(fetched.length, 'chunks the view loaded').toBeGreaterThan(0);
      });

      test(`${route.name}: by deep link, its chunk from ${publicPath}pkg-<hash>/`, async ({ page }) => {
        const fetched = recordChunkFetches(page, publicPath);
        await page.goto(await route.path(servers.sim));
        await route.shown(page);
        expect(fetched.length, 'chunks the view loaded').toBeGreaterThan(0);
      });
    }

    test(`"Add API key": the form and the created key's dialog load from ${publicPath}pkg-<hash>/ and work`, async ({
      page,
    }) => {
      await page.goto('/org/apikeys');
      await expect(page.locator('table.keys-table tbody tr')).toHaveCount(1);
      const fetched = recordChunkFetches(page, publicPath);
      await page.getByRole('button', { name: 'Add API key' }).click();
      await expect(page.getByRole('heading', { name: 'Add API Key' })).toBeVisible();
      expect(fetched.length, 'the form fetched its chunk').toBeGreaterThan(0);
      await page.getByLabel('Key name').fill('paths-bot');
      await page.getByLabel('Time to live').fill('1d');
      await page.getByRole('button', { name: 'Add', exact: true }).click();

      const dialog = page.getByRole('dialog', { name: 'API Key Created' });
      await expect(dialog.getByLabel('Key')).toHaveValue(/^eyJr/);
      const secret = await dialog.getByLabel('Key').inputValue();
      // The example names Grafana where this deployment has it, and works there.
      const home = `${servers.app.origin}${servers.app.testConfig.grafanaPath}api/dashboards/home`;
      await expect(dialog.locator('pre')).toHaveText(`curl -H "Authorization: Bearer ${secret}" ${home}`);
      expect((await fetch(home, { headers: { Authorization: `Bearer ${secret}` } })).status).toBe(200);
      await dialog.getByRole('button', { name: 'Close', exact: true }).click();
      await expect(dialog).toHaveCount(0);
      await expect(keyRow(page, 'paths-bot')).toBeVisible();
    });

    test(`a dialog inside a deep-linked lazy view: "Export" on the service accounts list loads from ${publicPath}pkg-<hash>/, opens and downloads`, async ({
      page,
    }) => {
      await page.goto('/org/serviceaccounts');
      await expect(page.locator('table.sa-table')).toBeVisible();
      const fetched = recordChunkFetches(page, publicPath);
      await page.getByRole('button', { name: 'Export', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Export keys and tokens' });
      // Opened as a modal (showModal), not only put in the document.
      await expect(dialog).toBeVisible();
      expect(await dialog.evaluate((element) => element.matches(':modal'))).toBe(true);
      expect(fetched.length, 'the dialog fetched its chunk').toBeGreaterThan(0);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        dialog.getByRole('button', { name: 'Export', exact: true }).click(),
      ]);
      await expect(dialog.getByRole('status')).toContainText('Export complete');
      expect(download.suggestedFilename()).toMatch(/^grafana-credentials-127\.0\.0\.1-\d+-\d{4}-\d\d-\d\d\.csv$/);
    });

    test(`a key's delete confirmation loads from ${publicPath}pkg-<hash>/ and deletes it`, async ({ page }) => {
      await page.goto('/org/apikeys');
      await expect(page.locator('table.keys-table tbody tr')).toHaveCount(1);
      const fetched = recordChunkFetches(page, publicPath);
      await page.getByRole('button', { name: 'Delete API key ci-deploy-bot' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete API key' });
      await expect(dialog).toContainText('ci-deploy-bot');
      expect(fetched.length, 'the confirmation fetched its chunk').toBeGreaterThan(0);
      await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
      await expect(dialog).toHaveCount(0);
      await expect(keyRow(page, 'ci-deploy-bot')).toHaveCount(0);
      const left = (await servers.sim.api('GET', '/api/auth/keys')).json as { name: string }[];
      expect(left.map((key) => key.name)).not.toContain('ci-deploy-bot');
    });
  });
}
