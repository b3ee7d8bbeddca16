// The benchmark's baseline: the same work as the Rust app's first render, in plain JavaScript
// with no framework: both lists fetched in parallel, the search from the URL applied, and the
// table rendered with local dates and relative times. Then the same search box as the app's:
// each keystroke filters the rows by name or role (case-insensitive substring), re-renders the
// table body and keeps the search in the URL (?search=), without a request.
'use strict';

const pad = (n) => String(n).padStart(2, '0');
const localDate = (d) =>
  `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
  `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;

const UNITS = [
  [365 * 86400, 'year'],
  [30 * 86400, 'month'],
  [86400, 'day'],
  [3600, 'hour'],
  [60, 'minute'],
  [1, 'second'],
];
function relative(now, then) {
  const seconds = Math.trunc((then - now) / 1000);
  const unit = UNITS.find(([size]) => Math.abs(seconds) * 100 >= size * 99);
  if (!unit) return 'just now';
  const count = Math.trunc((Math.abs(seconds) + Math.trunc(unit[0] / 2)) / unit[0]);
  const text = `${count} ${unit[1]}${count === 1 ? '' : 's'}`;
  return seconds > 0 ? `in ${text}` : `${text} ago`;
}

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.message || `HTTP ${response.status}`);
  return body;
}

function cell(row, text) {
  const td = document.createElement('td');
  td.textContent = text;
  row.appendChild(td);
}

/** Name or role contains the search, ignoring case; an empty search matches every key. */
function matches(key, query) {
  return !query || key.name.toLowerCase().includes(query) || key.role.toLowerCase().includes(query);
}

function keyRow(key, now) {
  const row = document.createElement('tr');
  const name = document.createElement('td');
  name.className = 'keys-table__name';
  name.textContent = key.name;
  row.appendChild(name);
  cell(row, key.role);
  if (key.expiration) {
    const at = new Date(key.expiration);
    cell(row, `${localDate(at)} ${relative(now, at.getTime())}`);
  } else {
    cell(row, 'No expiration date');
  }
  const actions = document.createElement('td');
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.textContent = 'Delete';
  remove.disabled = !(key.accessControl && key.accessControl['apikeys:delete']);
  actions.appendChild(remove);
  row.appendChild(actions);
  return row;
}

/** The rows of the keys matching `search`, or the app's "No API keys found" row. */
function renderRows(body, keys, search) {
  const query = search.toLowerCase();
  const now = Date.now();
  const rows = keys.filter((key) => matches(key, query)).map((key) => keyRow(key, now));
  if (rows.length === 0) {
    const row = document.createElement('tr');
    const none = document.createElement('td');
    none.colSpan = 4;
    none.textContent = 'No API keys found';
    row.appendChild(none);
    rows.push(row);
  }
  body.replaceChildren(...rows);
}

async function main() {
  const [active] = await Promise.all([
    getJson('/api/auth/keys?includeExpired=false&accesscontrol=true'),
    getJson('/api/auth/keys?includeExpired=true&accesscontrol=true'),
  ]);
  const initial = new URLSearchParams(location.search).get('search') || '';

  const search = document.createElement('input');
  search.type = 'search';
  search.placeholder = 'Search keys';
  search.setAttribute('aria-label', 'Search keys');
  search.value = initial;

  const table = document.createElement('table');
  table.className = 'keys-table';
  table.innerHTML = '<thead><tr><th>Name</th><th>Role</th><th>Expires</th><th>Actions</th></tr></thead>';
  const body = document.createElement('tbody');
  renderRows(body, active, initial);
  table.appendChild(body);

  search.addEventListener('input', () => {
    renderRows(body, active, search.value);
    const params = new URLSearchParams(location.search);
    if (search.value) params.set('search', search.value);
    else params.delete('search');
    const query = params.toString();
    history.replaceState(null, '', location.pathname + (query ? `?${query}` : '') + location.hash);
  });

  document.getElementById('status').replaceWith(search, table);
}

main().catch((error) => {
  document.getElementById('status').textContent = error.message;
});
