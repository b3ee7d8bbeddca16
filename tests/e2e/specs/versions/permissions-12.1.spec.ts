// Issue 23, the Permissions section of an account's page, on Grafana 12.1 (./permissions.ts).
import { test } from './fixture';
import { teamGrantedThenRemoved } from './permissions';

test.use({ grafanaVersion: '12.1.0' });

test('Grafana 12.1: a team given Edit manages that account only, until the permission is removed', async ({ page, sim, app, browser }) => {
  await teamGrantedThenRemoved(page, sim, app, browser);
});
