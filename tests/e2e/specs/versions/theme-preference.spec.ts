import { expect, open, test } from './fixture';

// The Grafana user's theme preference wins over the system's.
test.use({ simArgs: ['--user-theme', 'light'] });

test.describe("the Grafana user's theme preference", () => {
  test('light in Grafana makes the page light on a dark system', async ({ page, signIn }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await signIn();
    await open(page);
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    // The light tokens of style/main.css, as Grafana's light theme: the canvas and the text.
    await expect
      .poll(() => page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--color-background')))
      .toBe('#f4f5f5');
    await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(244, 245, 245)');
    await expect(page.locator('body')).toHaveCSS('color', 'rgb(36, 41, 46)');
    await expect(page.locator('html')).toHaveCSS('color-scheme', 'light');
  });
});
