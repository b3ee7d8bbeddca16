import { expect, keyRow, test } from '../support/fixtures';

test.describe('deleting an API key', () => {
  test('asks first, naming the key; Cancel changes nothing and gives focus back', async ({ page, signIn }) => {
    await signIn();
    await page.goto('/org/apikeys');
    const remove = page.getByRole('button', { name: 'Delete API key ci-deploy-bot' });
    await remove.click();
    const dialog = page.getByRole('dialog', { name: 'Delete API key' });
    await expect(dialog).toContainText('ci-deploy-bot');
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(remove).toBeFocused();
    await expect(keyRow(page, 'ci-deploy-bot')).toHaveCount(1);
  });

  test('Escape closes the confirmation', async ({ page, signIn }) => {
    await signIn();
    await page.goto('/org/apikeys');
    await page.getByRole('button', { name: 'Delete API key kiosk-viewer' }).click();
    await expect(page.getByRole('dialog', { name: 'Delete API key' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(keyRow(page, 'kiosk-viewer')).toHaveCount(1);
  });

  test('confirming deletes it: "API key deleted" and the row is gone', async ({ page, signIn, sim }) => {
    await signIn();
    await page.goto('/org/apikeys');
    await page.getByRole('button', { name: 'Delete API key ci-deploy-bot' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
    // Announced politely to screen readers, like every success.
    await expect(page.locator('[aria-live="polite"] .toast--success')).toHaveText(/API key deleted/);
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(keyRow(page, 'ci-deploy-bot')).toHaveCount(0);
    const left = await sim.api('GET', '/api/auth/keys?includeExpired=true');
    expect(left.json.map((key: { name: string }) => key.name)).not.toContain('ci-deploy-bot');
  });

  test('a key already deleted elsewhere refreshes the list with a notice', async ({ page, signIn, sim }) => {
    await signIn();
    await page.goto('/org/apikeys');
    await page.getByRole('button', { name: 'Delete API key kiosk-viewer' }).click();
    const listed = await sim.api('GET', '/api/auth/keys');
    const id = listed.json.find((key: { name: string }) => key.name === 'kiosk-viewer').id;
    expect((await sim.api('DELETE', `/api/auth/keys/${id}`)).status).toBe(200);

    await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
    const notice = page.locator('.toast--warning');
    await expect(notice).toContainText('Failed to delete API key');
    await expect(notice).toContainText('deleted elsewhere');
    await expect(keyRow(page, 'kiosk-viewer')).toHaveCount(0);
  });

  test('a server error keeps the key and shows the message as an error', async ({ page, signIn, sim }) => {
    await signIn();
    await page.goto('/org/apikeys');
    await sim.faults(['DELETE /api/auth/keys/*=500']);
    await page.getByRole('button', { name: 'Delete API key grafana-backup' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
    // Failures are announced at once.
    await expect(page.locator('[aria-live="assertive"] .toast--error')).toContainText('Failed to delete API key');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(keyRow(page, 'grafana-backup')).toHaveCount(1);
    // The page stays usable: the same key can be deleted once the server recovers.
    await sim.faults([]);
    await page.getByRole('button', { name: 'Delete API key grafana-backup' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(keyRow(page, 'grafana-backup')).toHaveCount(0);
  });

  test('a dropped connection while deleting says so', async ({ page, signIn, sim }) => {
    await signIn();
    await page.goto('/org/apikeys');
    await sim.faults(['DELETE /api/auth/keys/*=close']);
    await page.getByRole('button', { name: 'Delete API key grafana-backup' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(page.locator('.toast--error')).toContainText('Could not reach Grafana');
  });
});

test.describe('deleting expired API keys at once', () => {
  test('one confirmation lists them; one request each; a failure is resumed; nothing else is touched', async ({
    page,
    signIn,
    sim,
  }) => {
    await sim.seed([
      { name: 'live-key', role: 'Editor', secondsToLive: null },
      { name: 'old-a', role: 'Viewer', secondsToLive: -86400 },
      { name: 'old-b', role: 'Viewer', secondsToLive: -3600 },
      { name: 'old-c', role: 'Admin', secondsToLive: -60 },
    ]);
    const before = (await sim.api('GET', '/api/auth/keys?includeExpired=true')).json as { id: number; name: string }[];
    const oldB = before.find((key) => key.name === 'old-b')!;
    await sim.faults([`DELETE /api/auth/keys/${oldB.id}=500`]);
    const deletes: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'DELETE') deletes.push(new URL(request.url()).pathname);
    });
    await signIn();
    await page.goto('/org/apikeys');

    await page.getByRole('button', { name: 'Delete expired (3)' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete expired API keys' });
    await expect(confirm.locator('li')).toHaveText(['old-a', 'old-b', 'old-c']);
    await confirm.getByRole('button', { name: 'Delete expired API keys' }).click();

    const run = page.getByRole('dialog', { name: 'Delete expired API keys' });
    await expect(run.getByRole('status')).toHaveText('Deleted 2 of 3; 1 not deleted.');
    await expect(run.locator('.sa-bulk__item')).toHaveText([
      'old-aDeleted',
      /^old-bNot deleted: /,
      'old-cDeleted',
    ]);
    const names = async () =>
      ((await sim.api('GET', '/api/auth/keys?includeExpired=true')).json as { name: string }[]).map((k) => k.name);
    expect(await names()).toEqual(['live-key', 'old-b']);

    await sim.faults([]);
    await run.getByRole('button', { name: 'Retry the remaining' }).click();
    await expect(run.getByRole('status')).toHaveText('Deleted 3 of 3.');
    await run.getByRole('button', { name: 'Close', exact: true }).click();
    expect(await names()).toEqual(['live-key']);
    // One request per key, old-b twice (the failure, then the retry), and no other key.
    expect(deletes.filter((path) => path.includes('/api/auth/keys/'))).toHaveLength(4);
    await expect(page.getByRole('button', { name: /^Delete expired/ })).toHaveCount(0);
  });
});
