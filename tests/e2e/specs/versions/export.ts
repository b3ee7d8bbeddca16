// Issue 22, "Inventory export": "Export" on the keys page, the service accounts list and the All
// orgs overview downloads every API key and token in scope as CSV or JSON, never a secret; the
// CSV opens correctly in a spreadsheet (RFC 4180 quoting, formulas neutralised with a leading
// '). The downloads are parsed here and compared row by row with what grafana-sim lists.
// Shared by the 10.4 and 12.1 specs.
import fs from 'node:fs';
import type { Download, Locator, Page } from '@playwright/test';
import { expect } from '../../support/fixtures';
import { ADMIN, type Sim } from '../../support/servers';
import { seedAll } from './list-limits';

/** Names a spreadsheet would run, split or misread. */
export const HOSTILE = ['=HYPERLINK("x")', 'a,b', 'say "hi"', 'two\nlines', '+1', '@x', '-2'];

export const MAIN = { id: 1, name: 'Main Org.' };
export const PLATFORM = { id: 2, name: 'Platform, EU' };
export const PARTNERS = { id: 3, name: 'Partners' };

const DAY = 86_400;

/**
 * Org 1: keys `=HYPERLINK("x")`, `a,b`, `-2` (expired) and `legacy-sync` (migrated: from 9.1 the
 * account sa-autogen-legacy-sync holds it as a token), accounts `say "hi"` (tokens `+1`, `@x`
 * revoked, `old` expired), `two\nlines` and `idle-bot` (no token). Org 2 "Platform, EU" (a comma
 * in the org's name): a key and the account `=cmd`. Org 3, where admin is only a Viewer: left
 * out of the overview. From 11.6 every key is migrated at seed time, so on 12.1 each key is an
 * sa-autogen-<name> account holding a token of the key's name.
 */
export const EXPORT_SEED = {
  orgs: [
    { id: PLATFORM.id, name: PLATFORM.name, members: [{ login: 'admin', role: 'Admin' }] },
    { id: PARTNERS.id, name: PARTNERS.name, members: [{ login: 'admin', role: 'Viewer' }] },
  ],
  keys: [
    { name: '=HYPERLINK("x")', role: 'Editor', secondsToLive: 30 * DAY, lastUsedSecondsAgo: 3600 },
    { name: 'a,b', role: 'Viewer' },
    { name: '-2', role: 'Admin', secondsToLive: -DAY },
    { name: 'legacy-sync', role: 'Editor', migrated: true },
    { name: 'platform-key', role: 'Viewer', orgId: PLATFORM.id },
    { name: 'partner-key', role: 'Viewer', orgId: PARTNERS.id },
  ],
  serviceAccounts: [
    {
      name: 'say "hi"',
      role: 'Editor',
      tokens: [{ name: '+1', secondsToLive: 7 * DAY }, { name: '@x', isRevoked: true }, { name: 'old', secondsToLive: -3600 }],
    },
    { name: 'two\nlines', role: 'Viewer', tokens: [{ name: 'plain-token', lastUsedSecondsAgo: 600 }] },
    { name: 'idle-bot', role: 'Admin' },
    { name: '=cmd', role: 'Viewer', orgId: PLATFORM.id, tokens: [{ name: '-platform' }] },
    { name: 'partner-bot', role: 'Viewer', orgId: PARTNERS.id, tokens: [{ name: 'partner-token' }] },
  ],
};

export const CSV_HEADER = [
  'Org ID',
  'Org',
  'Kind',
  'Account',
  'Account login',
  'Name',
  'Role',
  'Created',
  'Expires',
  'Last used',
  'Expired',
  'Revoked',
  'Migrated to',
];

/** One credential, as compared: every field the file has, instants as ISO strings. */
type Row = {
  orgId: string;
  org: string;
  kind: string;
  account: string;
  login: string;
  name: string;
  role: string;
  created: string;
  expires: string;
  lastUsed: string;
  expired: string;
  revoked: string;
  migratedTo: string;
};

/** An instant as compared: the same moment whatever its notation; '' for none. */
const instant = (text: string | null | undefined) => (text ? new Date(text).toISOString() : '');

/**
 * RFC 4180, strictly: every record ends with CRLF, a quote only opens a cell, `""` is a quote
 * inside a quoted cell, and a line break only appears inside quotes.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i += 1;
        if (i < text.length && text[i] !== ',' && text[i] !== '\r') throw new Error(`text after a closing quote at ${i}`);
      } else {
        cell += c;
        i += 1;
      }
      continue;
    }
    if (c === '"') {
      if (cell !== '') throw new Error(`a quote inside an unquoted cell at ${i}`);
      quoted = true;
      i += 1;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
      i += 1;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 2;
    } else if (c === '\r' || c === '\n') {
      throw new Error(`a line break outside quotes, not CRLF, at ${i}`);
    } else {
      cell += c;
      i += 1;
    }
  }
  if (quoted) throw new Error('an unterminated quoted cell');
  if (cell !== '' || row.length > 0) throw new Error('the last record does not end with CRLF');
  return rows;
}

/** What a spreadsheet would run: a cell starting (after spaces) with = + - @, a tab or CR/LF. */
const FORMULA = /^ *[=+\-@\t\r\n]/;

/** A cell's value as the app meant it: the neutralising ' taken off a would-be formula. */
export function unneutralised(cell: string): string {
  return cell.startsWith("'") && FORMULA.test(cell.slice(1)) ? cell.slice(1) : cell;
}

/** The CSV's rows, checked for shape and formulas, as compared. */
export function csvRows(text: string): Row[] {
  expect(text.charCodeAt(0), 'no byte-order mark').not.toBe(0xfeff);
  const [header, ...records] = parseCsv(text);
  expect(header).toEqual(CSV_HEADER);
  for (const record of records) {
    expect(record, JSON.stringify(record)).toHaveLength(CSV_HEADER.length);
    for (const cell of record) {
      // Nothing a spreadsheet would run as a formula.
      expect(FORMULA.test(cell), `cell ${JSON.stringify(cell)} would run as a formula`).toBe(false);
    }
  }
  return records.map((cells) => {
    const c = cells.map(unneutralised);
    return {
      orgId: c[0],
      org: c[1],
      kind: c[2],
      account: c[3],
      login: c[4],
      name: c[5],
      role: c[6],
      created: instant(c[7]),
      expires: instant(c[8]),
      lastUsed: instant(c[9]),
      expired: c[10],
      revoked: c[11],
      migratedTo: c[12],
    };
  });
}

/** The JSON's rows, as compared (no neutralising in JSON: values as they are). */
export function jsonRows(text: string): Row[] {
  const items = JSON.parse(text);
  expect(Array.isArray(items)).toBe(true);
  return items.map((item: any) => {
    expect(Object.keys(item).sort()).toEqual(
      ['accountLogin', 'accountName', 'created', 'expired', 'expires', 'kind', 'lastUsed', 'migratedTo', 'name', 'orgId', 'orgName', 'revoked', 'role'],
    );
    return {
      orgId: String(item.orgId),
      org: item.orgName,
      kind: item.kind,
      account: item.accountName,
      login: item.accountLogin,
      name: item.name,
      role: item.role,
      created: instant(item.created),
      expires: instant(item.expires),
      lastUsed: instant(item.lastUsed),
      expired: String(item.expired),
      revoked: String(item.revoked),
      migratedTo: item.migratedTo ?? '',
    };
  });
}

/** A GET to grafana-sim as admin in `orgId` (the header the app sends), straight from the test. */
async function orgGet(sim: Sim, orgId: number, path: string) {
  const response = await fetch(sim.url + path, {
    headers: {
      Authorization: 'Basic ' + Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString('base64'),
      'X-Grafana-Org-Id': String(orgId),
    },
  });
  return { status: response.status, json: await response.json() };
}

const AUTOGEN = 'sa-autogen-';

/**
 * Every key and token of `orgs` as the server lists them: its keys (both lists; none where the
 * route is gone), every account and every account's tokens. A token is a migrated key when its
 * account is sa-autogen-<its name>.
 */
export async function serverRows(sim: Sim, orgs: { id: number; name: string }[]): Promise<Row[]> {
  const rows: Row[] = [];
  const now = Date.now();
  for (const org of orgs) {
    const keys = await orgGet(sim, org.id, '/api/auth/keys?includeExpired=true');
    if (keys.status !== 404) {
      expect(keys.status).toBe(200);
      for (const key of keys.json) {
        rows.push({
          orgId: String(org.id),
          org: org.name,
          kind: 'API key',
          account: '',
          login: '',
          name: key.name,
          role: key.role,
          created: '',
          expires: instant(key.expiration),
          lastUsed: instant(key.lastUsedAt),
          expired: String(!!key.expiration && Date.parse(key.expiration) < now),
          revoked: 'false',
          migratedTo: '',
        });
      }
    }
    const search = await orgGet(sim, org.id, '/api/serviceaccounts/search?perpage=1000&page=1&query=');
    expect(search.status).toBe(200);
    for (const account of search.json.serviceAccounts) {
      const tokens = await orgGet(sim, org.id, `/api/serviceaccounts/${account.id}/tokens`);
      expect(tokens.status).toBe(200);
      for (const token of tokens.json) {
        const migrated = account.name.startsWith(AUTOGEN) && account.name.slice(AUTOGEN.length) === token.name;
        rows.push({
          orgId: String(org.id),
          org: org.name,
          kind: 'token',
          account: account.name,
          login: account.login,
          name: token.name,
          role: account.role,
          created: instant(token.created),
          expires: instant(token.expiration),
          lastUsed: instant(token.lastUsedAt),
          expired: String(!!token.hasExpired),
          revoked: String(!!token.isRevoked),
          migratedTo: migrated ? account.login : '',
        });
      }
    }
  }
  return rows;
}

const sorted = (rows: Row[]) => rows.map((row) => JSON.stringify(row)).sort();

/** The file's rows are exactly the server's (in any order). */
export function expectSameRows(file: Row[], server: Row[]) {
  expect(server.length).toBeGreaterThan(0);
  expect(sorted(file)).toEqual(sorted(server));
}

/** No secret of any kind: service-account tokens, API keys, nor a `key` field. */
export function expectNoSecret(text: string) {
  expect(text).not.toContain('glsa_');
  expect(text).not.toContain('eyJ');
  expect(text).not.toMatch(/"key"\s*:/);
}

const today = () => {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
};

/** `grafana-credentials-127.0.0.1-<port>-<today>.<ext>`: this Grafana's host and today's date. */
export function expectedFileName(page: Page, extension: 'csv' | 'json') {
  const url = new URL(page.url());
  return `grafana-credentials-${url.hostname}-${url.port}-${today()}.${extension}`;
}

export function exportDialog(page: Page): Locator {
  return page.getByRole('dialog', { name: 'Export keys and tokens' });
}

/** Opens the dialog from the page's "Export". */
export async function openExport(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const dialog = exportDialog(page);
  await expect(dialog).toBeVisible();
  return dialog;
}

/** Exports in `format` from the open dialog; the download and its text, once it is complete. */
export async function runExport(page: Page, dialog: Locator, format: 'CSV' | 'JSON' = 'CSV') {
  await dialog.getByRole('radio', { name: format, exact: true }).check();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Export', exact: true }).click(),
  ]);
  await expect(dialog.getByRole('status')).toContainText('Export complete');
  return { download, text: await read(download) };
}

async function read(download: Download): Promise<string> {
  return fs.readFileSync(await download.path(), 'utf8');
}

/** Export CSV and JSON from the page, and compare both with the server's lists of `orgs`. */
export async function exportMatchesServer(page: Page, sim: Sim, orgs: { id: number; name: string }[]) {
  const server = await serverRows(sim, orgs);
  const dialog = await openExport(page);
  const csv = await runExport(page, dialog, 'CSV');
  expect(csv.download.suggestedFilename()).toBe(expectedFileName(page, 'csv'));
  expectNoSecret(csv.text);
  const fromCsv = csvRows(csv.text);
  expectSameRows(fromCsv, server);
  // The hostile names are in the file as written, neutralised where a spreadsheet would run them.
  const records = parseCsv(csv.text).slice(1);
  const names = records.map((record) => record[5]);
  const accounts = records.map((record) => record[3]);
  const present = [...names, ...accounts].map(unneutralised);
  for (const name of HOSTILE.filter((name) => present.includes(name))) {
    const raw = [...names, ...accounts].find((cell) => unneutralised(cell) === name)!;
    expect(raw).toBe(FORMULA.test(name) ? `'${name}` : name);
  }
  await expect(dialog.getByRole('status')).toContainText(expectedFileName(page, 'csv'));

  const json = await runExport(page, dialog, 'JSON');
  expect(json.download.suggestedFilename()).toBe(expectedFileName(page, 'json'));
  expectNoSecret(json.text);
  expectSameRows(jsonRows(json.text), server);
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  return fromCsv;
}

export async function seedExport(sim: Sim) {
  await seedAll(sim, EXPORT_SEED);
}

/** From the service accounts list: the org's keys and tokens, every hostile name among them. */
export async function fromServiceAccountsList(page: Page, sim: Sim) {
  await seedExport(sim);
  await page.goto('/org/serviceaccounts');
  await expect(page.locator('table.sa-table')).toBeVisible();
  const rows = await exportMatchesServer(page, sim, [MAIN]);
  const everything = rows.flatMap((row) => [row.name, row.account]);
  for (const name of HOSTILE) expect(everything).toContain(name);
  expect(rows.every((row) => row.orgId === '1')).toBe(true);
  // The migrated key names the account holding it.
  const legacy = rows.find((row) => row.name === 'legacy-sync')!;
  expect(legacy).toMatchObject({ kind: 'token', account: 'sa-autogen-legacy-sync', migratedTo: 'sa-autogen-1-legacy-sync' });
  // States as the server tells them.
  expect(rows.find((row) => row.name === '@x')).toMatchObject({ revoked: 'true' });
  expect(rows.find((row) => row.name === 'old')).toMatchObject({ expired: 'true' });
  expect(rows.find((row) => row.name === '+1')).toMatchObject({ expired: 'false', revoked: 'false', role: 'Editor' });
}

/** From the overview: the orgs where admin is an Admin (1 and 2), not org 3. */
export async function fromOverview(page: Page, sim: Sim) {
  await seedExport(sim);
  await page.goto('/orgs');
  await expect(page.locator('tr[data-org-id="2"]')).toBeVisible();
  const rows = await exportMatchesServer(page, sim, [MAIN, PLATFORM]);
  expect(new Set(rows.map((row) => row.org))).toEqual(new Set([MAIN.name, PLATFORM.name]));
  expect(rows.some((row) => row.name.startsWith('partner'))).toBe(false);
  expect(rows.find((row) => row.account === '=cmd')).toMatchObject({ orgId: '2', org: 'Platform, EU', name: '-platform' });
}

/** From the keys page, where it has "Export" (10.4). */
export async function fromKeysPage(page: Page, sim: Sim) {
  await seedExport(sim);
  await page.goto('/org/apikeys');
  await expect(page.locator('table.keys-table')).toBeVisible();
  const rows = await exportMatchesServer(page, sim, [MAIN]);
  expect(rows.filter((row) => row.kind === 'API key').map((row) => row.name).sort()).toEqual(['-2', '=HYPERLINK("x")', 'a,b']);
  expect(rows.find((row) => row.name === '-2')).toMatchObject({ expired: 'true', role: 'Admin' });
}

/**
 * 60 accounts of one token each (two pages of the search) and a slow server: the status says
 * how many accounts are exported while it runs, then that it is complete.
 */
export async function progressOfALargeInventory(page: Page, sim: Sim) {
  const accounts = Array.from({ length: 60 }, (_, n) => ({
    name: `bot-${String(n).padStart(2, '0')}`,
    role: 'Viewer',
    tokens: [{ name: `bot-token-${String(n).padStart(2, '0')}` }],
  }));
  await seedAll(sim, { serviceAccounts: accounts });
  await page.goto('/org/serviceaccounts');
  await expect(page.locator('table.sa-table')).toBeVisible();
  await sim.latency(40);
  const dialog = await openExport(page);
  // Every text the status takes, in order.
  await dialog.getByRole('status').evaluate((status) => {
    const seen: string[] = [];
    (window as any).exportStatuses = seen;
    new MutationObserver(() => seen.push(status.textContent ?? '')).observe(status, {
      childList: true,
      subtree: true,
      characterData: true,
    });
  });
  const { text } = await runExport(page, dialog, 'CSV');
  await sim.latency(0);
  const seen: string[] = await page.evaluate(() => (window as any).exportStatuses);
  const counts = seen
    .map((text) => /^Exported (\d+) of 60 accounts…$/.exec(text))
    .filter((match) => match !== null)
    .map((match) => Number(match![1]));
  expect(counts.some((n) => n > 0 && n < 60), seen.join(' | ')).toBe(true);
  expect(counts, 'the count only goes up').toEqual([...counts].sort((a, b) => a - b));
  expect(seen.some((text) => text.startsWith('Listing API keys and service accounts'))).toBe(true);
  await expect(dialog.getByRole('status')).toHaveText(
    `Export complete: 0 API keys and 60 tokens of 60 service accounts (1 org), in ${expectedFileName(page, 'csv')}.`,
  );
  const rows = csvRows(text);
  expect(rows).toHaveLength(60);
  expect(new Set(rows.map((row) => row.account)).size).toBe(60);
}

/**
 * A token list that fails: the dialog says which request failed and Grafana's message, nothing
 * is downloaded; Retry, once the server answers, exports everything.
 */
export async function failureThenRetry(page: Page, sim: Sim) {
  await seedExport(sim);
  await page.goto('/org/serviceaccounts');
  await expect(page.locator('table.sa-table')).toBeVisible();
  let downloads = 0;
  page.on('download', () => (downloads += 1));
  await sim.faults(['GET /api/serviceaccounts/*/tokens=500']);
  const dialog = await openExport(page);
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(dialog.getByRole('alert')).toHaveText(
    /^Reading the tokens of service account ".+" in Main Org\. failed: Internal server error\. Nothing was downloaded\.$/,
  );
  await expect(dialog.getByRole('status')).toHaveText('');
  expect(downloads).toBe(0);
  await sim.faults([]);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Retry' }).click(),
  ]);
  await expect(dialog.getByRole('status')).toContainText('Export complete');
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  expectSameRows(csvRows(await read(download)), await serverRows(sim, [MAIN]));
}
