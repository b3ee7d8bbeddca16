// The benchmark's baseline: the same work as the Rust app's first render, in plain JavaScript
// with no framework: both lists fetched in parallel, the search from the URL applied, and the
// table rendered with local dates and relative times.
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

async function main() {
  const [active] = await Promise.all([
    getJson('/api/auth/keys?includeExpired=false&accesscontrol=true'),
    getJson('/api/auth/keys?includeExpired=true&accesscontrol=true'),
  ]);
  const query = (new URLSearchParams(location.search).get('search') || '').toLowerCase();
  const now = Date.now();
  const table = document.createElement('table');
  table.className = 'keys-table';
  table.innerHTML = '<thead><tr><th>Name</th><th>Role</th><th>Expires</th><th>Actions</th></tr></thead>';
  const body = document.createElement('tbody');
  for (const key of active) {
    if (query && !key.name.toLowerCase().includes(query) && !key.role.toLowerCase().includes(query)) continue;
    const row = document.createElement('tr');
    cell(row, key.name);
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
    body.appendChild(row);
  }
  table.appendChild(body);
  document.getElementById('status').replaceWith(table);
}

main().catch((error) => {
  document.getElementById('status').textContent = error.message;
});
