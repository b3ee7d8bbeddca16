import { expect, test } from './fixture';

test.use({ grafanaVersion: '12.1.0' });

test.describe('against Grafana 12.1', () => {
  test('says API keys were removed and points to service accounts, with no error', async ({
    page,
    signIn,
    consoleErrors,
  }) => {
    await signIn();
    await page.goto('/org/apikeys');
    await expect(page.getByRole('region', { name: 'API keys were removed from Grafana' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Find them in Service accounts' })).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(page.locator('table')).toHaveCount(0);
    expect(consoleErrors).toEqual([]);
  });

  test('says where the keys live now and opens that view in the app', async ({ page, signIn }) => {
    await signIn();
    await page.goto('/org/apikeys');
    const notice = page.getByRole('region', { name: 'API keys were removed from Grafana' });
    await expect(notice).toContainText('Grafana 12.1 removed API keys:');
    await notice.getByRole('link', { name: 'Find them in Service accounts' }).click();
    await expect(page).toHaveURL(/\/apikeys\/org\/serviceaccounts\?search=sa-autogen-$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Service accounts');
  });
});
