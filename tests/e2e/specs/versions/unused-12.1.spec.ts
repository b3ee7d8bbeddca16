// Issue 22, unused credentials, on Grafana 12.1 (./unused.ts): tokens (API keys are gone).
import { test } from './fixture';
import { unusedTokensDeletedWithOneFailureThenResumed } from './unused';

test.use({ grafanaVersion: '12.1.0' });

test('Grafana 12.1: "Delete unused" tokens: one fails, then the rest is resumed', async ({ page, sim, signIn }) => {
  await signIn();
  await unusedTokensDeletedWithOneFailureThenResumed(page, sim);
});
