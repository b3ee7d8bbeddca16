// The start-up requests: public/boot.js sends them while the wasm downloads and compiles (its
// config.json answered by index.html's preload), and the app adopts each answer the first time
// it needs it; every later load goes to the server. Which
// script sent each request is read from Chromium's own record of it (the DevTools protocol's
// initiator stack), so "sent once, by the loader" is what the browser saw, not a guess from
// timing.
import type { Page } from '@playwright/test';
import { expect, keyNames, test } from '../support/fixtures';
import { GRAFANA_SUB_PATH } from '../support/nginx';
import type { Sim } from '../support/servers';

type Sent = { path: string; org: string; by: 'html' | 'loader' | 'app' | 'other' };

/** Every request for config.json or a Grafana API, with its org header and the script that sent it. */
async function record(page: Page): Promise<Sent[]> {
  const sent: Sent[] = [];
  const devtools = await page.context().newCDPSession(page);
  await devtools.send('Network.enable');
  devtools.on('Network.requestWillBeSent', ({ request, initiator }) => {
    const url = new URL(request.url);
    if (!/(\/api\/|\/config\.json$)/.test(url.pathname)) return;
    let script = '';
    for (let stack = initiator.stack; stack && !script; stack = stack.parent) {
      script = stack.callFrames.find((frame) => frame.url)?.url ?? '';
    }
    const by =
      initiator.type === 'parser'
        ? 'html'
        : /\/boot-[0-9a-f]+\.js$/.test(script)
          ? 'loader'
          : /\/pkg-[0-9a-f]{16}\/(main|__wasm_split)\.js$/.test(script)
            ? 'app'
            : 'other';
    const org = Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'x-grafana-org-id')?.[1] ?? '';
    // gloo-net ends the page's query strings with a "&" of its own; the same request all the same.
    const query = url.search.replace(/&$/, '');
    sent.push({ path: url.pathname.replace(/^\/(apikeys\/)?/, '') + query, org, by });
  });
  return sent;
}

/** The requests for `path`, as "by org" strings in the order sent. */
function sendsOf(sent: Sent[], path: string): string[] {
  return sent.filter((request) => request.path === path).map((request) => `${request.by} ${request.org}`.trim());
}

const LISTS = ['api/auth/keys?includeExpired=false&accesscontrol=true', 'api/auth/keys?includeExpired=true&accesscontrol=true'];
const SHELL = ['api/user/preferences', 'api/user', 'api/user/orgs'];
const KEYS_PAGE = ['api/health', 'api/access-control/user/permissions', ...LISTS];

for (const grafanaPath of ['/', GRAFANA_SUB_PATH]) {
  test(`a cold load sends each start-up request once, from the loader (Grafana at ${grafanaPath})`, async ({
    page,
    app,
    signIn,
  }) => {
    app.useConfig({ grafanaPath, signIn: 'form' });
    await signIn();
    const sent = await record(page);
    await page.goto('/org/apikeys');
    await expect(keyNames(page).first()).toBeVisible();
    // The page has shown the server's answers: its permissions (an enabled Add button) and version
    // (9.4.7: the migration banner).
    await expect(page.getByRole('button', { name: 'Add API key' })).toBeEnabled();
    await expect(page.getByRole('button', { name: 'Migrate to service accounts now' })).toBeVisible();

    // index.html preloads it; the loader's request for it is answered by that preload.
    expect(sendsOf(sent, 'config.json')).toEqual(['html']);
    for (const path of SHELL) {
      // /api/user twice: again once the org's answers are in, to check the org did not change.
      const times = path === 'api/user' ? ['loader', 'loader'] : ['loader'];
      expect(sendsOf(sent, grafanaPath.slice(1) + path), path).toEqual(times);
    }
    // Where the URL names no org, the page works in the current org (1), in which Grafana answers
    // without the header: the loader sends these at once, without waiting for /api/user.
    for (const path of KEYS_PAGE) expect(sendsOf(sent, grafanaPath.slice(1) + path), path).toEqual(['loader']);
    // Nothing at the other root.
    const elsewhere = grafanaPath === '/' ? /^grafana\// : /^api\//;
    expect(sent.filter((request) => elsewhere.test(request.path))).toEqual([]);
  });
}

test('after a change, the lists come from the server again', async ({ page, signIn }) => {
  await signIn();
  const sent = await record(page);
  await page.goto('/org/apikeys');
  await expect(keyNames(page).first()).toBeVisible();
  await page.getByRole('button', { name: 'Add API key' }).click();
  await page.getByLabel('Key name').fill('added-after-start-up');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByRole('dialog', { name: 'API Key Created' }).getByRole('button', { name: 'Close', exact: true }).click();
  await expect(keyNames(page).filter({ hasText: 'added-after-start-up' })).toHaveCount(1);
  for (const path of LISTS) expect(sendsOf(sent, path), path).toEqual(['loader', 'app 1']);
});

test("signed out: the loader's 401s are adopted once, and after signing in the page asks the server", async ({
  page,
}) => {
  const sent = await record(page);
  await page.goto('/org/apikeys');
  await page.getByLabel('Email or username').fill('admin');
  await page.getByLabel('Password').fill('admin');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(keyNames(page).first()).toBeVisible();
  // The loader's answers were adopted once; everything after the sign-in came from the page.
  // (The loader asks /api/user a second time, once the lists are in: the org check.)
  for (const path of ['api/user', 'api/user/orgs']) {
    const sends = sendsOf(sent, path);
    const loader = path === 'api/user' ? 2 : 1;
    expect(sends.slice(0, loader), path).toEqual(Array(loader).fill('loader'));
    expect(sends.slice(loader), path).toContain('app');
    expect(sends.slice(loader), path).not.toContain('loader');
  }
  // Signed out, the loader's lists (sent without an org, as the page asks where it knows none)
  // were refused and adopted once; after signing in, the page asked in the user's org.
  for (const path of LISTS) {
    const sends = sendsOf(sent, path);
    expect(sends[0], path).toBe('loader');
    expect(sends.slice(1), path).not.toContain('loader');
    expect(sends.at(-1), path).toBe('app 1');
  }
});

test('a start-up request that fails is reported, and Retry asks the server', async ({ page, signIn }) => {
  await signIn();
  let refused = 0;
  await page.route('**/api/auth/keys?includeExpired=true*', (route) => {
    if (refused++ === 0) return route.abort('connectionreset');
    return route.continue();
  });
  const sent = await record(page);
  await page.goto('/org/apikeys');
  const alert = page.getByRole('alert').filter({ hasText: 'Could not load API keys' });
  await expect(alert).toContainText('Could not reach Grafana');
  await alert.getByRole('button', { name: 'Retry' }).click();
  await expect(keyNames(page).first()).toBeVisible();
  expect(sendsOf(sent, LISTS[1])).toEqual(['loader', 'app 1']);
});

test("another page's first requests are its own: the loader sends only the shell's", async ({ page, signIn }) => {
  await signIn();
  const sent = await record(page);
  await page.goto('/org/serviceaccounts');
  await expect(page.getByRole('heading', { level: 1, name: 'Service accounts' })).toBeVisible();
  await expect.poll(() => sent.some((request) => request.path.startsWith('api/serviceaccounts/search'))).toBe(true);
  for (const path of SHELL) expect(sendsOf(sent, path), path).toEqual(['loader']);
  expect(sent.filter((request) => request.path.startsWith('api/auth/keys'))).toEqual([]);
});

/** `ops`: Admin in orgs 1 and 2, whose current org is `currentOrgId`. */
async function seedOps(sim: Sim, currentOrgId = 1) {
  const response = await fetch(sim.url + '/__sim/seed', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      keys: [
        { name: 'org-one-key', role: 'Viewer', secondsToLive: null },
        { name: 'org-two-key', role: 'Editor', secondsToLive: null, orgId: 2 },
      ],
      users: [{ login: 'ops', password: 'ops', name: 'Ops', email: 'ops@localhost', currentOrgId }],
      orgs: [
        { id: 1, members: [{ login: 'ops', role: 'Admin' }] },
        { id: 2, name: 'Platform', members: [{ login: 'ops', role: 'Admin' }] },
      ],
    }),
  });
  expect(response.status, await response.text()).toBe(200);
}

test('in the org the URL names, the loader sends the org header the page would', async ({ page, sim, signIn }) => {
  await seedOps(sim);
  await signIn({ user: 'ops', password: 'ops' });
  const sent = await record(page);
  await page.goto('/org/apikeys?orgId=2');
  await expect(keyNames(page)).toHaveText(['org-two-key']);
  for (const path of KEYS_PAGE) expect(sendsOf(sent, path), path).toEqual(['loader 2']);
});

test("where the URL names no org, the loader's answers are the current org's, and adopted as such", async ({
  page,
  sim,
  signIn,
}) => {
  await seedOps(sim, 2);
  await signIn({ user: 'ops', password: 'ops' });
  const sent = await record(page);
  await page.goto('/org/apikeys');
  await expect(keyNames(page)).toHaveText(['org-two-key']);
  await expect(page.getByRole('button', { name: 'Add API key' })).toBeEnabled();
  // Sent without the header, answered in org 2, and adopted by the page working in org 2.
  for (const path of KEYS_PAGE) expect(sendsOf(sent, path), path).toEqual(['loader']);
});

test("the loader's header-less answers are not adopted when the current org changed while they were on their way", async ({
  page,
  sim,
  signIn,
}) => {
  // Another tab switches the user's current org (1 -> 2) after the loader has read /api/user and
  // before the key lists are answered: Grafana answers them in org 2, and nothing in them says so.
  await seedOps(sim, 1);
  await signIn({ user: 'ops', password: 'ops' });
  const userRead = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/user');
  let switched: Promise<void> | undefined;
  await page.route('**/api/auth/keys?includeExpired=*', async (route) => {
    switched ??= (async () => {
      await userRead;
      const answer = await page.request.post('/api/user/using/2');
      expect(answer.status(), await answer.text()).toBe(200);
    })();
    await switched;
    return route.continue();
  });
  const sent = await record(page);
  await page.goto('/org/apikeys');
  // The page works in org 1, as /api/user said when it started: org 1's keys, asked again with
  // the header, never org 2's under org 1's name.
  await expect(keyNames(page)).toHaveText(['org-one-key']);
  for (const path of LISTS) expect(sendsOf(sent, path), path).toEqual(['loader', 'app 1']);
});
