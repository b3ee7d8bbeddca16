import { expect, keyNames, test } from '../support/fixtures';

test.describe('searching and the expired keys', () => {
  test('search matches name or role, ignoring case', async ({ page, signIn }) => {
    await signIn();
    await page.goto('/org/apikeys');
    const search = page.getByRole('searchbox', { name: 'Search keys' });
    await expect(keyNames(page)).toHaveText(['ci-deploy-bot', 'grafana-backup', 'kiosk-viewer']);
    await search.fill('BACKUP');
    await expect(keyNames(page)).toHaveText(['grafana-backup']);
    await search.fill('editor');
    await expect(keyNames(page)).toHaveText(['ci-deploy-bot']);
    await search.fill('');
    await expect(keyNames(page)).toHaveText(['ci-deploy-bot', 'grafana-backup', 'kiosk-viewer']);
  });

  test('regex characters are plain text and no match says so', async ({ page, signIn, sim, consoleErrors }) => {
    await sim.createKey('nightly (legacy)', 'Viewer');
    await sim.createKey('a*b', 'Viewer');
    await signIn();
    await page.goto('/org/apikeys');
    const search = page.getByRole('searchbox', { name: 'Search keys' });
    await search.fill('(');
    await expect(keyNames(page)).toHaveText(['nightly (legacy)']);
    await search.fill('*');
    await expect(keyNames(page)).toHaveText(['a*b']);
    await search.fill('[unclosed');
    await expect(page.getByRole('cell', { name: 'No API keys found' })).toBeVisible();
    await expect(keyNames(page)).toHaveCount(0);
    expect(consoleErrors).toEqual([]);
  });

  test('"Include expired keys" flips lists without a request and marks expired keys', async ({ page, signIn }) => {
    await signIn();
    await page.goto('/org/apikeys');
    await expect(page.locator('table.keys-table')).toBeVisible();
    const listRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/auth/keys')) listRequests.push(request.url());
    });
    await expect(keyNames(page)).toHaveText(['ci-deploy-bot', 'grafana-backup', 'kiosk-viewer']);
    const toggle = page.getByRole('switch', { name: 'Include expired keys' });
    await toggle.check();
    const expiredRow = page.locator('tr', { hasText: 'expired-exporter' });
    await expect(expiredRow).toContainText('Expired');
    const badge = expiredRow.locator('[data-tooltip="This API key has expired."]');
    await expect(badge).toHaveText('Expired: This API key has expired.');
    await badge.focus();
    await expect(badge).toBeFocused();
    await expect(expiredRow).toHaveClass(/keys-table__row--expired/);
    await toggle.uncheck();
    await expect(expiredRow).toBeHidden();
    await expect(keyNames(page)).toHaveText(['ci-deploy-bot', 'grafana-backup', 'kiosk-viewer']);
    expect(listRequests).toEqual([]);
  });

  test('with only expired keys the switch is on, locked, and they are listed', async ({ page, signIn, sim }) => {
    await sim.seed([
      { name: 'old-a', role: 'Viewer', secondsToLive: -60 },
      { name: 'old-b', role: 'Admin', secondsToLive: -86400 },
    ]);
    await signIn();
    await page.goto('/org/apikeys');
    const toggle = page.getByRole('switch', { name: 'Include expired keys' });
    await expect(toggle).toBeChecked();
    await expect(toggle).toBeDisabled();
    await expect(keyNames(page)).toHaveText(['old-a', 'old-b']);
  });

  test('the search and the switch survive a reload through the URL', async ({ page, signIn }) => {
    await signIn();
    await page.goto('/org/apikeys');
    await page.getByRole('searchbox', { name: 'Search keys' }).fill('ex por');
    await page.getByRole('searchbox', { name: 'Search keys' }).fill('exporter');
    await page.getByRole('switch', { name: 'Include expired keys' }).check();
    await expect(page).toHaveURL(/\?search=exporter&includeExpired=true$/);
    await page.reload();
    await expect(page.getByRole('searchbox', { name: 'Search keys' })).toHaveValue('exporter');
    await expect(page.getByRole('switch', { name: 'Include expired keys' })).toBeChecked();
    await expect(keyNames(page)).toHaveText(['expired-exporter']);
  });

  test('a shared link with odd characters restores them as typed', async ({ page, signIn }) => {
    await signIn();
    await page.goto('/org/apikeys?search=%28%2A%20%26');
    await expect(page.getByRole('searchbox', { name: 'Search keys' })).toHaveValue('(* &');
    await expect(page.getByRole('cell', { name: 'No API keys found' })).toBeVisible();
  });
});
