// Playwright fixtures: each worker gets its own grafana-sim (default profile) and nginx serving
// the release build under /apikeys/ (support/nginx.ts); each test starts from the sim's seed
// state with no faults, the test config.json, and a browser with no session.
//
// `page.goto('/org/apikeys')` means the app's route: paths starting with `/` are resolved under
// the app's sub-path (`baseURL` is http://127.0.0.1:<port>/apikeys/), so specs read as the routes
// they visit. `page.request` and `toHaveURL` strings are not rewritten: `page.request.post('/login')`
// is Grafana's /login on the same origin, and URLs are best matched with a regex.
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import path from 'node:path';
import { AppServer, TEST_CONFIG } from './nginx';
import { ADMIN, Sim, type Credentials } from './servers';

/** The release build the suite serves (`APP_DIST`, else the repository's dist/). */
export const APP_DIST = path.resolve(process.env.APP_DIST ?? path.join(__dirname, '../../../dist'));

type WorkerFixtures = { sim: Sim; app: AppServer };
type TestFixtures = {
  signIn: (as?: Credentials) => Promise<void>;
  consoleErrors: string[];
  /** Set with `test.use({ allowConsoleErrors: true })` in a test that expects some. */
  allowConsoleErrors: boolean;
};

export const test = base.extend<TestFixtures, WorkerFixtures>({
  sim: [
    async ({}, use) => {
      const sim = await Sim.start();
      await use(sim);
      await sim.stop();
    },
    { scope: 'worker' },
  ],
  app: [
    async ({ sim }, use) => {
      const app = await AppServer.start(APP_DIST, sim.url);
      await use(app);
      await app.stop();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ app }, use) => use(app.url),
  page: async ({ page, sim, app }, use) => {
    await sim.reset();
    app.useConfig(TEST_CONFIG);
    const goto = page.goto.bind(page);
    page.goto = (url, options) => goto(app.resolve(url), options);
    await use(page);
  },
  /** Signs the browser in the way a user would be: Grafana's login sets the session cookie. */
  signIn: async ({ page }, use) => {
    await use(async (as: Credentials = ADMIN) => {
      const response = await page.request.post('/login', { data: as });
      expect(response.status(), await response.text()).toBe(200);
    });
  },
  allowConsoleErrors: [false, { option: true }],
  /**
   * Console errors, uncaught exceptions and Content-Security-Policy violations, which no test
   * may leave behind: collected for every test (auto) and checked when it ends. Chromium's own
   * "Failed to load resource" line for an HTTP error answer is left out: tests that provoke
   * one check what the page shows instead.
   */
  consoleErrors: [
    async ({ page, allowConsoleErrors }, use) => {
      const errors: string[] = [];
      // Chromium also logs most violations, but the event names every one, reports included.
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          console.error(
            `CSP violation: ${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'} ` +
              `in ${event.sourceFile}:${event.lineNumber}`,
          );
        });
      });
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
          errors.push(message.text());
        }
      });
      page.on('pageerror', (error) => errors.push(String(error)));
      await use(errors);
      if (!allowConsoleErrors) {
        expect(errors, 'console errors, uncaught exceptions or CSP violations').toEqual([]);
      }
    },
    { auto: true },
  ],
});

export { expect };

/**
 * A grafana-sim as Grafana `version`, and nginx serving the release build in front of it, for
 * the enclosing describe block (a version is a worker option, which a block cannot change):
 * started before its first test, stopped after its last. Read `.sim` and `.app` in the tests.
 */
export function grafanaOf(version: string): { sim: Sim; app: AppServer } {
  const servers = {} as { sim: Sim; app: AppServer };
  test.beforeAll(async () => {
    servers.sim = await Sim.start({ version });
    servers.app = await AppServer.start(APP_DIST, servers.sim.url);
  });
  test.afterAll(async () => {
    await servers.app?.stop();
    await servers.sim?.stop();
  });
  return servers;
}

/** The rows of the keys table as text, one array of cell texts per row. */
export async function tableRows(page: Page): Promise<string[][]> {
  const rows = page.locator('table.keys-table tbody tr:not([hidden])');
  return rows.evaluateAll((trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => (td.textContent ?? '').trim())),
  );
}

/**
 * The name cells of the listed keys, in table order: for polling assertions such as
 * `await expect(keyNames(page)).toHaveText(['a', 'b'])`, which wait for the list to settle
 * (the "No API keys found" row has no name cell, so it counts as an empty list).
 */
export function keyNames(page: Page): Locator {
  // The search and the switch hide rows rather than remove them.
  return page.locator('table.keys-table tbody tr:not([hidden]) td.keys-table__name');
}

/** The table row of the key named exactly `name`. */
export function keyRow(page: Page, name: string): Locator {
  return page
    .locator('table.keys-table tbody tr:not([hidden])')
    .filter({ has: page.locator('td.keys-table__name').filter({ hasText: exactly(name) }) });
}

/** A regex matching exactly `text` (for `hasText` and `toHaveText`, which match a substring). */
export function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}
