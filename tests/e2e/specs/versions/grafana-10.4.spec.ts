import { BANNER, expect, open, test } from './fixture';

test.use({ grafanaVersion: '10.4.0' });

test.describe('against Grafana 10.4', () => {
  test('migrating all keys ends with a summary, then the list reloads', async ({ page, signIn }) => {
    await signIn();
    await open(page);
    await expect(page.getByRole('columnheader', { name: 'Last used at' })).toBeVisible();
    await page.getByRole('button', { name: 'Migrate to service accounts now' }).click();
    await page.getByRole('button', { name: 'Yes, migrate now' }).click();
    const summary = page.getByRole('dialog', { name: 'Migration summary' });
    await expect(summary).toContainText('Migration Successful!');
    await expect(summary).toContainText('Total: 4');
    await expect(summary).toContainText('Migrated: 4');
    await summary.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(summary).toHaveCount(0);
    // One card says what happened (issue 19), not an empty "add a key" call.
    await expect(page.getByRole('region', { name: 'API keys migrated to service accounts' })).toBeVisible();
    await expect(page.getByText("You haven't added any API keys yet.")).toHaveCount(0);
    await expect(page.getByText(BANNER)).toHaveCount(0);
  });
});
