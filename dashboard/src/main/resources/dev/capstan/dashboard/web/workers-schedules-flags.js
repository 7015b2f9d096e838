// Capstan dashboard: the workers, schedules and flags views.
// Loaded before app.js, whose helpers (h, api, act, state, ...) these functions call when a view renders.
'use strict';

async function workersView() {
  const [workers, progress] = await Promise.all([api('workers'), state.features.progress ? api('progress') : Promise.resolve({})]);
  if (workers.length === 0) return h('section', {}, h('h2', {}, 'Workers'), h('p', { class: 'muted' }, 'No worker is online.'));
  const controls = state.features.controls && canAct();
  const rows = workers.map(w => {
    const i = w.info || {};
    const busy = parseInt(i.busy || '0', 10), conc = parseInt(i.concurrency || '0', 10);
    const jobs = (i.jobs || '').split(',').filter(Boolean);
    const running = i.state === 'RUNNING';
    return h('tr', { dataset: { worker: w.id } },
      h('td', { class: 'mono' }, w.id),
      h('td', {}, i.host || ''), h('td', { class: 'num' }, i.pid || ''),
      h('td', {}, (i.queues || '').split(',').filter(Boolean).map(q => h('a', { href: '#/queues/' + enc(q) + '/waiting', class: 'pill' }, q))),
      h('td', { class: 'c-busy' }, h('div', { class: 'meter', title: busy + ' of ' + conc + ' busy' }, h('div', { class: 'meter-fill', style: { width: (conc ? Math.round(100 * busy / conc) : 0) + '%' } })), ' ' + busy + '/' + conc),
      h('td', { class: 'c-state' }, h('span', { class: 'pill ' + (running ? 'ok' : 'warn') }, (i.state || '?').toLowerCase()),
        i.leader === 'true' ? h('span', { class: 'pill leader', title: 'elected leader: runs the singleton duties (reaper, periodic schedules)' }, 'leader') : null),
      h('td', { title: i.startedAt || '' }, i.startedAt ? fmtWhen(Date.parse(i.startedAt)) : ''),
      h('td', { class: 'mono small' }, jobs.map(id => h('div', { class: 'running-job' }, h('a', { href: '#/jobs/' + enc(id) }, id), progressView(progress[id])))),
      controls ? h('td', { class: 'actions' }, running ? h('button', { class: 'small quiet',
        title: 'Stop fetching new jobs and finish the running ones (e.g. before a deploy)',
        onclick: () => act(() => 'Worker ' + w.id + ' goes quiet', 'workers/' + enc(w.id) + '/quiet',
          'Quiet worker ' + w.id + '? It finishes its running jobs and takes no new ones until it is restarted.') }, 'Quiet') : null) : null);
  });
  const heads = ['Worker', 'Host', 'PID', 'Queues', 'Busy', 'State', 'Started', 'Running jobs'];
  if (controls) heads.push('');
  return h('section', {}, h('h2', {}, 'Workers'),
    h('table', { class: 'grid', id: 'workers' },
      h('thead', {}, h('tr', {}, heads.map(t => h('th', {}, t)))),
      h('tbody', {}, rows)));
}

// "40% resizing (resize-image)" as published by the worker runtime: a meter and the text; any other text as it is.
function progressView(text) {
  if (!text) return null;
  const m = /^(\d{1,3})%\s*(.*)$/.exec(text);
  if (!m) return h('div', { class: 'progress-text' }, text);
  const pct = Math.min(100, parseInt(m[1], 10));
  return h('div', { class: 'progress', title: text },
    h('div', { class: 'meter' }, h('div', { class: 'meter-fill', style: { width: pct + '%' } })),
    h('span', { class: 'progress-text' }, ' ' + pct + '% ' + m[2]));
}

async function schedulesView() {
  const list = await api('schedules');
  if (list.length === 0) return h('section', {}, h('h2', {}, 'Schedules'), h('p', { class: 'muted' }, 'No schedules.'));
  const keys = [...new Set(list.flatMap(s => Object.keys(s)))];
  return h('section', {}, h('h2', {}, 'Schedules'),
    h('table', { class: 'grid', id: 'schedules' }, h('thead', {}, h('tr', {}, keys.map(k => h('th', {}, label(k))))),
      h('tbody', {}, list.map(s => h('tr', {}, keys.map(k => h('td', { class: 'c-' + k }, displayValue(s[k]))))))));
}

async function flagsView() {
  const flags = await api('flags');
  const entries = Object.entries(flags).sort(([a], [b]) => a.localeCompare(b));
  return h('section', {}, h('h2', {}, 'Feature flags'),
    entries.length === 0 ? h('p', { class: 'muted' }, 'No flags.') :
      h('table', { class: 'grid', id: 'flags' }, h('thead', {}, h('tr', {}, h('th', {}, 'Flag'), h('th', {}, 'Value'))),
        h('tbody', {}, entries.map(([k, v]) => h('tr', {}, h('td', { class: 'mono' }, k),
          h('td', { class: 'mono' }, /^on\b/.test(v || '') ? h('span', { class: 'pill ok' }, 'on') : /^off\b/.test(v || '') ? h('span', { class: 'pill' }, 'off') : null,
            (v || '').replace(/^(on|off)\b\s*/, '')))))));
}

// "nextRun" -> "Next run"
function label(key) {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

// Display fields of the optional directories are text: show instants relative (exact on hover) and booleans as pills.
function displayValue(v) {
  if (v === undefined || v === null || v === '' || v === 'null') return '';
  if (v === 'true') return h('span', { class: 'pill ok' }, 'yes');
  if (v === 'false') return h('span', { class: 'pill' }, 'no');
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/.test(v)) {
    const ms = Date.parse(v);
    if (!isNaN(ms)) return h('span', { title: fmtAbs(ms) }, fmtWhen(ms));
  }
  return v;
}

