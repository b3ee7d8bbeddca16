// Issue 22, token hygiene on the service accounts list and the all-orgs overview, on Grafana 10.4
// (the flows are in ./accounts-hygiene.ts).
import { test } from './fixture';
import {
  checkingUntilKnownAndSixAtATime,
  listCountsMatchTheServer,
  overviewCountsTokensToRotateSoon,
  overviewSaysCheckingUntilRead,
  unusedFilterSelectsTheRightAccounts,
} from './accounts-hygiene';

test.use({ grafanaVersion: '10.4.0' });

test.describe('token hygiene in the lists on Grafana 10.4', () => {
  test.beforeEach(async ({ signIn }) => {
    await signIn();
  });

  test("each account says how many of its tokens to rotate soon and how many are revoked, as the server's tokens say", async ({ page, sim }) => {
    await listCountsMatchTheServer(page, sim);
  });

  test('the tokens are read after the table shows, "checking…" meanwhile, at most 6 at a time', async ({ page, sim }) => {
    await checkingUntilKnownAndSixAtATime(page, sim);
  });

  test('"Token use" keeps exactly the accounts whose every token is unused for 30, 90, 365 days or never used', async ({ page, sim }) => {
    await unusedFilterSelectsTheRightAccounts(page, sim);
  });

  test("the overview counts each org's tokens to rotate soon, over the first 50 accounts, and says so", async ({ page, sim }) => {
    await overviewCountsTokensToRotateSoon(page, sim);
  });

  test('the overview says "Checking…" until an org\'s tokens are read', async ({ page, sim }) => {
    await overviewSaysCheckingUntilRead(page, sim);
  });
});
