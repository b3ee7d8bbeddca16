import { expect, keyNames, open, test } from './fixture';

// A Grafana that hides its version (`[auth.anonymous] hide_version`): the page cannot know it
// is 11.5, so it offers to create, and the server's 410 corrects it.
test.use({ grafanaVersion: '11.5.0', simArgs: ['--hide-version'] });

test.describe('against Grafana 11.5 with its version hidden', () => {
  test('a 410 on create replaces the create controls, and the page keeps working', async ({
    page,
    signIn,
    sim,
  }) => {
    const health = await (await fetch(`${sim.url}/api/health`)).json();
    expect(health.version).toBeUndefined();
    await signIn();
    await open(page);
    await page.getByRole('button', { name: 'Add API key' }).click();
    await page.getByLabel('Key name').fill('new-key');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByText('New API keys can no longer be created')).toBeVisible();
    await expect(page.getByText('this endpoint has been removed')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Add API key' })).toHaveCount(0);
    await expect(keyNames(page)).toHaveText(['ci-deploy-bot', 'grafana-backup', 'kiosk-viewer']);
  });
});
