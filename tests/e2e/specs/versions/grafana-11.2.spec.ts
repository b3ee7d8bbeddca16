import { BANNER, expect, open, test } from './fixture';

test.use({ grafanaVersion: '11.2.0' });

test.describe('against Grafana 11.2', () => {
  test('still creates keys and offers the migration', async ({ page, signIn }) => {
    await signIn();
    await open(page);
    await expect(page.getByText(BANNER)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Add API key' })).toBeVisible();
    await expect(page.getByRole('button', { name: /^Migrate to service account: / })).toHaveCount(3);
  });
});
