// Capstan dashboard: job lifecycles (tracked jobs' status and history, cancelling, batches).
// Loaded before app.js, whose helpers (h, api, act, state, ...) these functions call when a view renders.
'use strict';

const FINAL_STATES = ['SUCCEEDED', 'DEAD', 'CANCELLED'];

function lifecycleStateClass(s) {
  return { RUNNING: 'ok', SUCCEEDED: 'ok', RETRYING: 'warn', WAITING_CHILDREN: 'warn', DEAD: 'bad', CANCELLED: 'bad' }[s] || '';
}

function lifecycleStatePill(s) {
  return h('span', { class: 'pill ' + lifecycleStateClass(s) }, s.replace('_', ' ').toLowerCase());
}

// A Cancel button for a job that has not finished; the confirmation names what happens.
function cancelButton(id, small) {
  return h('button', { class: (small ? 'small ' : '') + 'danger cancel', id: small ? null : 'cancel-job',
    title: 'Waiting or scheduled: removed. Running: its worker interrupts it. Either way it ends cancelled and is not retried.',
    onclick: e => {
      e.stopPropagation();
      act(r => r.result === 'CANCELLED' ? 'Job ' + id + ' is cancelled' : r.result === 'CANCEL_REQUESTED'
        ? 'Job ' + id + ': its worker was told to stop' : 'Job ' + id + ' had already finished',
      'jobs/' + enc(id) + '/cancel', 'Cancel job ' + id + '?');
    } }, 'Cancel');
}

// The status of a tracked job: result, error, progress and the history of its states.
function statusSection(s) {
  const rows = s.history.map(t => h('tr', {},
    h('td', {}, lifecycleStatePill(t.state)),
    h('td', { title: fmtAbs(t.at) }, fmtAbs(t.at)),
    h('td', { class: 'mono small' }, t.detail || '')));
  return [
    h('h3', {}, 'Status'),
    h('dl', { class: 'fields', id: 'job-status' },
      h('dt', {}, 'State'), h('dd', { id: 'status-state' }, lifecycleStatePill(s.state),
        s.cancelRequested && !s.final ? h('span', { class: 'pill warn' }, 'cancel requested') : null),
      s.progress !== null && s.progress !== undefined ? [h('dt', {}, 'Progress'), h('dd', {}, progressView(s.progress + '% ' + (s.progressMessage || '')))] : null,
      s.pendingChildren ? [h('dt', {}, 'Waiting for'), h('dd', {}, s.pendingChildren + ' child job(s)')] : null,
      s.batchId ? [h('dt', {}, 'Batch'), h('dd', {}, h('a', { href: '#/batches' }, s.batchId))] : null,
      s.parentId ? [h('dt', {}, 'Flow parent'), h('dd', {}, h('a', { href: '#/jobs/' + enc(s.parentId) }, s.parentId))] : null,
      s.updatedAt ? [h('dt', {}, 'Last change'), h('dd', {}, fmtAbs(s.updatedAt) + ' (' + fmtWhen(s.updatedAt) + ')')] : null),
    s.result !== null && s.result !== undefined ? [h('h3', {}, 'Result'), h('pre', { class: 'code', id: 'job-result' }, prettyJson(s.result))] : null,
    s.error && !FINAL_STATES.includes(s.state) || s.state === 'DEAD' ? [h('h3', {}, s.state === 'DEAD' ? 'Reason' : 'Last error'),
      h('div', { class: 'error-box', id: 'status-error' }, h('div', { class: 'error-title' }, s.error || ''))] : null,
    h('h3', {}, 'History'),
    h('table', { class: 'grid', id: 'job-history' }, h('thead', {}, h('tr', {}, h('th', {}, 'State'), h('th', {}, 'At'), h('th', {}, 'Detail'))),
      h('tbody', {}, rows))];
}

function prettyJson(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch (e) {
    return text;
  }
}

async function batchesView() {
  const page = await api('batches?limit=' + PAGE_SIZE + '&offset=' + route().offset);
  if (page.items.length === 0) return h('section', {}, h('h2', {}, 'Batches'), h('p', { class: 'muted' }, 'No batches yet.'));
  const rows = page.items.map(b => {
    const done = b.total - b.pending;
    const pct = b.total ? Math.round(100 * done / b.total) : (b.sealed ? 100 : 0);
    const stateText = b.succeededAt ? 'succeeded' : b.completedAt ? 'complete' : b.sealed ? 'running' : 'open';
    const stateCls = b.succeededAt ? 'ok' : b.completedAt ? 'bad' : b.sealed ? '' : 'warn';
    return h('tr', { dataset: { batch: b.id } },
      h('td', { class: 'mono' }, b.id),
      h('td', {}, b.description),
      h('td', { class: 'c-progress' }, h('div', { class: 'meter', title: done + ' of ' + b.total + ' finished' },
        h('div', { class: 'meter-fill', style: { width: pct + '%' } })), ' ' + pct + '%'),
      h('td', { class: 'num c-total' }, fmtNum(b.total)),
      h('td', { class: 'num c-pending' }, fmtNum(b.pending)),
      h('td', { class: 'num c-succeeded' }, fmtNum(b.succeeded)),
      h('td', { class: 'num c-dead' + (b.dead ? ' bad' : '') }, fmtNum(b.dead)),
      h('td', { class: 'num c-cancelled' }, fmtNum(b.cancelled)),
      h('td', { class: 'c-state' }, h('span', { class: 'pill ' + stateCls }, stateText)),
      h('td', { title: fmtAbs(b.createdAt) }, fmtWhen(b.createdAt)));
  });
  const heads = ['Batch', 'Description', 'Progress', ['Total', 'num'], ['Pending', 'num'], ['Succeeded', 'num'], ['Dead', 'num'],
    ['Cancelled', 'num'], 'State', 'Created'];
  return h('section', {}, h('h2', {}, 'Batches'),
    h('table', { class: 'grid', id: 'batches' },
      h('thead', {}, h('tr', {}, heads.map(t => Array.isArray(t) ? h('th', { class: t[1] }, t[0]) : h('th', {}, t)))),
      h('tbody', {}, rows)),
    pager('#/batches', page));
}
