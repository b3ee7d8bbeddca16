// Past the migration (issue 12): a key migrated from its row links to the service account that
// holds it, found by its token's id (which migration keeps), in the app's own view.
import { expect, keyRow, open, test } from './fixture';

test.use({ grafanaVersion: '10.4.3' });

test.describe('where a migrated key went, against Grafana 10.4', () => {
  test('a key migrated from its row links to the account holding it', async ({ page, signIn, sim }) => {
    const before = await sim.api('GET', '/api/auth/keys?includeExpired=true');
    const kiosk = before.json.find((key: { name: string }) => key.name === 'kiosk-viewer');
    await signIn();
    await open(page);
    await page.getByRole('button', { name: 'Migrate to service account: kiosk-viewer' }).click();
    await expect(keyRow(page, 'kiosk-viewer')).toHaveCount(0);

    const notice = page.getByRole('region', { name: 'Migrated to service accounts' });
    await expect(notice).toContainText(`kiosk-viewer (key #${kiosk.id}): now the token of service account`);
    const link = notice.getByRole('link', { name: 'sa-autogen-kiosk-viewer' });
    const search = await sim.api('GET', '/api/serviceaccounts/search?query=kiosk-viewer');
    const account = search.json.serviceAccounts.find(
      (candidate: { name: string }) => candidate.name === 'sa-autogen-kiosk-viewer',
    );
    await expect(link).toHaveAttribute('href', `/apikeys/org/serviceaccounts/${account.id}`);

    // On the server, that account's token is the key: same id.
    const tokens = await sim.api('GET', `/api/serviceaccounts/${account.id}/tokens`);
    expect(tokens.json.map((token: { id: number }) => token.id)).toEqual([kiosk.id]);

    await link.click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('sa-autogen-kiosk-viewer');
    await expect(page.locator('table.sa-tokens')).toContainText('kiosk-viewer');
  });

  test('after migrating every key, each links to its account and the page opens that view', async ({
    page,
    signIn,
    sim,
  }) => {
    await signIn();
    await open(page);
    await page.getByRole('button', { name: 'Migrate to service accounts now' }).click();
    await page
      .getByRole('dialog', { name: 'Migrate API keys to service accounts' })
      .getByRole('button', { name: 'Yes, migrate now' })
      .click();
    await page.getByRole('dialog', { name: 'Migration summary' }).getByRole('button', { name: 'Close', exact: true }).click();
    // The page's one card lists where each key went.
    const migrated = page.getByRole('region', { name: 'API keys migrated to service accounts' });
    const search = await sim.api('GET', '/api/serviceaccounts/search?query=sa-autogen-');
    const accounts = search.json.serviceAccounts as { id: number; name: string }[];
    expect(accounts.length).toBeGreaterThanOrEqual(3);
    for (const account of accounts) {
      await expect(migrated.getByRole('link', { name: account.name, exact: true })).toHaveAttribute(
        'href',
        `/apikeys/org/serviceaccounts/${account.id}`,
      );
    }
    await expect(migrated.getByRole('listitem')).toHaveCount(accounts.length);

    await expect(page.getByRole('region')).toHaveCount(1);
    await expect(migrated).toContainText('Every API key of this organization was migrated');
    await migrated.getByRole('link', { name: 'Find them in Service accounts' }).click();
    await expect(page).toHaveURL(/\/apikeys\/org\/serviceaccounts\?search=sa-autogen-$/);
    await expect(page.locator('table')).toContainText('sa-autogen-ci-deploy-bot');
  });
});
