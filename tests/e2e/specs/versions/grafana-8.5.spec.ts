import { BANNER, expect, open, test } from './fixture';

test.use({ grafanaVersion: '8.5.27' });

test.describe('against Grafana 8.5', () => {
  test('creates keys, and offers no migration', async ({ page, signIn }) => {
    await signIn();
    await open(page);
    await expect(page.getByRole('button', { name: 'Add API key' })).toBeEnabled();
    await expect(page.getByText(BANNER)).toHaveCount(0);
    await expect(page.getByRole('button', { name: /Migrate to service account/ })).toHaveCount(0);
    await expect(page.getByRole('columnheader', { name: 'Last used at' })).toHaveCount(0);
  });
});
