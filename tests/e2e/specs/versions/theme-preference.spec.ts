import { expect, open, test } from './fixture';

// The Grafana user's theme preference wins over the system's.
test.use({ simArgs: ['--user-theme', 'light'] });

test.describe("the Grafana user's theme preference", () => {
  test('light in Grafana makes the page light on a dark system', async ({ page, signIn }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await signIn();
    await open(page);
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).not.toBe('rgb(17, 18, 23)');
  });
});
