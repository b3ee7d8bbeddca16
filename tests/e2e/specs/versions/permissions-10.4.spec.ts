// Issue 23, the Permissions section of an account's page, on Grafana 10.4 (./permissions.ts).
import { test } from './fixture';
import { teamGrantedThenRemoved } from './permissions';

test.use({ grafanaVersion: '10.4.0' });

test('Grafana 10.4: a team given Edit manages that account only, until the permission is removed', async ({ page, sim, app, browser }) => {
  await teamGrantedThenRemoved(page, sim, app, browser);
});
