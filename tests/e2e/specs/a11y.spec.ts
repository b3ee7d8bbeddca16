// Accessibility: axe-core (WCAG 2.1 A and AA rules, colour contrast included) on every view of
// the page, in the dark and the light theme; plus what axe cannot see: the theme choice, a
// visible focus ring, and a phone-width layout that neither scrolls sideways nor clips actions.
import { expect, test } from '../support/fixtures';
import { expectNoViolations, openList } from './a11y-helpers';

const BANNER = 'Switch from API keys to service accounts';

for (const theme of ['dark', 'light'] as const) {
  test.describe(`in the ${theme} theme`, () => {
    test.beforeEach(async ({ page }) => {
      // grafana-sim's users have no theme preference (""), so the system's choice decides.
      await page.emulateMedia({ colorScheme: theme });
    });

    test('the list, the create form and its errors have no WCAG 2.1 AA violations', async ({
      page,
      signIn,
    }) => {
      await signIn();
      await openList(page);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await expect(page.locator('.badge--expired')).toBeVisible();
      await expectNoViolations(page);

      await page.getByRole('button', { name: 'Add API key' }).click();
      await expect(page.getByRole('heading', { name: 'Add API Key' })).toBeVisible();
      await expectNoViolations(page);

      await page.getByLabel('Time to live').fill('soon');
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await expect(page.locator('.field__error').filter({ hasText: /\S/ }).first()).toBeVisible();
      // The TTL tooltip, shown on keyboard focus, and hidden again by Escape.
      const help = page.locator('.help');
      const tooltip = () => help.evaluate((element) => getComputedStyle(element, '::after').content);
      await page.getByLabel('Role').focus();
      await page.keyboard.press('Tab');
      await expect(help).toBeFocused();
      await expect.poll(tooltip).toContain('The API key life duration');
      await expectNoViolations(page);
      await page.keyboard.press('Escape');
      await expect(help).not.toBeFocused();
      await expect.poll(tooltip).toBe('none');
    });

    test('the created-key dialog has no violations', async ({ page, signIn }) => {
      await signIn();
      await openList(page);
      await page.getByRole('button', { name: 'Add API key' }).click();
      await page.getByLabel('Key name').fill(`a11y-${theme}`);
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await expect(page.getByRole('dialog', { name: 'API Key Created' })).toBeVisible();
      await expectNoViolations(page);
    });

    test('the delete confirmation and the toast after it have no violations', async ({
      page,
      signIn,
    }) => {
      await signIn();
      await openList(page);
      await page.getByRole('button', { name: 'Delete API key ci-deploy-bot' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete API key' });
      await expect(dialog).toBeVisible();
      await expectNoViolations(page);

      await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
      await expect(page.locator('.toast--success')).toBeVisible();
      await expectNoViolations(page);
    });

    test('the migration banner, its confirmation and the migrated card have no violations', async ({
      page,
      signIn,
    }) => {
      await signIn();
      await openList(page);
      await expect(page.getByText(BANNER)).toBeVisible();
      await expectNoViolations(page);
      await page.getByRole('button', { name: 'Migrate to service accounts now' }).click();
      const confirm = page.getByRole('dialog');
      await expect(confirm).toBeVisible();
      await expectNoViolations(page);
      await confirm.getByRole('button', { name: 'Yes, migrate now' }).click();
      await expect(page.getByRole('region', { name: 'API keys migrated to service accounts' })).toBeVisible();
      await expectNoViolations(page);
    });

    test('an error and the empty state have no violations', async ({ page, sim, signIn }) => {
      await signIn();
      await sim.faults(['GET /api/auth/keys=500']);
      await page.goto('/org/apikeys');
      await expect(page.getByRole('alert')).toBeVisible();
      await expectNoViolations(page);

      await sim.faults([]);
      await sim.seed([]);
      await page.goto('/org/apikeys');
      await expect(page.locator('.empty-state')).toBeVisible();
      await expectNoViolations(page);
    });
  });
}

test('an explicit system preference is followed live', async ({ page, signIn }) => {
  await signIn();
  await page.emulateMedia({ colorScheme: 'light' });
  await openList(page);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('keyboard focus is always visible', async ({ page, signIn }) => {
  await signIn();
  await openList(page);
  for (let step = 0; step < 8; step++) {
    await page.keyboard.press('Tab');
    await expect
      .poll(
        () =>
          page.evaluate(() => {
            const style = getComputedStyle(document.activeElement!);
            return `${style.outlineStyle} ${style.outlineWidth}`;
          }),
        { message: `focus ring of tab stop ${step + 1}` },
      )
      .toBe('solid 2px');
  }
});

test('motion is off for those who ask for less', async ({ page, signIn }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await signIn();
  await openList(page);
  await page.getByRole('button', { name: 'Delete API key ci-deploy-bot' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete API key' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveCSS('animation-name', 'none');
});

test('at 360 px wide nothing scrolls sideways and every Delete button is whole', async ({
  page,
  signIn,
}) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await signIn();
  await openList(page);
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  const buttons = page.getByRole('button', { name: /^Delete API key / });
  // Every key of the seed, the expired one included (openList shows them all).
  await expect(buttons).toHaveCount(4);
  for (const button of await buttons.all()) {
    const box = (await button.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(360);
  }
});
