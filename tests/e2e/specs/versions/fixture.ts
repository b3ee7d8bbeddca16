// The fixtures with a simulated Grafana version chosen per file (`test.use({ grafanaVersion })`
// at the top of a spec: a version is a worker option, so each file gets its own worker).
import type { Page } from '@playwright/test';
import { test as base, expect, keyNames, keyRow } from '../../support/fixtures';
import { Sim } from '../../support/servers';

export const test = base.extend<{}, { grafanaVersion: string; simArgs: string[] }>({
  grafanaVersion: ['9.4.7', { scope: 'worker', option: true }],
  /** More grafana-sim flags, e.g. `--hide-version`. */
  simArgs: [[], { scope: 'worker', option: true }],
  sim: [
    async ({ grafanaVersion, simArgs }, use) => {
      const sim = await Sim.start({ version: grafanaVersion, extraArgs: simArgs });
      await use(sim);
      await sim.stop();
    },
    { scope: 'worker' },
  ],
});

export { expect };

export { keyNames, keyRow };
export const BANNER = 'Switch from API keys to service accounts';

/** Opens the page and waits until it shows something other than "Loading ...". */
export async function open(page: Page) {
  await page.goto('/org/apikeys');
  await expect(page.locator('table.keys-table, .empty-state, .alert').first()).toBeVisible();
}
