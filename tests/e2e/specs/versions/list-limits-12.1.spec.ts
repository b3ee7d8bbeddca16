// Issue 22 on Grafana 12.1, where API keys are gone: an account with 310 tokens.
import { test } from './fixture';
import { accountWithTokens, expectNoTokensNotice, expectTokensNotice, seedAll } from './list-limits';

test.use({ grafanaVersion: '12.1.0' });

test.describe('what Grafana 12.1 lists leave out', () => {
  test('an account with 310 tokens: the page says 300 are listed and names the last', async ({ page, sim, signIn }) => {
    await seedAll(sim, { serviceAccounts: [accountWithTokens(310)] });
    await signIn();
    await expectTokensNotice(page, sim);
  });

  test('an account with 299 tokens: no notice', async ({ page, sim, signIn }) => {
    await seedAll(sim, { serviceAccounts: [accountWithTokens(299)] });
    await signIn();
    await expectNoTokensNotice(page, sim);
  });
});
