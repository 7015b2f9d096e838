// Capstan dashboard: the queues list, a queue's tabs of jobs, and a job's page.
// Loaded before app.js, whose helpers (h, api, act, state, ...) these functions call when a view renders.
'use strict';
// What a queue is doing: paused, served by live workers, or served by none (its jobs just wait).
function queueState(q) {
  if (q.paused) return h('span', { class: 'pill warn' }, 'paused');
  if (q.servingWorkers === 0) {
    return h('span', { class: 'pill bad', title: 'No live worker lists this queue: its jobs wait until one that does starts' }, 'no worker');
  }
  return h('span', { class: 'pill ok' }, q.servingWorkers > 0 ? 'served' : 'active');
}

function workersCell(q) {
  if (q.servingWorkers === undefined || q.servingWorkers < 0) return '–';
  return q.servingWorkers === 0 ? h('span', { class: 'bad-text' }, '0') : fmtNum(q.servingWorkers);
}

async function queuesView() {
  const [queues, stats, switchedOff] = await Promise.all([
    api('queues'),
    state.features.stats ? api('stats?minutes=' + STATS_MINUTES).catch(() => null) : Promise.resolve(null),
    state.features.controls ? api('types/switched-off') : Promise.resolve(null)]);
  const controls = state.features.controls && canAct();
  const heads = ['Queue', ['Waiting', 'num'], ['Latency', 'num'], ['In flight', 'num'], ['Scheduled', 'num'], ['Dead', 'num'],
    stats ? 'Last ' + STATS_MINUTES + ' min' : null, 'State', ['Workers', 'num'], controls ? '' : null].filter(x => x !== null);
  const rows = queues.map(q => {
    if (q.error) {
      // A queue that cannot be read (a key of the wrong type, a stray registry entry): its error, and the other rows as usual.
      return h('tr', { dataset: { queue: q.name }, class: 'broken' },
        h('td', {}, h('span', { class: 'qname' }, q.name)),
        h('td', { class: 'c-error', colspan: String(heads.length - 1) }, h('span', { class: 'pill bad' }, 'broken'), ' ', q.error));
    }
    const series = stats && stats.queues[q.name];
    return h('tr', { dataset: { queue: q.name }, class: 'clickable' + (q.paused ? ' paused' : ''), onclick: () => { location.hash = '#/queues/' + enc(q.name) + '/waiting'; } },
      h('td', {}, h('a', { href: '#/queues/' + enc(q.name) + '/waiting', class: 'qname' }, q.name)),
      h('td', { class: 'num c-size' }, fmtNum(q.size)),
      h('td', { class: 'num c-latency' }, q.size ? fmtDuration(q.latencyMillis) : '–'),
      h('td', { class: 'num c-inflight' }, fmtNum(q.inFlight)),
      h('td', { class: 'num c-scheduled' }, fmtNum(q.scheduled)),
      h('td', { class: 'num c-dead' + (q.dead > 0 ? ' bad' : '') }, fmtNum(q.dead)),
      stats ? h('td', { class: 'c-hour' }, series ? [sparkline(series), h('span', { class: 'spark-num', title: 'processed / failed in the last ' + STATS_MINUTES + ' minutes' },
        fmtNum(sum(series.processed)), sum(series.failed) ? h('span', { class: 'bad-text' }, ' / ' + fmtNum(sum(series.failed))) : null)] : null) : null,
      h('td', { class: 'c-paused' }, queueState(q)),
      h('td', { class: 'num c-workers' }, workersCell(q)),
      controls ? h('td', { class: 'actions' }, pauseButton(q, true)) : null);
  });
  const total = key => fmtNum(queues.reduce((s, q) => s + q[key], 0));
  return h('section', {},
    h('div', { class: 'cards' },
      card('Waiting', total('size')), card('In flight', total('inFlight')), card('Scheduled & retry', total('scheduled')), card('Dead', total('dead'))),
    stats ? throughputPanel('All queues', stats.total, 'throughput-chart', 150) : null,
    h('h2', {}, 'Queues'),
    queues.length === 0 ? h('p', { class: 'muted' }, 'No queues yet: enqueue a job and it shows up here.') :
      h('table', { id: 'queues', class: 'grid' },
        h('thead', {}, h('tr', {}, heads.map(t => Array.isArray(t) ? h('th', { class: t[1] }, t[0]) : h('th', {}, t)))),
        h('tbody', {}, rows)),
    switchedOff ? jobTypesPanel(switchedOff) : null);
}

function pauseButton(q, small) {
  const path = 'queues/' + enc(q.name) + (q.paused ? '/resume' : '/pause');
  return h('button', { class: (small ? 'small ' : '') + (q.paused ? 'resume primary' : 'pause'), id: small ? null : 'pause-queue',
    title: q.paused ? 'Workers start jobs of this queue again' : 'Workers stop starting jobs of this queue; running jobs finish',
    onclick: e => { e.stopPropagation(); act(r => 'Queue ' + r.queue + (r.paused ? ' is paused' : ' runs again'), path); } },
    q.paused ? 'Resume' : 'Pause');
}

function jobTypesPanel(switchedOff) {
  const input = h('input', { id: 'type-name', type: 'text', placeholder: 'job type, e.g. send-welcome-email', maxlength: '200', autocomplete: 'off', spellcheck: 'false' });
  const switchOff = e => {
    e.preventDefault();
    const type = input.value.trim();
    if (!type) return;
    act(r => 'Job type ' + r.type + ' is switched off', 'types/' + enc(type) + '/switch-off',
      'Switch job type "' + type + '" off? Workers stop running its jobs until it is switched on again.');
  };
  return h('section', { class: 'types' },
    h('h2', {}, 'Job types switched off'),
    switchedOff.length === 0 ? h('p', { class: 'muted' }, 'None: every job type runs.') :
      h('table', { class: 'grid', id: 'switched-off' }, h('tbody', {}, switchedOff.map(t => h('tr', { dataset: { type: t } },
        h('td', { class: 'mono' }, t), h('td', {}, h('span', { class: 'pill bad' }, 'off')),
        canAct() ? h('td', { class: 'actions' }, h('button', { class: 'small primary switch-on',
          onclick: () => act(r => 'Job type ' + r.type + ' is switched on', 'types/' + enc(t) + '/switch-on') }, 'Switch on')) : null)))),
    canAct() ? h('form', { class: 'inline-form', onsubmit: switchOff }, input, h('button', { type: 'submit', class: 'danger', id: 'switch-off' }, 'Switch off')) : null);
}

function card(label, value) {
  return h('div', { class: 'card' }, h('div', { class: 'card-value' }, value), h('div', { class: 'card-label' }, label));
}

async function queueView(name, tab, offset) {
  const tabsShown = TABS.filter(t => !t.lifecycle || state.features.lifecycle);
  if (!tabsShown.some(t => t.key === tab)) tab = 'waiting';
  const info = await api('queues/' + enc(name));
  if (info.error) {
    return h('section', {}, h('div', { class: 'crumbs' }, h('a', { href: '#/queues' }, 'Queues'), ' / ', h('strong', { id: 'queue-name' }, name)),
      h('div', { class: 'error-box', id: 'queue-error' }, h('div', { class: 'error-title' }, 'This queue cannot be read'), h('div', {}, info.error)));
  }
  const q = info;
  const [page, stats, cancelled] = await Promise.all([
    api('queues/' + enc(name) + '/' + tab + '?offset=' + offset + '&limit=' + PAGE_SIZE),
    state.features.stats ? api('queues/' + enc(name) + '/stats?minutes=' + STATS_MINUTES).catch(() => null) : Promise.resolve(null),
    state.features.lifecycle ? api('queues/' + enc(name) + '/cancelled?limit=1').catch(() => null) : Promise.resolve(null)]);
  q.cancelled = cancelled ? cancelled.total : 0;
  const base = '#/queues/' + enc(name) + '/';
  const tabs = h('div', { class: 'tabs', role: 'tablist' }, tabsShown.map(t =>
    h('a', { href: base + t.key, class: 'tab' + (t.key === tab ? ' active' : ''), id: 'tab-' + t.key, role: 'tab' },
      t.label, ' ', h('span', { class: 'count' }, fmtNum(t.count(q))))));
  const tools = h('div', { class: 'toolbar' });
  if (state.features.controls && canAct()) tools.append(pauseButton(q, false));
  if (tab === 'waiting' && q.size > 0 && canAct()) {
    tools.append(h('button', { class: 'danger', id: 'purge', onclick: () => act(r => 'Purged ' + r.purged + ' waiting jobs', 'queues/' + enc(name) + '/purge',
      'Delete all ' + q.size + ' waiting jobs of queue "' + name + '"? Jobs in flight finish.') }, 'Purge waiting jobs'));
  }
  if (tab === 'dead' && q.dead > 0 && canAct()) {
    tools.append(h('button', { class: 'primary', id: 'retry-all', onclick: () => act(r => 'Retried ' + r.retried + ' dead jobs', 'queues/' + enc(name) + '/dead/retry-all',
      'Move all ' + q.dead + ' dead jobs of queue "' + name + '" back to it?') }, 'Retry all'));
  }
  return h('section', {},
    h('div', { class: 'crumbs' }, h('a', { href: '#/queues' }, 'Queues'), ' / ', h('strong', { id: 'queue-name' }, name),
      q.paused || q.servingWorkers === 0 ? queueState(q) : null,
      h('span', { class: 'muted' }, q.size ? ' · latency ' + fmtDuration(q.latencyMillis) : '')),
    stats ? throughputPanel('Queue ' + name, stats, 'queue-chart', 110) : null,
    tabs, tools, jobsTable(name, tab, page), pager(base + tab, page));
}

function jobsTable(queue, tab, page) {
  if (page.items.length === 0) return h('p', { class: 'muted empty' }, 'No jobs here.');
  const whenLabel = { 'waiting': 'Enqueued', 'in-flight': 'Held for', 'scheduled': 'Runs', 'dead': 'Died', 'cancelled': 'Cancelled' }[tab];
  const head = h('tr', {}, h('th', {}, 'Job'), h('th', {}, 'Type'), h('th', {}, 'Arguments'), h('th', { class: 'num' }, 'Attempt'),
    h('th', {}, whenLabel), tab === 'in-flight' ? h('th', {}, 'Worker') : h('th', {}, tab === 'waiting' ? '' : 'Last error'), h('th', {}, ''));
  const rows = page.items.map(j => {
    const when = tab === 'scheduled' ? (j.at || j.runAt) : tab === 'dead' ? (j.at || (j.lastError && j.lastError.at))
      : tab === 'cancelled' ? j.at : j.enqueuedAt;
    const actions = h('td', { class: 'actions' });
    if (state.features.lifecycle && ['waiting', 'in-flight', 'scheduled'].includes(tab) && canAct()) {
      actions.append(cancelButton(j.id, true));
    }
    if (tab === 'dead' && canAct()) {
      actions.append(h('button', { class: 'small primary retry', onclick: e => { e.stopPropagation(); act(() => 'Job ' + j.id + ' is back in its queue', 'queues/' + enc(queue) + '/dead/' + enc(j.id) + '/retry'); } }, 'Retry'));
    }
    if (tab !== 'in-flight' && tab !== 'cancelled' && canAct()) {
      actions.append(h('button', { class: 'small delete', onclick: e => { e.stopPropagation(); act(() => 'Deleted job ' + j.id, 'jobs/' + enc(j.id) + '/delete', 'Delete job ' + j.id + '?'); } }, 'Delete'));
    }
    let extra;
    if (tab === 'in-flight') extra = h('td', { class: 'mono small' }, j.workerId || '', progressView(j.progress));
    else if (tab === 'waiting') extra = h('td', {});
    else extra = h('td', { class: 'error-cell' }, j.lastError ? (shortClass(j.lastError.className) + ': ' + (j.lastError.message || '')) : '',
      j.state === 'RETRY' ? h('span', { class: 'pill warn' }, 'retry') : null,
      j.state === 'WAITING_FOR_KEY' ? keyWaitPill(j) : null);
    return h('tr', { dataset: { job: j.id }, class: 'clickable', onclick: () => { location.hash = '#/jobs/' + enc(j.id); } },
      h('td', { class: 'mono' }, h('a', { href: '#/jobs/' + enc(j.id) }, j.id)),
      h('td', {}, j.type),
      h('td', { class: 'mono args' }, truncate(JSON.stringify(j.args), 80)),
      h('td', { class: 'num' }, (j.attempt) + '/' + j.maxAttempts),
      tab === 'in-flight' ? heldForCell(j) : h('td', { title: fmtAbs(when) }, fmtWhen(when)),
      extra, actions);
  });
  return h('table', { class: 'grid jobs', id: 'jobs' }, h('thead', {}, head), h('tbody', {}, rows));
}

// How long the worker has held an in-flight job (it reports since when in its heartbeat); a job its worker
// does not report was just fetched, or its fetch reply was lost (the worker's reconciler returns it within
// seconds), or its worker stopped (the reaper returns it).
function heldForCell(j) {
  if (!j.at) return h('td', { class: 'muted held-for', title: 'Its worker does not report holding it: just fetched, a lost fetch reply (returned to the queue within seconds), or a worker that stopped heartbeating (the reaper returns it)' }, 'not reported');
  return h('td', { class: 'held-for', title: 'held since ' + fmtAbs(j.at) + ' (enqueued ' + fmtAbs(j.enqueuedAt) + ')' }, fmtDuration(Math.max(0, Date.now() - j.at)));
}

// A keyed job put aside while another copy holds its idempotency key's lock.
function keyWaitPill(j) {
  return h('span', { class: 'pill warn key-wait', title: 'Another copy holds the lock of idempotency key "' + j.idempotencyKey + '"' + (j.workerId ? ' (worker ' + j.workerId + ')' : '') + '; this one tries again about every second' }, 'waiting for key');
}

function pager(base, page) {
  const from = page.total === 0 ? 0 : page.offset + 1;
  const to = Math.min(page.offset + page.items.length, page.total);
  const prev = Math.max(0, page.offset - page.limit);
  const next = page.offset + page.limit;
  return h('div', { class: 'pager' },
    h('span', { class: 'muted' }, fmtNum(from) + '–' + fmtNum(to) + ' of ' + fmtNum(page.total)),
    page.offset > 0 ? h('a', { href: base + '?offset=' + prev, class: 'button' }, '‹ Newer') : null,
    next < page.total ? h('a', { href: base + '?offset=' + next, class: 'button' }, 'Older ›') : null);
}

async function jobView(id) {
  const [found, status] = await Promise.all([api('jobs/' + enc(id)).catch(() => null),
    state.features.lifecycle ? api('jobs/' + enc(id) + '/status').catch(() => null) : Promise.resolve(null)]);
  if (!found && !status) {
    return h('section', {}, h('div', { class: 'crumbs' }, h('a', { href: '#/queues' }, 'Queues'), ' / ', id),
      h('p', { class: 'muted' }, 'This job is gone: it finished, was deleted, or never existed.'
        + (state.features.lifecycle ? ' (Jobs enqueued with keepResult stay here, with their result, for their retention.)' : '')));
  }
  if (!found) return finishedJobView(status);
  const j = found;
  const back = '#/queues/' + enc(j.queue) + '/' + ({ WAITING: 'waiting', IN_FLIGHT: 'in-flight', SCHEDULED: 'scheduled', RETRY: 'scheduled', WAITING_FOR_KEY: 'scheduled', DEAD: 'dead', CANCELLED: 'cancelled' }[j.state]);
  const tools = h('div', { class: 'toolbar' });
  if (j.state === 'DEAD' && canAct()) {
    tools.append(h('button', { class: 'primary', id: 'retry-job', onclick: async () => { await act(() => 'Job ' + j.id + ' is back in its queue', 'queues/' + enc(j.queue) + '/dead/' + enc(j.id) + '/retry'); } }, 'Retry'));
  }
  if (state.features.lifecycle && j.state !== 'DEAD' && canAct()) {
    tools.append(cancelButton(j.id, false));
  }
  if (j.state !== 'IN_FLIGHT' && canAct()) {
    tools.append(h('button', { class: 'danger', id: 'delete-job', onclick: async () => { await act(() => 'Deleted job ' + j.id, 'jobs/' + enc(j.id) + '/delete', 'Delete job ' + j.id + '?'); location.hash = back; } }, 'Delete'));
  }
  tools.append(h('button', { onclick: () => render() }, 'Refresh'));
  const fields = [
    ['State', h('span', { class: 'pill ' + stateClass(j.state) }, j.state.replaceAll('_', ' ').toLowerCase())],
    j.state === 'IN_FLIGHT' ? ['Held for', j.at ? fmtDuration(Math.max(0, Date.now() - j.at)) + ' (since ' + fmtAbs(j.at) + ')' : 'not reported by its worker'] : null,
    j.state === 'WAITING_FOR_KEY' ? ['Key locked by', j.workerId ? 'a copy on worker ' + j.workerId : 'another copy'] : null,
    ['Type', j.type], ['Queue', h('a', { href: back }, j.queue)],
    ['Attempt', j.attempt + ' of ' + j.maxAttempts],
    ['Created', fmtAbs(j.createdAt) + ' (' + fmtWhen(j.createdAt) + ')'],
    ['Enqueued', fmtAbs(j.enqueuedAt)],
    j.runAt ? ['Run at', fmtAbs(j.runAt) + ' (' + fmtWhen(j.runAt) + ')'] : null,
    j.workerId && j.state !== 'WAITING_FOR_KEY' ? ['Worker', j.workerId] : null,
    j.progress ? ['Progress', progressView(j.progress)] : null,
    j.recoveries ? ['Recovered from dead workers', String(j.recoveries)] : null,
    j.idempotencyKey ? ['Idempotency key', j.idempotencyKey] : null,
    j.dedupKey ? ['Dedup key', j.dedupKey] : null,
  ].filter(Boolean);
  const meta = Object.entries(j.metadata || {});
  return h('section', { class: 'job' },
    h('div', { class: 'crumbs' }, h('a', { href: '#/queues' }, 'Queues'), ' / ', h('a', { href: back }, j.queue), ' / ', h('strong', { class: 'mono' }, j.id)),
    tools,
    h('dl', { class: 'fields' }, fields.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    h('h3', {}, 'Arguments'),
    h('pre', { class: 'code', id: 'job-args' }, JSON.stringify(j.args, null, 2)),
    meta.length ? [h('h3', {}, 'Metadata'), h('dl', { class: 'fields' }, meta.map(([k, v]) => [h('dt', {}, k), h('dd', { class: 'mono' }, v)]))] : null,
    status ? statusSection(status) : null,
    j.lastError ? [h('h3', {}, 'Last error'),
      h('div', { class: 'error-box', id: 'job-error' },
        h('div', { class: 'error-title' }, j.lastError.className + ': ' + (j.lastError.message || '')),
        h('div', { class: 'muted small' }, fmtAbs(j.lastError.at)),
        j.lastError.stackTrace ? h('pre', { class: 'code stack' }, j.lastError.stackTrace) : null)] : null);
}

// A tracked job that has left its queue (succeeded, cancelled): what its status still says.
function finishedJobView(s) {
  const tools = h('div', { class: 'toolbar' });
  if (!s.final && canAct()) tools.append(cancelButton(s.id, false));
  tools.append(h('button', { onclick: () => render() }, 'Refresh'));
  const back = '#/queues/' + enc(s.queue) + '/' + (s.state === 'CANCELLED' ? 'cancelled' : 'waiting');
  return h('section', { class: 'job' },
    h('div', { class: 'crumbs' }, h('a', { href: '#/queues' }, 'Queues'), ' / ', h('a', { href: back }, s.queue), ' / ', h('strong', { class: 'mono' }, s.id)),
    tools,
    h('dl', { class: 'fields' }, h('dt', {}, 'Type'), h('dd', {}, s.type || ''), h('dt', {}, 'Queue'), h('dd', {}, h('a', { href: back }, s.queue)),
      h('dt', {}, 'Attempt'), h('dd', {}, String(s.attempt)),
      h('dt', {}, 'Created'), h('dd', {}, fmtAbs(s.createdAt) + ' (' + fmtWhen(s.createdAt) + ')'),
      s.workerId ? [h('dt', {}, 'Worker'), h('dd', {}, s.workerId)] : null),
    statusSection(s));
}

function shortClass(name) {
  return (name || '').split('.').pop();
}

function truncate(s, n) {
  s = s === undefined ? '' : s;
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

function stateClass(s) {
  return { WAITING: '', IN_FLIGHT: 'ok', SCHEDULED: '', RETRY: 'warn', WAITING_FOR_KEY: 'warn', DEAD: 'bad', CANCELLED: 'bad' }[s] || '';
}
