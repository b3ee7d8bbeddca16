import { expect, open, test } from './fixture';

// Grafana with [auth] api_key_max_seconds_to_live = 3600 and an API key quota of 5 per org.
test.use({ simArgs: ['--api-key-max-seconds-to-live', '3600', '--api-key-quota', '5'] });

async function submit(page: import('@playwright/test').Page, name: string, ttl: string) {
  await page.getByLabel('Key name').fill(name);
  await page.getByLabel('Time to live').fill(ttl);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
}

test.describe("the server's own limits", () => {
  test("a missing or too long time to live shows Grafana's message and keeps the form", async ({
    page,
    signIn,
  }) => {
    await signIn();
    await open(page);
    await page.getByRole('button', { name: 'Add API key' }).click();
    await submit(page, 'limited-key', '');
    await expect(page.getByRole('alert')).toHaveText('Number of seconds before expiration should be set');
    await expect(page.getByLabel('Key name')).toHaveValue('limited-key');

    await submit(page, 'limited-key', '2h');
    await expect(page.getByRole('alert')).toHaveText(
      'Number of seconds before expiration is greater than the global limit',
    );
    await expect(page.getByLabel('Time to live')).toHaveValue('2h');

    await submit(page, 'limited-key', '30m');
    await expect(page.getByRole('dialog', { name: 'API Key Created' })).toBeVisible();
  });

  test('a full quota is refused with its message', async ({ page, signIn, sim }) => {
    await sim.createKey('fifth-key', 'Viewer', 600);
    await signIn();
    await open(page);
    await page.getByRole('button', { name: 'Add API key' }).click();
    await submit(page, 'sixth-key', '10m');
    await expect(page.getByRole('alert')).toHaveText('api_key Quota reached');
    await expect(page.getByLabel('Key name')).toHaveValue('sixth-key');
  });
});
