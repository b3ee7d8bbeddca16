// Grafana 11.6 migrates every API key at start-up: the keys page says where they went and
// opens the service accounts view on the accounts made from them.
import { expect, test } from './fixture';

test.use({ grafanaVersion: '11.6.0' });

test('on Grafana 11.6 the keys page points to the accounts holding the migrated keys', async ({
  page,
  signIn,
}) => {
  await signIn();
  await page.goto('/org/apikeys');
  const notice = page.getByRole('region', { name: 'API keys live on as service accounts' });
  await expect(notice).toContainText('Grafana 11.6 and later migrate every API key');
  await notice.getByRole('link', { name: 'Find them in Service accounts' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Service accounts');
  await expect(page.locator('table')).toContainText('sa-autogen-grafana-backup');
});
