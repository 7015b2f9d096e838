// Capstan dashboard: a hash-routed single page over the JSON API under api/.
// No framework and no build step; everything user-supplied goes through textContent (never innerHTML).
'use strict';

const REFRESH_MS = 2000;
const PAGE_SIZE = 25;
const STATS_MINUTES = 60;
const TABS = [
  { key: 'waiting', label: 'Waiting', count: q => q.size },
  { key: 'in-flight', label: 'In flight', count: q => q.inFlight },
  { key: 'scheduled', label: 'Scheduled & retry', count: q => q.scheduled },
  { key: 'dead', label: 'Dead', count: q => q.dead },
  { key: 'cancelled', label: 'Cancelled', count: q => q.cancelled, lifecycle: true },
];

const state = { csrf: null, canAct: true, features: {}, rendering: false, timer: null };

// Buttons that change something are drawn only for a user who may act (the server refuses the others anyway).
const canAct = () => state.canAct;

// ---------- small helpers ----------

function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'style') Object.assign(el.style, v); // CSSOM, which the Content-Security-Policy allows (style attributes it does not)
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

const enc = encodeURIComponent;
const fmtNum = n => Number(n).toLocaleString('en-US');

function fmtDuration(ms) {
  ms = Math.abs(ms);
  if (ms < 1000) return ms + ' ms';
  const s = ms / 1000;
  if (s < 60) return s.toFixed(s < 10 ? 1 : 0) + ' s';
  const m = s / 60;
  if (m < 60) return m.toFixed(0) + ' min';
  const hr = m / 60;
  if (hr < 48) return hr.toFixed(1) + ' h';
  return (hr / 24).toFixed(1) + ' d';
}

function fmtWhen(ms) {
  if (!ms) return '';
  const d = Date.now() - ms;
  return d >= 0 ? fmtDuration(d) + ' ago' : 'in ' + fmtDuration(d);
}

function fmtAbs(ms) {
  return ms ? new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : '';
}

function toast(message, kind) {
  const t = document.getElementById('toast');
  t.textContent = message;
  t.className = 'toast ' + (kind || 'ok');
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, 3500);
}

// ---------- API ----------

async function api(path, options) {
  const res = await fetch('api/' + path, Object.assign({ credentials: 'same-origin', headers: { Accept: 'application/json' } }, options));
  if (res.status === 401) {
    location.href = 'login';
    throw new Error('login required');
  }
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.error || res.status + ' ' + res.statusText);
  return body;
}

function post(path) {
  return api(path, { method: 'POST', headers: { Accept: 'application/json', 'X-Capstan-CSRF': state.csrf } });
}

async function act(label, path, confirmText) {
  if (confirmText && !window.confirm(confirmText)) return;
  try {
    const r = await post(path);
    toast(label(r));
  } catch (e) {
    toast(e.message, 'error');
  }
  await render();
}

// ---------- routing ----------

function route() {
  const [path, query] = (location.hash.replace(/^#/, '') || '/queues').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(query || '');
  return { parts, offset: Math.max(0, parseInt(params.get('offset') || '0', 10) || 0) };
}

async function render() {
  if (state.rendering) return;
  state.rendering = true;
  try {
    const r = route();
    const view = r.parts[0] || 'queues';
    document.querySelectorAll('#nav a').forEach(a => a.classList.toggle('active', a.dataset.nav === view || (view === 'jobs' && a.dataset.nav === 'queues')));
    let content;
    if (view === 'queues' && r.parts[1]) content = await queueView(r.parts[1], r.parts[2] || 'waiting', r.offset);
    else if (view === 'queues') content = await queuesView();
    else if (view === 'jobs' && r.parts[1]) content = await jobView(r.parts[1]);
    else if (view === 'workers') content = await workersView();
    else if (view === 'schedules') content = await schedulesView();
    else if (view === 'flags') content = await flagsView();
    else if (view === 'batches') content = await batchesView();
    else content = h('p', { text: 'Nothing here.' });
    document.getElementById('main').replaceChildren(content);
    document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
  } catch (e) {
    if (e.message !== 'login required') {
      document.getElementById('updated').textContent = 'update failed: ' + e.message;
    }
  } finally {
    state.rendering = false;
  }
}

// Job details are not refreshed in the background, so reading or selecting a stack trace is not interrupted.
// Nor while someone types into a field of the page (a re-render would drop what they typed).
function autoRefreshes() {
  const typing = document.activeElement && document.activeElement.matches('#main input');
  return route().parts[0] !== 'jobs' && !typing;
}

// ---------- views: queues.js (queues, jobs), workers-schedules-flags.js, lifecycle.js ----------

// ---------- start ----------

async function start() {
  const session = await api('session');
  state.csrf = session.csrfToken;
  state.canAct = session.canAct !== false;
  document.getElementById('user').textContent = session.auth ? session.user : 'no login (insecure mode)';
  document.getElementById('role').hidden = state.canAct;
  const logout = document.getElementById('logout');
  logout.hidden = !session.auth;
  logout.addEventListener('click', async () => {
    await post('logout').catch(() => {});
    location.href = 'login';
  });
  state.features = await api('features');
  for (const f of ['schedules', 'flags']) {
    document.querySelector('#nav a[data-nav="' + f + '"]').hidden = !state.features[f];
  }
  document.querySelector('#nav a[data-nav="batches"]').hidden = !state.features.lifecycle;
  document.getElementById('find-job').addEventListener('submit', e => {
    e.preventDefault();
    const id = document.getElementById('find-job-id').value.trim();
    if (id) location.hash = '#/jobs/' + enc(id);
  });
  window.addEventListener('hashchange', render);
  const live = document.getElementById('live');
  state.timer = setInterval(() => {
    if (live.checked && !document.hidden && autoRefreshes()) render();
  }, REFRESH_MS);
  await render();
}

start().catch(e => {
  if (e.message !== 'login required') document.getElementById('main').textContent = 'The dashboard could not start: ' + e.message;
});
