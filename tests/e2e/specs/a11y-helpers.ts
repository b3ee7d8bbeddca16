// What the accessibility specs share: axe-core's WCAG 2.1 AA run, and opening the list.
import { expect, type Page } from '@playwright/test';
import axe from 'axe-core';

const WCAG21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** axe's WCAG 2.1 AA violations on the page as it is now, one readable line per node. */
export async function violations(page: Page): Promise<string[]> {
  // Evaluated over the DevTools protocol, so the page's CSP (no inline scripts) does not apply.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  // Mid-animation colours are half-faded: check what stays on screen.
  await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished)));
  const found: axe.Result[] = await page.evaluate(
    async (tags) =>
      (
        await (window as any).axe.run(document, {
          runOnly: { type: 'tag', values: tags },
          resultTypes: ['violations'],
        })
      ).violations,
    WCAG21_AA,
  );
  return found.flatMap((rule) =>
    rule.nodes.map((node) => `${rule.id}: ${node.target.join(' ')}: ${node.failureSummary}`),
  );
}

/** Polls axe until the page settles with no violation (a toast or list may still be arriving). */
export async function expectNoViolations(page: Page) {
  await expect.poll(() => violations(page)).toEqual([]);
}

/** Opens the page with expired keys listed, so every badge is on screen. */
export async function openList(page: Page) {
  await page.goto('/org/apikeys?includeExpired=true');
  await expect(page.locator('table.keys-table tbody tr').first()).toBeVisible();
}

