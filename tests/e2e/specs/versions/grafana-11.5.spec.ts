import { BANNER, expect, keyNames, open, test } from './fixture';

test.use({ grafanaVersion: '11.5.0' });

test.describe('against Grafana 11.5', () => {
  test('lists and migrates, but explains that keys cannot be created', async ({ page, signIn }) => {
    await signIn();
    await open(page);
    await expect(page.getByRole('button', { name: 'Add API key' })).toHaveCount(0);
    await expect(page.getByText('New API keys can no longer be created')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Go to service accounts' })).toHaveAttribute(
      'href',
      /\/org\/serviceaccounts$/,
    );
    await expect(page.getByText(BANNER)).toBeVisible();
    await expect(keyNames(page)).toHaveText(['ci-deploy-bot', 'grafana-backup', 'kiosk-viewer']);
  });
});
