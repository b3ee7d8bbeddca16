import type { Page } from '@playwright/test';
import { expect, tableRows, test } from '../support/fixtures';

const names = async (page: Page) => (await tableRows(page)).map((cells) => cells[0]);

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
    expect(await names(page)).toContain('ci-deploy-bot');
  });

  test('Escape closes the confirmation', async ({ page, signIn }) => {
    await signIn();
    await page.goto('/org/apikeys');
    await page.getByRole('button', { name: 'Delete API key kiosk-viewer' }).click();
    await expect(page.getByRole('dialog', { name: 'Delete API key' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    expect(await names(page)).toContain('kiosk-viewer');
  });

  test('confirming deletes it: "API key deleted" and the row is gone', async ({ page, signIn, sim }) => {
    await signIn();
    await page.goto('/org/apikeys');
    await page.getByRole('button', { name: 'Delete API key ci-deploy-bot' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
    // Announced politely to screen readers, like every success.
    await expect(page.locator('[aria-live="polite"] .toast--success')).toHaveText(/API key deleted/);
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect.poll(() => names(page)).not.toContain('ci-deploy-bot');
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
    await expect.poll(() => names(page)).not.toContain('kiosk-viewer');
  });

  test('a server error keeps the key and shows the message as an error', async ({ page, signIn, sim }) => {
    await signIn();
    await page.goto('/org/apikeys');
    await sim.faults(['DELETE /api/auth/keys/*=500']);
    await page.getByRole('button', { name: 'Delete API key grafana-backup' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
    // Failures are announced at once.
    await expect(page.locator('[aria-live="assertive"] .toast--error')).toContainText('Failed to delete API key');
    expect(await names(page)).toContain('grafana-backup');
    // The page stays usable: the same key can be deleted once the server recovers.
    await sim.faults([]);
    await page.getByRole('button', { name: 'Delete API key grafana-backup' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
    await expect.poll(() => names(page)).not.toContain('grafana-backup');
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
