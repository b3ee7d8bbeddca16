// Issue 19, items 9 and 4 on Grafana 11.5: the wording follows the version. Nothing can be
// created, so nothing says "soon", nothing offers creating, and each state has one card.
import { expect, keyNames, test } from './fixture';

test.use({ grafanaVersion: '11.5.0' });

test.describe('the keys page on Grafana 11.5', () => {
  test('with keys: one card, no "We will soon deprecate", and the subtitle offers no creating', async ({
    page,
    signIn,
  }) => {
    await signIn();
    await page.goto('/org/apikeys');
    await expect(keyNames(page)).toHaveCount(3);
    const card = page.getByRole('region', { name: 'New API keys can no longer be created' });
    await expect(card).toBeVisible();
    await expect(card.getByRole('button', { name: 'Migrate to service accounts now' })).toBeVisible();
    await expect(page.getByText('We will soon deprecate API keys', { exact: false })).toHaveCount(0);
    await expect(page.getByText('New API keys can no longer be created')).toHaveCount(1);
    await expect(page.getByRole('region')).toHaveCount(1);
    await expect(page.locator('.page-header__subtitle')).toHaveText(
      'Manage the API keys that are used to interact with Grafana HTTP APIs',
    );
    await expect(page.getByText('Manage and create', { exact: false })).toHaveCount(0);
  });

  test('with no key: one card and one next step', async ({ page, signIn, sim }) => {
    await sim.seed([]);
    await signIn();
    await page.goto('/org/apikeys');
    const card = page.getByRole('region', { name: 'New API keys can no longer be created' });
    await expect(card).toBeVisible();
    await expect(card.locator('a.btn, button')).toHaveCount(1);
    await expect(card.getByRole('link', { name: 'Go to service accounts' })).toBeVisible();
    await expect(page.getByRole('region')).toHaveCount(1);
    await expect(page.getByText('No API keys found')).toHaveCount(0);
  });
});
