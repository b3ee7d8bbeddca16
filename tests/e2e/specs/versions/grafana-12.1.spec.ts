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
    await expect(page.getByText('API keys were removed from Grafana')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Go to service accounts' })).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(page.locator('table')).toHaveCount(0);
    expect(consoleErrors).toEqual([]);
  });
});
