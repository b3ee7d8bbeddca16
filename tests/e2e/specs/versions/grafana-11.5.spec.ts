import { BANNER, expect, keyNames, open, test } from './fixture';

test.use({ grafanaVersion: '11.5.0' });

test.describe('against Grafana 11.5', () => {
  test('lists and migrates, but explains that keys cannot be created', async ({ page, signIn }) => {
    await signIn();
    await open(page);
    await expect(page.getByRole('button', { name: 'Add API key' })).toHaveCount(0);
    // One card (issue 19): nothing can be created, the keys can be migrated.
    const card = page.getByRole('region', { name: 'New API keys can no longer be created' });
    await expect(card.getByRole('button', { name: 'Migrate to service accounts now' })).toBeVisible();
    await expect(page.getByText(BANNER)).toHaveCount(0);
    await expect(keyNames(page)).toHaveText(['ci-deploy-bot', 'grafana-backup', 'kiosk-viewer']);
  });
});
