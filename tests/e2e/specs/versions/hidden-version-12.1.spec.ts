import { expect, test } from './fixture';

// A Grafana that hides its version: the 404 of /api/auth/keys tells the page keys are gone.
test.use({ grafanaVersion: '12.1.0', simArgs: ['--hide-version'] });

test.describe('against Grafana 12.1 with its version hidden', () => {
  test('the 404 of the list says API keys were removed, with no error', async ({
    page,
    signIn,
    consoleErrors,
  }) => {
    await signIn();
    await page.goto('/org/apikeys');
    await expect(page.getByText('API keys were removed from Grafana')).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    expect(consoleErrors).toEqual([]);
  });
});
