// Issue 19, item 4 on Grafana 12.1: API keys are gone, said once, with one next step.
import { expect, test } from './fixture';

test.use({ grafanaVersion: '12.1.0' });

test('Grafana 12.1: one card says the keys were removed, once, with one next step', async ({ page, signIn }) => {
  await signIn();
  await page.goto('/org/apikeys');
  const card = page.getByRole('region', { name: 'API keys were removed from Grafana' });
  await expect(card).toBeVisible();
  await expect(page.getByRole('region')).toHaveCount(1);
  await expect(page.getByText('Grafana 12.1 removed API keys', { exact: false })).toHaveCount(1);
  await expect(card.locator('a.btn, button')).toHaveCount(1);
  await expect(card.getByRole('link', { name: 'Find them in Service accounts' })).toBeVisible();
  await expect(page.getByText('Manage and create', { exact: false })).toHaveCount(0);
});
