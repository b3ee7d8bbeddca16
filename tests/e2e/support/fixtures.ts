// Playwright fixtures: each worker gets its own grafana-sim (default profile) and app server;
// each test starts from the sim's seed state with no faults, and a browser with no session.
import { test as base, expect, type Page } from '@playwright/test';
import path from 'node:path';
import { ADMIN, AppServer, Sim, type Credentials } from './servers';

type WorkerFixtures = { sim: Sim; app: AppServer };
type TestFixtures = { signIn: (as?: Credentials) => Promise<void>; consoleErrors: string[] };

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
      const dist = path.resolve(process.env.APP_DIST ?? path.join(__dirname, '../../../dist'));
      const app = await AppServer.start(dist, sim.url);
      await use(app);
      await app.stop();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ app }, use) => use(app.url),
  page: async ({ page, sim }, use) => {
    await sim.reset();
    await use(page);
  },
  /** Signs the browser in the way a user would be: Grafana's login sets the session cookie. */
  signIn: async ({ page }, use) => {
    await use(async (as: Credentials = ADMIN) => {
      const response = await page.request.post('/login', { data: as });
      expect(response.status(), await response.text()).toBe(200);
    });
  },
  /**
   * Console errors and uncaught exceptions, which no test may leave behind. Chromium's own
   * "Failed to load resource" line for an HTTP error answer is left out: tests that provoke
   * one check what the page shows instead.
   */
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        errors.push(message.text());
      }
    });
    page.on('pageerror', (error) => errors.push(String(error)));
    await use(errors);
  },
});

export { expect };

/** The rows of the keys table as text, one array of cell texts per row. */
export async function tableRows(page: Page): Promise<string[][]> {
  const rows = page.locator('table.keys-table tbody tr');
  return rows.evaluateAll((trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => (td.textContent ?? '').trim())),
  );
}
