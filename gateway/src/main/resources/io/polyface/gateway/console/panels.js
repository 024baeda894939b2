// The read-only pages: overview (engines, traffic, routes), shadow diffs, jobs, coverage, calibration.
import { h, fill, admin, adminRaw, fmt, percent, ago, table, chip, empty, sparkline } from './core.js';

const $ = (id) => document.getElementById(id);

// ---- engines ------------------------------------------------------------------------------

const BREAKER_KIND = { CLOSED: 'ok', HALF_OPEN: 'warn', OPEN: 'bad' };

export async function renderEngines() {
  const { engines } = await admin('/admin/console/engines');
  fill($('engines'), engines.length ? engines.map(engineCard) : empty('No engine is running.'));
}

function engineCard(engine) {
  const details = Object.entries(engine.details).filter(([key]) => key !== 'breaker');
  return h('article', { class: 'card engine', dataset: { engine: engine.name } },
    h('div', { class: 'card-head' },
      h('h3', {}, engine.name),
      h('div', {},
        engine.breaker ? chip('breaker ' + engine.breaker.toLowerCase().replace('_', '-'), BREAKER_KIND[engine.breaker] || '') : null,
        ' ',
        chip(engine.ready ? 'ready' : 'down', engine.ready ? 'ok' : 'bad'))),
    h('dl', { class: 'kv' },
      h('dt', {}, 'feature version'), h('dd', {}, engine.featureVersion || '–'),
      h('dt', {}, 'can extract'), h('dd', {}, (engine.featureVersions || []).map((v) => v.name).join(', ') || '–'),
      details.map(([key, value]) => [h('dt', {}, key), h('dd', {}, value)])));
}

// ---- traffic ------------------------------------------------------------------------------

const HISTORY = 100; // samples kept per dialect: 5 minutes at one every 3 s
const traffic = { previous: null, history: new Map() };

/** Takes one sample of /admin/console/traffic and keeps the differences with the previous one. */
export async function sampleTraffic() {
  const now = await admin('/admin/console/traffic');
  const before = traffic.previous;
  traffic.previous = now;
  if (!before) {
    now.dialects.forEach((d) => traffic.history.set(d.dialect, []));
    return;
  }
  const seconds = Math.max(0.001, (now.at - before.at) / 1000);
  for (const d of now.dialects) {
    const old = before.dialects.find((o) => o.dialect === d.dialect);
    if (!old) continue;
    const requests = d.requests - old.requests;
    const timed = d.latency.count - old.latency.count;
    const sample = {
      rate: requests / seconds,
      errors: requests ? (d.serverErrors - old.serverErrors + d.clientErrors - old.clientErrors) / requests : null,
      meanMs: timed ? (d.latency.seconds - old.latency.seconds) / timed * 1000 : null,
      p95Ms: quantile(d.latency.buckets, old.latency.buckets, timed, 0.95),
      total: d.requests,
    };
    const list = traffic.history.get(d.dialect) || [];
    list.push(sample);
    if (list.length > HISTORY) list.shift();
    traffic.history.set(d.dialect, list);
  }
}

/** The upper bound of the bucket holding the q-quantile of the interval, in ms. */
function quantile(now, before, count, q) {
  if (!count) return null;
  const target = q * count;
  for (const bucket of now) {
    const old = before.find((b) => b.le === bucket.le);
    if (bucket.count - (old ? old.count : 0) >= target) return bucket.le * 1000;
  }
  return null;
}

export function renderTraffic() {
  const cards = [...traffic.history.entries()].map(([dialect, samples]) => {
    const last = samples[samples.length - 1] || {};
    const latencyMs = samples.map((s) => s.meanMs || 0);
    return h('article', { class: 'card', dataset: { dialect } },
      h('div', { class: 'card-head' }, h('h3', {}, dialect), h('span', { class: 'hint' }, fmt(last.total ?? 0, 0) + ' since start')),
      h('div', { class: 'metric-row' },
        metric(fmt(last.rate, 2), 'req/s'),
        metric(last.errors === null || last.errors === undefined ? '–' : percent(last.errors, 0), 'errors'),
        metric(last.meanMs === null || last.meanMs === undefined ? '–' : fmt(last.meanMs, 0), 'ms mean'),
        metric(last.p95Ms === null || last.p95Ms === undefined ? '–' : fmt(last.p95Ms, 0), 'ms p95',
          'at most: the upper bound of the latency bucket holding the 95th percentile')),
      sparkline([{ values: samples.map((s) => s.rate) }, { values: latencyMs, cls: 'lat' }]),
      h('div', { class: 'spark-legend' }, h('span', {}, h('i'), 'requests/s'), h('span', {}, h('i', { class: 'lat' }), 'mean latency')));
  });
  fill($('traffic'), cards.length ? cards : empty('Waiting for the first samples…'));
}

function metric(value, label, title) {
  return h('div', { class: 'metric', title }, h('b', {}, value), h('span', {}, label));
}

// ---- routes -------------------------------------------------------------------------------

export async function renderRoutes() {
  const table_ = await admin('/admin/routes');
  const groups = new Map();
  for (const rule of table_.routes) {
    const key = [rule.dialect, rule.tenant || '', rule.collections || ''].join('\u0000');
    groups.set(key, (groups.get(key) || 0) + rule.weight);
  }
  const share = (rule) => {
    const total = groups.get([rule.dialect, rule.tenant || '', rule.collections || ''].join('\u0000'));
    return total ? rule.weight / total : 1;
  };
  fill($('routes'),
    h('p', {}, 'Requests no rule takes go to ', h('b', {}, table_.defaultEngine), '. The first rule that matches a request takes it;'
      + ' rules with the same selector share its traffic by weight (per collection, so a collection stays on one engine).'),
    table_.routes.length ? table([
      ['dialect', (r) => r.dialect],
      ['tenant', (r) => r.tenant || '*'],
      ['collections', (r) => r.collections || '*'],
      ['engine', (r) => h('b', {}, r.engine)],
      ['weight', (r) => h('div', { class: 'weight' }, h('div', { class: 'bar' }, h('i', { style: `width:${share(r) * 100}%` })),
        `${r.weight} (${percent(share(r), 0)})`)],
      ['shadow', (r) => r.shadow || '–'],
      ['failover', (r) => r.failover || '–'],
    ], table_.routes) : empty('No route rules: every request goes to ' + table_.defaultEngine + '.'));
}

// ---- shadow -------------------------------------------------------------------------------

export async function renderShadow() {
  const shadow = await admin('/admin/shadow');
  fill($('shadow-totals'), shadow.comparisons.length ? table([
    ['primary → shadow', (c) => c.primary + ' → ' + c.shadow],
    ['call', (c) => h('code', {}, c.call)],
    ['compared', (c) => fmt(c.compared, 0), 'num'],
    ['different', (c) => fmt(c.different, 0), 'num'],
    ['diff rate', (c) => chip(percent(c.diffRate), c.diffRate > 0.05 ? 'bad' : c.diffRate > 0 ? 'warn' : 'ok'), 'num'],
    ['noise', (c) => fmt(c.noise, 0), 'num'],
    ['skipped', (c) => fmt(c.skipped, 0), 'num'],
    ['fields that differ', (c) => c.fields.filter((f) => f.different).map((f) => `${f.field} ×${f.different}`).join(', ') || '–'],
  ], shadow.comparisons) : empty('No shadowed calls yet. A route with "shadow: <engine>" copies its calls to that engine.'));
  fill($('shadow-latest'), shadow.latest.length ? shadow.latest.map(diffCard) : empty('No differences so far.'));
}

function diffCard(entry) {
  return h('article', { class: 'panel diff' },
    h('div', { class: 'diff-head' },
      h('b', {}, entry.call), h('span', {}, entry.primary + ' → ' + entry.shadow),
      h('span', {}, 'dialect ', h('b', {}, entry.dialect)), h('span', {}, 'tenant ', h('b', {}, entry.tenant)),
      entry.collection ? h('span', {}, 'collection ', h('b', {}, entry.collection)) : null,
      h('span', { title: entry.at }, ago(entry.at)),
      entry.noise && entry.noise.length ? chip('noise: ' + entry.noise.join(', ')) : null),
    table([
      ['field', (d) => d.field],
      ['primary (' + entry.primary + ')', (d) => d.primary],
      ['shadow (' + entry.shadow + ')', (d) => d.shadow],
    ], entry.differences));
}

// ---- jobs ---------------------------------------------------------------------------------

export async function renderJobs() {
  const jobs = await admin('/admin/console/jobs');
  fill($('migration-note'), jobs.migration);
  const unavailable = jobs.unavailable.map((u) => h('p', { class: 'empty' }, `${u.engine}${u.tenant ? ' (tenant ' + u.tenant + ')' : ''}: ${u.error}`));
  fill($('jobs'),
    h('h3', {}, 'Feature jobs'),
    h('p', { class: 'sub' }, 'Re-extraction of a collection\'s faces, to a new feature version or the same one again,'
      + ' for the tenants ' + jobs.tenants.join(', ') + '.'),
    jobs.jobs.length ? table([
      ['engine', (j) => j.engine],
      ['collection', (j) => h('b', {}, j.collection)],
      ['tenant', (j) => j.tenant],
      ['versions', (j) => j.from === j.to ? j.to + ' (re-run)' : j.from + ' → ' + j.to],
      ['status', (j) => chip(j.status.toLowerCase(), { FINISHED: 'ok', RUNNING: 'info', FAILED: 'bad' }[j.status])],
      ['progress', (j) => h('div', { class: 'progress ' + j.status.toLowerCase(), title: `${j.done} of ${j.total}` },
        h('i', { style: `width:${j.total ? (j.done / j.total) * 100 : 100}%` }))],
      ['done', (j) => `${j.done} / ${j.total}` + (j.failed ? ` (${j.failed} failed)` : ''), 'num'],
      ['started', (j) => h('span', { title: j.startedAt }, ago(j.startedAt))],
      ['', (j) => j.error || ''],
    ], jobs.jobs) : empty('No feature jobs.'),
    unavailable);
}

// ---- coverage -----------------------------------------------------------------------------

const CELL_MARK = { covered: '✓', failed: '✗', not_applicable: '–', uncovered: '·' };

export async function renderCoverage() {
  const coverage = await admin('/admin/console/coverage');
  if (!coverage.reports.length) {
    fill($('coverage'), howTo(coverage.hint, coverage.configured ? null : [
      'console:', '  coverage-dir: conformance-tests/target/conformance-report']));
    return;
  }
  fill($('coverage'),
    h('p', { class: 'sub' }, 'From ', h('code', {}, coverage.dir)),
    coverage.reports.map(matrix),
    coverage.unreadable.map((u) => h('p', { class: 'empty' }, `${u.file}: ${u.error}`)));
}

function matrix(report) {
  const operations = [...new Set(report.cells.map((c) => c.operation))];
  // Success first and then in numeric order, as the report's Markdown has them.
  const codes = [...new Set(report.cells.map((c) => c.code))].sort((a, b) => (Number(a) - Number(b)) || a.localeCompare(b));
  const byKey = new Map(report.cells.map((c) => [c.operation + ' ' + c.code, c]));
  const count = (status) => report.cells.filter((c) => c.status === status).length;
  return h('article', { class: 'panel', style: 'margin-bottom:16px', dataset: { dialect: report.dialect } },
    h('div', { class: 'card-head' },
      h('h3', {}, report.dialect),
      h('div', {},
        chip(report.coverage_percent + '% covered', report.coverage_percent >= 100 ? 'ok' : 'warn'), ' ',
        count('failed') ? chip(count('failed') + ' failing', 'bad') : null)),
    h('p', { class: 'sub' }, `${report.cells.length} documented cells in ${report.contract}`),
    h('div', { class: 'matrix-wrap' }, h('table', { class: 'matrix' },
      h('thead', {}, h('tr', {}, h('th', {}, 'operation'), codes.map((c) => h('th', {}, c)))),
      h('tbody', {}, operations.map((op) => h('tr', {}, h('td', {}, op), codes.map((code) => {
        const cell = byKey.get(op + ' ' + code);
        if (!cell) return h('td', {});
        const tests = cell.tests.map((t) => `${t.name}: ${t.status}`).join('\n');
        return h('td', { class: cell.status, title: `${op} → ${code} (section ${cell.section}): ${cell.status}\n${tests}` },
          CELL_MARK[cell.status] || '?');
      })))))),
    h('div', { class: 'legend' },
      [['covered', '#d9f2e1'], ['failed', '#f9d7d7'], ['uncovered', '#fdf0d8'], ['not applicable', '#eef0f3']]
        .map(([label, colour]) => h('span', {}, h('i', { style: 'background:' + colour }), label))));
}

// ---- calibration --------------------------------------------------------------------------

export async function renderCalibration() {
  const report = await admin('/admin/console/calibration');
  if (!report.files.length) {
    fill($('calibration'), howTo(report.hint, report.configured ? null : [
      './polyface calibrate --out calibration-report', '', '# polyface.yaml', 'console:', '  calibration-dir: calibration-report']));
    return;
  }
  const svgs = report.files.filter((f) => f.kind === 'svg');
  const numbers = report.files.filter((f) => f.kind === 'json');
  const others = report.files.filter((f) => f.kind !== 'svg' && f.kind !== 'json');
  const versions = [...new Set(svgs.map((f) => f.name.replace(/-[^-]*\.svg$/, '')))];
  const figures = await Promise.all(svgs.map(async (f) => {
    const blob = await (await adminRaw('/admin/console/calibration/' + encodeURIComponent(f.name))).blob();
    return { file: f, url: URL.createObjectURL(new Blob([blob], { type: 'image/svg+xml' })) };
  }));
  const texts = await Promise.all(numbers.map(async (f) =>
    ({ file: f, text: await (await adminRaw('/admin/console/calibration/' + encodeURIComponent(f.name))).text() })));
  fill($('calibration'),
    h('p', { class: 'sub' }, 'From ', h('code', {}, report.dir)),
    versions.map((version) => [
      h('h3', { class: 'version' }, 'Feature version ', h('code', {}, version)),
      h('div', { class: 'figures' }, figures.filter((f) => f.file.name.startsWith(version + '-')).map((f) =>
        h('figure', {}, h('img', { src: f.url, alt: f.file.name }), h('figcaption', {}, f.file.name))))]),
    texts.map(({ file, text }) => [h('h2', {}, file.name), h('pre', { class: 'json' }, pretty(text))]),
    others.length ? [h('h2', {}, 'other files'), h('ul', {}, others.map((f) => h('li', {}, h('code', {}, f.name), ` (${fmt(f.bytes, 0)} bytes)`)))] : null);
}

function pretty(text) {
  try { return JSON.stringify(JSON.parse(text), null, 2); } catch (e) { return text; }
}

function howTo(hint, lines) {
  return h('div', { class: 'note' }, h('p', { style: 'margin-top:0' }, hint), lines ? h('pre', {}, lines.join('\n')) : null);
}
