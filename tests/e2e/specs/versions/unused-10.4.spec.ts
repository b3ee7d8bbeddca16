// Issue 22, unused credentials, on Grafana 10.4 (./unused.ts): tokens, and keys (reported 9.5+).
import { test } from './fixture';
import { unusedKeysDeleted, unusedTokensDeletedWithOneFailureThenResumed } from './unused';

test.use({ grafanaVersion: '10.4.0' });

test.describe('unused credentials on Grafana 10.4', () => {
  test.beforeEach(async ({ signIn }) => {
    await signIn();
  });

  test('"Delete unused" tokens: one fails, then the rest is resumed', async ({ page, sim }) => {
    await unusedTokensDeletedWithOneFailureThenResumed(page, sim);
  });

  test('"Delete unused" API keys, told "never used" from "last used on ..."', async ({ page, sim }) => {
    await unusedKeysDeleted(page, sim);
  });
});
