// Issue 22, "Inventory export", on Grafana 12.1: API keys are gone (every key became an
// sa-autogen-<name> account's token at start-up), so the file holds tokens only, each migrated
// key naming its account (the flows are in ./export.ts).
import { test } from './fixture';
import { failureThenRetry, fromOverview, fromServiceAccountsList, progressOfALargeInventory } from './export';

test.use({ grafanaVersion: '12.1.0' });

test.describe('exporting tokens on Grafana 12.1', () => {
  test.beforeEach(async ({ signIn }) => {
    await signIn();
  });

  test('from the service accounts list: CSV and JSON match the server, names neutralised, no secret', async ({ page, sim }) => {
    await fromServiceAccountsList(page, sim);
  });

  test('from the overview: every org where the user is an Admin, and only those', async ({ page, sim }) => {
    await fromOverview(page, sim);
  });

  test('60 accounts: the status counts the exported accounts, then says it is complete', async ({ page, sim }) => {
    await progressOfALargeInventory(page, sim);
  });

  test('a failed request: which one and why, nothing downloaded; Retry exports all', async ({ page, sim }) => {
    await failureThenRetry(page, sim);
  });
});
