// Issue 22, rotating tokens, on Grafana 10.4 (the flows are in ./rotation.ts).
import { test } from './fixture';
import { failedDeleteKeepsBoth, revokedTokenRotated, rotationEndsWithOnlyTheNewToken } from './rotation';

test.use({ grafanaVersion: '10.4.0' });

test.describe('rotating a token on Grafana 10.4', () => {
  test.beforeEach(async ({ signIn }) => {
    await signIn();
  });

  test('a rotation ends with the new token working and the old one refused', async ({ page, sim }) => {
    await rotationEndsWithOnlyTheNewToken(page, sim);
  });

  test('a revoked token offers Rotate first, and is replaced', async ({ page, sim }) => {
    await revokedTokenRotated(page, sim);
  });

  test('where deleting the old token fails, the page says both exist and which is which', async ({ page, sim }) => {
    await failedDeleteKeepsBoth(page, sim);
  });
});
