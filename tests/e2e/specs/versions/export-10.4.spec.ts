// Issue 22, "Inventory export", on Grafana 10.4 (keys and service accounts side by side; the
// flows are in ./export.ts).
import { test } from './fixture';
import {
  failureThenRetry,
  fromKeysPage,
  fromOverview,
  fromServiceAccountsList,
  progressOfALargeInventory,
} from './export';

test.use({ grafanaVersion: '10.4.0' });

test.describe('exporting keys and tokens on Grafana 10.4', () => {
  test.beforeEach(async ({ signIn }) => {
    await signIn();
  });

  test('from the service accounts list: CSV and JSON match the server, names neutralised, no secret', async ({ page, sim }) => {
    await fromServiceAccountsList(page, sim);
  });

  test('from the overview: every org where the user is an Admin, and only those', async ({ page, sim }) => {
    await fromOverview(page, sim);
  });

  test('from the keys page: its keys and the org tokens', async ({ page, sim }) => {
    await fromKeysPage(page, sim);
  });

  test('60 accounts: the status counts the exported accounts, then says it is complete', async ({ page, sim }) => {
    await progressOfALargeInventory(page, sim);
  });

  test('a failed request: which one and why, nothing downloaded; Retry exports all', async ({ page, sim }) => {
    await failureThenRetry(page, sim);
  });
});
