// Capstan dashboard: throughput charts drawn as inline SVG by the page itself (no library, nothing fetched).
// Loaded before app.js, whose helpers (h, fmtNum) these functions call when a view renders.
'use strict';

const SVG_NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) el.setAttribute(k, v);
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

const sum = a => a.reduce((x, y) => x + y, 0);
const fmtClock = ms => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

// The smallest of 1, 2, 5 × 10^k at or above v, so the axis reads in round numbers.
function niceCeil(v) {
  if (v <= 1) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function throughputPanel(title, t, id, height) {
  const n = t.processed.length;
  const done = sum(t.processed), failed = sum(t.failed);
  const lastFull = n >= 2 ? t.processed[n - 2] + t.failed[n - 2] : 0;
  const main = document.getElementById('main');
  const width = Math.max(320, (main ? main.clientWidth : 1000) - 48 - 34);
  return h('div', { class: 'panel chart-panel' },
    h('div', { class: 'chart-head' },
      h('strong', {}, title), h('span', { class: 'muted' }, ' · jobs per minute, last ' + n + ' minutes'),
      h('span', { class: 'legend' },
        h('span', { class: 'swatch ok' }), ' processed ', h('strong', { class: 'legend-processed' }, fmtNum(done)),
        h('span', { class: 'swatch bad' }), ' failed ', h('strong', { class: 'legend-failed' }, fmtNum(failed)),
        h('span', { class: 'muted' }, ' · last minute ' + fmtNum(lastFull)))),
    barChart(t, id, width, height));
}

function barChart(t, id, width, height) {
  const n = t.processed.length;
  const pad = { left: 44, right: 6, top: 8, bottom: 20 };
  const w = width - pad.left - pad.right, hgt = height - pad.top - pad.bottom;
  const totals = t.processed.map((p, i) => p + t.failed[i]);
  const top = niceCeil(Math.max(...totals, 0));
  const y = v => pad.top + hgt - (v / top) * hgt;
  const step = w / n, barW = Math.max(1, step * 0.72);
  const grid = [0, top / 2, top].map(v => [
    svg('line', { class: 'grid-line', x1: pad.left, x2: width - pad.right, y1: y(v), y2: y(v) }),
    Number.isInteger(v) ? svg('text', { class: 'axis-label', x: pad.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, fmtNum(v)) : null]);
  const bars = t.processed.map((p, i) => {
    const f = t.failed[i], x = pad.left + i * step + (step - barW) / 2;
    const at = t.firstMinute + i * 60000;
    return svg('g', { class: 'bar' },
      svg('title', {}, fmtClock(at) + ': ' + fmtNum(p) + ' processed, ' + fmtNum(f) + ' failed'),
      svg('rect', { class: 'bar-hit', x: pad.left + i * step, y: pad.top, width: step, height: hgt }),
      p > 0 ? svg('rect', { class: 'bar-ok', x, y: y(p), width: barW, height: y(0) - y(p) }) : null,
      f > 0 ? svg('rect', { class: 'bar-bad', x, y: y(p + f), width: barW, height: y(p) - y(p + f) }) : null);
  });
  const ticks = [0, Math.round(n / 4), Math.round(n / 2), Math.round(3 * n / 4), n - 1].filter((v, i, a) => a.indexOf(v) === i && v >= 0);
  const labels = ticks.map(i => svg('text', { class: 'axis-label', x: pad.left + i * step + step / 2, y: height - 5,
    'text-anchor': i === 0 ? 'start' : i === n - 1 ? 'end' : 'middle' }, i === n - 1 ? 'now' : fmtClock(t.firstMinute + i * 60000)));
  return svg('svg', { id, class: 'chart', width, height, viewBox: '0 0 ' + width + ' ' + height, role: 'img',
    'aria-label': 'jobs processed and failed per minute' },
    grid, bars, labels,
    top === 1 && Math.max(...totals, 0) === 0 ? svg('text', { class: 'axis-label empty-chart', x: pad.left + w / 2, y: pad.top + hgt / 2, 'text-anchor': 'middle' }, 'no jobs finished in this time') : null);
}

function sparkline(t) {
  const width = 96, height = 22, n = t.processed.length;
  const top = Math.max(1, ...t.processed, ...t.failed);
  const pt = (v, i) => (n === 1 ? 0 : (i * (width - 2)) / (n - 1) + 1).toFixed(1) + ',' + (height - 2 - (v / top) * (height - 4)).toFixed(1);
  const line = a => a.map(pt).join(' ');
  return svg('svg', { class: 'spark', width, height, viewBox: '0 0 ' + width + ' ' + height, 'aria-hidden': 'true' },
    svg('polygon', { class: 'spark-area', points: '1,' + (height - 2) + ' ' + line(t.processed) + ' ' + (width - 1) + ',' + (height - 2) }),
    svg('polyline', { class: 'spark-ok', points: line(t.processed) }),
    sum(t.failed) > 0 ? svg('polyline', { class: 'spark-bad', points: line(t.failed) }) : null);
}

