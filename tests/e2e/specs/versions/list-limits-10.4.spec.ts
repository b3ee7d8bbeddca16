// Issue 22 on Grafana 10.4: 150 keys, of which Grafana lists 100; an account with 310 tokens.
import { expect, keyNames, test } from './fixture';
import { accountWithTokens, expectNoTokensNotice, expectTokensNotice, manyKeys, seedAll } from './list-limits';

test.use({ grafanaVersion: '10.4.0' });

test.describe('what Grafana 10.4 lists leave out', () => {
  test('150 keys: the page says 100 are listed, names the last, and the search says what it searches', async ({
    page,
    sim,
    signIn,
  }) => {
    await seedAll(sim, { keys: manyKeys(150) });
    await signIn();
    await page.goto('/org/apikeys');
    await expect(keyNames(page)).toHaveCount(100);
    const notice = page.getByRole('region', { name: 'Only the first 100 API keys are listed' });
    await expect(notice).toContainText('Grafana lists at most 100 API keys, by name, and this list is full.');
    await expect(notice.locator('strong')).toHaveText('key-099');
    await expect(notice).toContainText('migrate keys to service accounts');
    const search = page.getByRole('searchbox', { name: 'Search keys' });
    await expect(search).toHaveAccessibleDescription('Searches the 100 listed keys only.');
    // A key beyond the limit is not found, and the note stays to say why.
    await search.fill('key-120');
    await expect(keyNames(page)).toHaveCount(0);
    await expect(page.getByText('Searches the 100 listed keys only.')).toBeVisible();
  });

  test('99 keys: no notice, and the search says nothing more', async ({ page, sim, signIn }) => {
    await seedAll(sim, { keys: manyKeys(99) });
    await signIn();
    await page.goto('/org/apikeys');
    await expect(keyNames(page)).toHaveCount(99);
    await expect(page.getByRole('region', { name: 'Only the first 100 API keys are listed' })).toHaveCount(0);
    await expect(page.getByRole('searchbox', { name: 'Search keys' })).toHaveAccessibleDescription('');
  });

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
