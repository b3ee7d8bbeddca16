// Starts the app, and its first requests with it. Trunk's default loader is an inline
// <script type="module"> in index.html, which a Content-Security-Policy without 'unsafe-inline'
// blocks; this file is the same loader as an external, hashed script with an integrity
// attribute. Trunk's `pattern_script` (Trunk.toml) replaces the rust <link> with a <meta>
// carrying the hashed file names.

/**
 * The page's start-up requests: the one list of them. Each starts as soon as this loader runs,
 * while the wasm downloads and compiles, with the URL, headers and credentials the app uses;
 * the app (src/api/startup.rs) adopts an answer the first time it makes the same request, and
 * fetches afresh every later time. `path` is under config.json's `grafanaPath`; `inOrg`: sent
 * in the org the page works in (`X-Grafana-Org-Id`), as every request of the pages is; `pages`:
 * only when the page opens on one of these routes (under the app's base path).
 */
const KEYS_PAGE = ['/', '/org/apikeys'];
const STARTUP = [
  // The shell: the theme, and the user's current org and memberships.
  { path: 'api/user/preferences' },
  { path: 'api/user' },
  { path: 'api/user/orgs' },
  // The API keys page: the server, what the user may do, both lists.
  { path: 'api/health', inOrg: true, pages: KEYS_PAGE },
  { path: 'api/access-control/user/permissions', inOrg: true, pages: KEYS_PAGE },
  { path: 'api/auth/keys?includeExpired=false&accesscontrol=true', inOrg: true, pages: KEYS_PAGE },
  { path: 'api/auth/keys?includeExpired=true&accesscontrol=true', inOrg: true, pages: KEYS_PAGE },
];

/**
 * URL -> promise of { org, status, text, date }; `org` is the org header sent, '' for none
 * (or the org the answer is known to be about), `date` the answer's `Date` header: the server's
 * clock, which says what has expired (src/api/client.rs). The body
 * is read as soon as it arrives, so the app takes a finished answer without waiting for another
 * turn of the event loop (each of which may wait for a frame) at every step of its start.
 */
const answers = new Map();

function send(url, org) {
  const headers = { Accept: 'application/json' };
  if (org) headers['X-Grafana-Org-Id'] = org;
  const answer = fetch(url, { headers }).then(async (response) => ({
    org,
    status: response.status,
    text: await response.text(),
    date: response.headers.get('Date'),
  }));
  // A failure is the app's to report when it adopts the answer, never an unhandled rejection.
  answer.catch(() => {});
  return answer;
}

function start(url, org) {
  const answer = send(url, org);
  answers.set(url, answer);
  return answer;
}

/** Settles once every start-up request is in `answers` (or is known not to be sent). */
let registered;
let settled = false;
const ready = new Promise((resolve) => (registered = resolve)).then(() => (settled = true));

function take(url, org) {
  const answer = answers.get(url);
  answers.delete(url);
  return answer?.then((sent) => (sent.org === org ? sent : null));
}

/** What the app reads (src/api/startup.rs); each answer once. */
globalThis.grafanaApiKeysStartup = {
  /** The answer to `url` sent in `org`, as a promise of { status, text, date }, or of null where the
   * loader sent it in another org; undefined where it did not send it. Before the loader knows
   * its requests (config.json is on its way), a promise: the app waits for it rather than
   * asking twice. */
  take(url, org) {
    return take(url, org) ?? (settled ? undefined : ready.then(() => take(url, org) ?? null));
  },
  /** After a change, every answer not yet adopted is out of date. */
  forget() {
    answers.clear();
  },
};

/**
 * As the app reads `grafanaPath` (src/domain/config.rs, then src/api/config.rs resolves it);
 * undefined where it would refuse it. Both are tested against tests/grafana-path-cases.json.
 * A path only, on this origin: no whitespace or control character anywhere (the URL parser
 * drops tabs and newlines, so "/\t/host/" would become "//host/"), and resolved against this
 * page's origin, still this origin.
 */
function grafanaPath(path = '/') {
  const valid =
    typeof path === 'string' &&
    path.startsWith('/') &&
    !path.startsWith('//') &&
    !/[\s\p{Cc}\\?#]/u.test(path) &&
    !path.split('/').includes('..') &&
    new URL(path, location.origin).origin === location.origin;
  return valid ? path.replace(/\/+$/, '') + '/' : undefined;
}

/** As the app reads config.json (src/api/config.rs): missing means the defaults. */
async function configured() {
  const { status, text } = await start('config.json', '');
  const ok = status >= 200 && status < 300;
  if (status === 404 || (ok && text.trimStart().startsWith('<'))) return grafanaPath();
  if (!ok) return undefined;
  return grafanaPath(JSON.parse(text).grafanaPath ?? '/');
}

/** The org the URL names (`?orgId=`), as src/domain/query.rs reads it; else undefined. */
function orgInUrl() {
  const asked = new URLSearchParams(location.search).get('orgId')?.trim();
  return asked && /^[0-9]+$/.test(asked) && Number(asked) > 0 ? String(Number(asked)) : undefined;
}

/** The org header the pages send where the URL names none (src/pages/orgs/scope.rs): the
 * user's current org where /api/user answers it, else none. */
async function currentOrg(user) {
  const { status, text } = await user;
  const orgId = status === 200 ? JSON.parse(text).orgId : undefined;
  return orgId === undefined ? '' : String(orgId);
}

async function prefetch() {
  const prefix = await configured();
  if (prefix === undefined) return;
  const base = new URL(document.baseURI).pathname.replace(/\/$/, '');
  const route = location.pathname.startsWith(base) ? location.pathname.slice(base.length) || '/' : undefined;
  const wanted = STARTUP.filter((request) => !request.pages || request.pages.includes(route));
  const started = new Map();
  for (const request of wanted.filter((request) => !request.inOrg)) {
    started.set(request.path, start(prefix + request.path, ''));
  }
  const inOrg = wanted.filter((request) => request.inOrg);
  if (inOrg.length === 0) return;
  const asked = orgInUrl();
  if (asked) {
    for (const request of inOrg) start(prefix + request.path, asked);
    return;
  }
  // Where the URL names no org, the pages work in the user's current org: the one Grafana
  // answers in without the header. So these leave at once, without it, rather than after
  // /api/user answers. Nothing in their answers names the org, and another tab may switch the
  // current org meanwhile: so they are labelled with the org /api/user names only if it names
  // the same org again once they have all been answered (one more request, sent then); else
  // with none the app asks in, so it asks again, with the header.
  const before = currentOrg(started.get('api/user')).catch(() => '');
  const sent = inOrg.map((request) => [prefix + request.path, send(prefix + request.path, '')]);
  const after = Promise.allSettled(sent.map(([, answer]) => answer)).then(() =>
    currentOrg(send(prefix + 'api/user', '')).catch(() => ''),
  );
  const org = Promise.all([before, after]).then(([first, again]) => (first === again ? first : 'changed'));
  for (const [url, answer] of sent) {
    const labelled = Promise.all([answer, org]).then(([got, id]) => ({ ...got, org: id }));
    labelled.catch(() => {});
    answers.set(url, labelled);
  }
}

prefetch()
  .catch(() => {})
  .finally(registered);

/**
 * A chunk of the app (a view or dialog loaded on demand, one of pkg-<hash>/'s .wasm files) that
 * could not be loaded: the split loader (__wasm_split.js, as scripts/split-build.sh patches it)
 * awaits this promise, then loads again, so the app never sees the failure (a failed load would
 * panic, and abort the whole module). The page says so, with Retry; where this deployment no
 * longer serves this build (a new one replaced it), with "Reload the page" too, since Retry
 * cannot bring those files back. Every chunk failing meanwhile waits on the same message.
 */
let chunkRetry;
globalThis.grafanaApiKeysChunkFailed = () => {
  chunkRetry ??= (async () => {
    const changed = await buildReplaced();
    document.querySelector('.chunk-load-failed')?.remove();
    const alert = document.createElement('div');
    alert.setAttribute('role', 'alert');
    alert.className = 'chunk-load-failed';
    const text = document.createElement('p');
    text.textContent = changed
      ? 'This page was updated since you opened it, and the part you asked for is no longer ' +
        'served. Reload the page to get the new version.'
      : 'Part of this page could not be loaded (is the network down?). Retry when it is back.';
    const buttons = document.createElement('p');
    const button = (label, className, onClick) => {
      const element = document.createElement('button');
      element.type = 'button';
      element.className = `btn ${className}`;
      element.textContent = label;
      element.addEventListener('click', onClick);
      buttons.append(element);
      return element;
    };
    await new Promise((resolve) => {
      if (changed) button('Reload the page', 'btn--primary', () => location.reload());
      button('Retry', changed ? 'btn--secondary' : 'btn--primary', () => {
        alert.remove();
        chunkRetry = undefined;
        resolve();
      });
      alert.append(text, buttons);
      document.body.append(alert);
      alert.querySelector('button').focus();
    });
  })();
  return chunkRetry;
};

/** Whether this page's HTML, asked for again, names another build than the one running. */
async function buildReplaced() {
  const folder = new URL(app.dataset.js, location.href).pathname.split('/').slice(-2, -1)[0];
  try {
    const response = await fetch(location.href, { cache: 'no-store', headers: { Accept: 'text/html' } });
    return response.ok && !(await response.text()).includes(`/${folder}/`);
  } catch {
    return false;
  }
}

// The app starts as soon as its wasm is ready, whether or not the answers have come: it adopts
// them as they arrive. (Holding its start back until the requests had left, or compiling the
// wasm only then, was measured and made no difference to the time to a table.)
// The wasm is fetched with the integrity of Trunk's preload link: Chromium does not check it on
// the preload itself, so without it a changed wasm would run (the JS glue's modulepreload is
// checked). A mismatch stops here, and says so, rather than leaving a blank page.
const app = document.querySelector('meta[name="trunk-app"]');
const preload = [...document.querySelectorAll('link[rel="preload"][integrity]')].find(
  (link) => link.getAttribute('href') === app.dataset.wasm,
);
try {
  const { default: init } = await import(app.dataset.js);
  await init({ module_or_path: fetch(app.dataset.wasm, { integrity: preload?.integrity ?? '' }) });
} catch (error) {
  const alert = document.createElement('p');
  alert.setAttribute('role', 'alert');
  alert.className = 'page-load-failed';
  alert.textContent =
    "This page's files could not be loaded, or do not match what this deployment published " +
    '(a damaged or changed download). Reload the page; if it persists, tell the administrator.';
  document.body.append(alert);
  throw error;
}
// For the benchmark's timing (bench/); the app's exports are not published.
dispatchEvent(new Event('TrunkApplicationStarted'));

/**
 * Once the page shows its first table, the other views' chunks (the hook lists them in
 * `data-chunks`) are fetched while the browser is idle, into the HTTP cache (they are immutable),
 * so that switching to another view does not wait for a download. Before that, nothing: the first
 * screen's own requests go first. A prefetch that fails is only a missed head start.
 */
function prefetchChunks() {
  const folder = app.dataset.js.replace(/[^/]*$/, '');
  for (const name of (app.dataset.chunks ?? '').split(' ').filter(Boolean)) {
    const link = document.createElement('link');
    link.rel = 'prefetch';
    link.as = 'fetch';
    link.crossOrigin = 'anonymous';
    link.href = folder + name;
    document.head.append(link);
  }
}
const idle = (run) => (globalThis.requestIdleCallback ? requestIdleCallback(run, { timeout: 2000 }) : setTimeout(run, 200));
if (document.querySelector('table')) {
  idle(prefetchChunks);
} else {
  const watch = new MutationObserver(() => {
    if (!document.querySelector('table')) return;
    watch.disconnect();
    idle(prefetchChunks);
  });
  watch.observe(document.body, { childList: true, subtree: true });
}
