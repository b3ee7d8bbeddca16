// Accessibility of what only newer servers show: from Grafana 10.1 a migration ends with the
// "Migration summary" dialog. A file of its own, as the Grafana version is a worker option.
import { expectNoViolations, openList } from './a11y-helpers';
import { expect, test } from './versions/fixture';

test.use({ grafanaVersion: '10.4.0' });

for (const theme of ['dark', 'light'] as const) {
  test(`the migration summary has no WCAG 2.1 AA violations (${theme})`, async ({ page, signIn }) => {
    await page.emulateMedia({ colorScheme: theme });
    await signIn();
    await openList(page);
    await page.getByRole('button', { name: 'Migrate to service accounts now' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Yes, migrate now' }).click();
    await expect(page.getByRole('dialog', { name: 'Migration summary' })).toBeVisible();
    await expectNoViolations(page);
  });
}
