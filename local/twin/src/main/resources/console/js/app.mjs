// The console page: state machines, executions, the live graph, state details, map runs and the history table.
// Everything shown comes from the Step Functions API (sfn.mjs) and is put on the page as text (dom.mjs).
import { call, all, newEvents, SfnError } from './sfn.mjs';
import { layoutDefinition } from './graph.mjs';
import { drawGraph } from './render.mjs';
import { foldHistory, durationSeconds, formatDuration, isoDate, eventMatches, detailsOf, STATUSES } from './status.mjs';
import { el, add, clear, prettyJson } from './dom.mjs';
import { exportSvg, exportPng } from './export.mjs';
import { timelineModel, drawTimeline } from './timeline.mjs';
import { throughputModel, drawThroughput, drawSteps, drawBars } from './chart.mjs';
import { getJson, runIdOf, metricsModel, jobView, rejectsView, scheduleView, jobHref, METRIC_SERIES } from './etl.mjs';
import { summarizeChild, aggregateChildren, totalsBadge, totalsText, mapRunBadge } from './maptotals.mjs';

const doc = document;
const $ = (id) => doc.getElementById(id);
const api = (op, body) => call(window.fetch.bind(window), op, body);
const POLL_MS = 1000;
const HISTORY_PAGE = 100;
const MAX_CHILDREN_SHOWN = 200;
const MAX_TIMELINE_CHUNKS = 300;
const MAX_OUTPUTS_PER_POLL = 50;
const MAX_CHILD_HISTORIES_PER_POLL = 200;
const PARALLEL_CHILD_READS = 8;
const ETL_POLL_TICKS = 5; // the job record, rejects and metrics of a running ETL run: every 5 s
const SCHEDULE_POLL_TICKS = 30;
const REJECTS_SHOWN = 20;
const MAX_TRAILING_POLLS = 30;

const ui = {
  machineArn: null,
  machine: null,
  painter: null,
  layout: null,
  executions: [],
  execArn: null,
  exec: null,
  events: [],
  fold: null,
  mapRuns: [],
  child: null, // {arn, fold} of the map-run child shown inside the Map box
  chunkOutputs: new Map(), // child execution ARN -> parsed output (for the throughput chart)
  childPinned: false,
  childSummaries: new Map(), // child execution ARN -> summarizeChild (every child, for the Map box's totals)
  childLive: new Map(), // running child ARN -> {events} (to read only its new events next time)
  etl: null, // {run, job, rejects, metrics, status}: the open execution's ETL run, from the twin's /console/api/
  selected: null,
  historyPage: 0,
  zoom: 1,
  busy: false,
};

function ms(e) {
  return e instanceof SfnError ? e.message : String(e?.message ?? e);
}

function showError(e) {
  $('error').textContent = e ? ms(e) : '';
  $('error').hidden = !e;
}

function statusBadge(status) {
  const s = String(status ?? '');
  return el(doc, 'span', { class: 'badge-status st-' + s.toLowerCase().replace(/[^a-z_]/g, '') }, s);
}

// ---- state machines

async function loadMachines() {
  const machines = await all(window.fetch.bind(window), 'ListStateMachines', { maxResults: 1000 }, 'stateMachines');
  const select = clear($('machine'));
  for (const m of machines) {
    select.appendChild(el(doc, 'option', { value: m.stateMachineArn }, m.name));
  }
  $('no-machines').hidden = machines.length > 0;
  const wanted = new URLSearchParams(location.hash.slice(1)).get('machine');
  const pick = machines.find((m) => m.stateMachineArn === wanted) ?? machines[0];
  if (pick) {
    select.value = pick.stateMachineArn;
    await openMachine(pick.stateMachineArn);
  }
}

async function openMachine(arn) {
  ui.machineArn = arn;
  ui.machine = await api('DescribeStateMachine', { stateMachineArn: arn });
  $('machine-type').textContent = ui.machine.type ?? '';
  let definition;
  try {
    definition = JSON.parse(ui.machine.definition);
  } catch (e) {
    throw new Error(`the definition of ${ui.machine.name} is not JSON: ${e.message}`);
  }
  const t0 = performance.now();
  const { layout } = await layoutDefinition(new window.ELK(), definition);
  ui.layout = layout;
  ui.painter = drawGraph(doc, $('graph'), layout, selectState);
  $('layout-time').textContent = `${layout.shapes.filter((s) => s.kind === 'state').length} states laid out in ${Math.round(performance.now() - t0)} ms`;
  applyZoom();
  ui.execArn = null;
  await refreshExecutions();
  const wanted = new URLSearchParams(location.hash.slice(1)).get('execution');
  if (wanted) {
    await openExecution(wanted);
  }
}

// ---- executions

async function refreshExecutions() {
  if (!ui.machineArn) {
    return;
  }
  const statusFilter = $('status-filter').value || undefined;
  const res = await api('ListExecutions', { stateMachineArn: ui.machineArn, maxResults: 100, statusFilter });
  ui.executions = res.executions ?? [];
  const body = clear($('executions'));
  for (const x of ui.executions) {
    const row = el(doc, 'tr', { class: x.executionArn === ui.execArn ? 'selected' : '' },
      el(doc, 'td', {}, x.name), el(doc, 'td', {}, statusBadge(x.status)),
      el(doc, 'td', { title: isoDate(x.startDate) }, isoDate(x.startDate).replace('T', ' ').slice(0, 19)),
      el(doc, 'td', { class: 'num' }, formatDuration(durationSeconds(x.startDate, x.stopDate ?? Date.now() / 1000))));
    row.addEventListener('click', () => openExecution(x.executionArn).catch(showError));
    body.appendChild(row);
  }
  $('executions-empty').hidden = ui.executions.length > 0;
}

async function openExecution(arn) {
  ui.execArn = arn;
  ui.exec = null;
  ui.events = [];
  ui.fold = null;
  ui.mapRuns = [];
  ui.child = null;
  ui.childPinned = false;
  ui.chunkOutputs = new Map();
  ui.childSummaries = new Map();
  ui.childLive = new Map();
  ui.etl = null;
  ui.historyPage = 0;
  ui.trailingPolls = 0;
  const params = new URLSearchParams({ machine: ui.machineArn, execution: arn });
  history.replaceState(null, '', '#' + params.toString());
  await refreshExecution();
  await refreshExecutions();
}

async function refreshExecution() {
  if (!ui.execArn) {
    return;
  }
  const arn = ui.execArn;
  const exec = await api('DescribeExecution', { executionArn: arn });
  const lastId = ui.events.length ? ui.events[ui.events.length - 1].id : 0;
  const fresh = await newEvents(window.fetch.bind(window), arn, lastId);
  if (arn !== ui.execArn) {
    return; // another execution was opened meanwhile
  }
  ui.exec = exec;
  if (fresh.length || !ui.fold) {
    ui.events = ui.events.concat(fresh);
    ui.fold = foldHistory(ui.events);
  }
  await refreshMapRuns();
  await refreshEtl();
  paint();
  renderExecution();
  renderEtl();
  renderState();
  renderHistory();
  renderTimeline();
  renderThroughput();
  // then the children's histories for the Map box's totals (after the first paint: a big map takes a few polls)
  const children = ui.mapRuns.flatMap((r) => r.children);
  if (children.length && await refreshChildSummaries(children) && arn === ui.execArn) {
    paint();
    renderMapRuns();
    renderState();
  }
}

function renderThroughput() {
  const children = ui.mapRuns.flatMap((r) => r.children);
  const model = ui.exec ? throughputModel(children, ui.chunkOutputs, ui.exec.startDate) : null;
  $('throughput-section').hidden = !model;
  if (!model) {
    return;
  }
  const last = model.points[model.points.length - 1];
  $('throughput-summary').textContent = `${model.chunks} chunks done · ${last.read.toLocaleString('en')} rows read, `
    + `${last.loaded.toLocaleString('en')} loaded, ${last.rejected.toLocaleString('en')} rejected`
    + (model.rowsPerSecond ? ` · ${model.rowsPerSecond.toLocaleString('en')} rows/s read` : '')
    + (ui.chunkOutputsPending ? ' · reading more chunk results…' : '');
  drawThroughput(doc, $('throughput'), model, Math.max(300, $('right').clientWidth - 8), 150);
}

function renderTimeline() {
  const children = ui.mapRuns.flatMap((r) => r.children).slice(0, MAX_TIMELINE_CHUNKS);
  const model = timelineModel(ui.fold, children, ui.exec?.stopDate ?? Date.now() / 1000);
  drawTimeline(doc, $('timeline'), model, Math.max(600, $('timeline-scroll').clientWidth - 20));
}

function running(x) {
  return x?.status === 'RUNNING';
}

// DescribeExecution can report the end before the history holds its last events (StopExecution answers at once):
// a finished execution is polled until its history ends the same way, at most MAX_TRAILING_POLLS times.
function historyBehind() {
  return Boolean(ui.exec) && !running(ui.exec) && ui.fold?.execution.status !== ui.exec.status
    && ui.trailingPolls < MAX_TRAILING_POLLS;
}

// ---- map runs (Distributed Map)

async function refreshMapRuns() {
  const list = await all(window.fetch.bind(window), 'ListMapRuns', { executionArn: ui.execArn, maxResults: 1000 }, 'mapRuns');
  const runs = [];
  for (const r of list) {
    const known = ui.mapRuns.find((m) => m.mapRunArn === r.mapRunArn);
    const done = known && known.describe && known.describe.status !== 'RUNNING';
    const describe = done ? known.describe : await api('DescribeMapRun', { mapRunArn: r.mapRunArn });
    let children = known?.children ?? [];
    if (!done || children.length === 0) {
      const res = await api('ListExecutions', { mapRunArn: r.mapRunArn, maxResults: 1000 });
      children = res.executions ?? [];
    }
    runs.push({ mapRunArn: r.mapRunArn, describe, children, stateName: mapStateOf(r.mapRunArn) });
  }
  ui.mapRuns = runs;
  await fetchChunkOutputs(runs.flatMap((r) => r.children));
  await refreshChild();
  renderMapRuns();
}

// Outputs of succeeded children, each fetched once, a few per poll: the chunk results the throughput chart sums.
async function fetchChunkOutputs(children) {
  const missing = children.filter((c) => c.status === 'SUCCEEDED' && !ui.chunkOutputs.has(c.executionArn))
    .slice(0, MAX_OUTPUTS_PER_POLL);
  for (const c of missing) {
    const d = await api('DescribeExecution', { executionArn: c.executionArn });
    let out = null;
    try {
      out = JSON.parse(d.output ?? 'null');
    } catch {
      out = null;
    }
    ui.chunkOutputs.set(c.executionArn, out);
  }
  ui.chunkOutputsPending = children.some((c) => c.status === 'SUCCEEDED' && !ui.chunkOutputs.has(c.executionArn));
}

// What every child did, for the totals in the Map's box: running children are read again each poll (only their new
// events), finished ones once and then kept as a small summary; at most MAX_CHILD_HISTORIES_PER_POLL reads a poll,
// PARALLEL_CHILD_READS at a time. Returns whether anything was read.
async function refreshChildSummaries(children) {
  // the maps of this execution: another one may be opened while the reads run
  const summaries = ui.childSummaries;
  const lives = ui.childLive;
  const todo = children.filter((c) => c.status === 'RUNNING')
    .concat(children.filter((c) => c.status !== 'RUNNING' && !summaries.get(c.executionArn)?.final))
    .slice(0, MAX_CHILD_HISTORIES_PER_POLL);
  const readOne = async (c) => {
    const live = lives.get(c.executionArn) ?? { events: [] };
    const lastId = live.events.length ? live.events[live.events.length - 1].id : 0;
    live.events = live.events.concat(await newEvents(window.fetch.bind(window), c.executionArn, lastId));
    const summary = summarizeChild(foldHistory(live.events));
    summary.final = c.status !== 'RUNNING' && summary.status !== 'RUNNING';
    summaries.set(c.executionArn, summary);
    if (summary.final) {
      lives.delete(c.executionArn);
    } else {
      lives.set(c.executionArn, live);
    }
  };
  for (let i = 0; i < todo.length; i += PARALLEL_CHILD_READS) {
    await Promise.all(todo.slice(i, i + PARALLEL_CHILD_READS).map(readOne));
  }
  if (summaries === ui.childSummaries) {
    ui.childSummariesPending = children.some((c) => c.status !== 'RUNNING' && !summaries.get(c.executionArn)?.final);
  }
  return todo.length > 0;
}

// ---- ETL run (the twin's read-only endpoint: job record, first rejects, metrics)

async function refreshEtl() {
  const x = ui.exec;
  const run = runIdOf(x);
  if (!x || !run) {
    ui.etl = null;
    return;
  }
  const known = ui.etl?.run === run ? ui.etl : null;
  const stale = !known || known.status !== x.status || (running(x) && ui.tickCount % ETL_POLL_TICKS === 0);
  if (!stale) {
    return;
  }
  const fetchFn = window.fetch.bind(window);
  const job = await getJson(fetchFn, 'job/' + encodeURIComponent(run));
  if (!job) {
    ui.etl = { run, status: x.status, job: null };
    return;
  }
  const rejects = await getJson(fetchFn, `rejects/${encodeURIComponent(run)}?limit=${REJECTS_SHOWN}`);
  const metrics = await getJson(fetchFn, 'metrics/' + encodeURIComponent(run));
  if (ui.exec !== x) {
    return; // another execution was opened meanwhile
  }
  ui.etl = { run, status: x.status, job, rejects, metrics };
}

function renderEtl() {
  const e = ui.etl;
  $('etl-section').hidden = !e?.job;
  if (!e?.job) {
    return;
  }
  $('job-link').setAttribute('href', jobHref(e.run));
  clear($('job')).appendChild(jobView(doc, e.job));
  clear($('rejects')).appendChild(rejectsView(doc, e.rejects, e.job.counts?.rejected));
  const model = e.metrics && ui.exec ? metricsModel(e.metrics, ui.exec.startDate) : null;
  $('metrics-section').hidden = !model;
  if (!model) {
    return;
  }
  const t = model.totals;
  $('metrics-summary').textContent = `${t.read.toLocaleString('en')} rows read, ${t.valid.toLocaleString('en')} valid, `
    + `${t.loaded.toLocaleString('en')} loaded, ${t.rejected.toLocaleString('en')} rejected (${e.metrics.points.length} metric lines)`;
  const width = Math.max(300, $('right').clientWidth - 8);
  drawSteps(doc, $('metrics'), model, width, 150, METRIC_SERIES);
  drawBars(doc, $('stage-times'), model.stages, width);
}

// ---- schedule

async function refreshSchedule() {
  const s = await getJson(window.fetch.bind(window), 'schedule');
  $('schedule-section').hidden = !s;
  if (s) {
    clear($('schedule')).appendChild(scheduleView(doc, s, (arn) => openExecution(arn).catch(showError), statusBadge));
  }
}

// The Map state a run belongs to: the one whose attempt started it (MapRunStarted), else the run ARN's label.
function mapStateOf(mapRunArn) {
  for (const s of ui.fold?.states.values() ?? []) {
    if (s.attempts.some((a) => a.mapRunArn === mapRunArn)) {
      return s.name;
    }
  }
  const path = mapRunArn.split(':mapRun:')[1] ?? '';
  return path.slice(path.indexOf('/') + 1, path.lastIndexOf(':'));
}

async function refreshChild() {
  const run = ui.mapRuns[ui.mapRuns.length - 1];
  if (!run || run.children.length === 0) {
    ui.child = null;
    return;
  }
  let arn = ui.child?.arn;
  if (!ui.childPinned || !arn) {
    const failed = run.children.find((c) => c.status === 'FAILED');
    const live = run.children.find((c) => c.status === 'RUNNING');
    arn = (failed ?? live ?? run.children[0]).executionArn;
  }
  const child = ui.child?.arn === arn ? ui.child : { arn, events: [], fold: null, status: null };
  const known = run.children.find((c) => c.executionArn === arn);
  if (!child.fold || child.status === 'RUNNING' || known?.status === 'RUNNING') {
    const lastId = child.events.length ? child.events[child.events.length - 1].id : 0;
    child.events = child.events.concat(await newEvents(window.fetch.bind(window), arn, lastId));
    child.fold = foldHistory(child.events);
    child.status = child.fold.execution.status;
  }
  child.name = known?.name ?? arn.split(':').pop();
  ui.child = child;
}

// ---- painting

function paint() {
  if (!ui.painter) {
    return;
  }
  const states = new Map(ui.fold?.states ?? []);
  const extras = new Map();
  // Inside a Distributed Map's box: totals over all its children (a state is running while any child runs it).
  for (const [name, t] of aggregateChildren(ui.childSummaries.values())) {
    if (!states.has(name)) {
      states.set(name, { name, status: t.status, entered: 0, attempts: [] });
      extras.set(name, totalsBadge(t));
    }
  }
  if (ui.child?.fold) {
    for (const [name, s] of ui.child.fold.states) {
      if (!states.has(name)) {
        states.set(name, s);
      }
    }
  }
  for (const run of ui.mapRuns) {
    const badge = mapRunBadge(run.describe);
    if (badge) {
      extras.set(run.stateName, badge);
    }
  }
  ui.painter.paint(states, extras);
  ui.painter.select(ui.selected);
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0]));
  for (const s of states.values()) {
    counts[s.status]++;
  }
  for (const s of STATUSES) {
    const node = doc.querySelector(`#legend [data-status="${s}"] .count`);
    if (node) {
      node.textContent = counts[s] ? String(counts[s]) : '';
    }
  }
}

// ---- side panel

function field(label, value, cls) {
  return el(doc, 'div', { class: 'field' }, el(doc, 'span', { class: 'label' }, label),
    el(doc, 'span', { class: 'value ' + (cls ?? '') }, value ?? ''));
}

function jsonBlock(label, text, open) {
  if (text === undefined || text === null) {
    return null;
  }
  return el(doc, 'details', { open: open ? 'open' : undefined }, el(doc, 'summary', {}, label),
    el(doc, 'pre', { class: 'json' }, prettyJson(text)));
}

function renderExecution() {
  const box = clear($('execution'));
  const x = ui.exec;
  $('stop').hidden = !running(x);
  $('redrive').hidden = !x || !['FAILED', 'TIMED_OUT', 'ABORTED'].includes(x.status);
  if (!x) {
    box.appendChild(el(doc, 'p', { class: 'muted' }, 'Pick an execution on the left.'));
    return;
  }
  add(doc, box, 
    el(doc, 'h3', {}, x.name, ' ', statusBadge(x.status)),
    field('Started', isoDate(x.startDate)),
    field('Duration', formatDuration(durationSeconds(x.startDate, x.stopDate ?? Date.now() / 1000))),
    x.error !== undefined ? field('Error', x.error, 'error') : null,
    x.cause !== undefined ? el(doc, 'pre', { class: 'cause' }, prettyJson(x.cause)) : null,
    etlSummary(x.output),
    jsonBlock('Input', x.input, false),
    jsonBlock('Output', x.output, false));
}

// An ETL run's output (Finalize's job summary): rows read, loaded, rejected, and where the rejects are.
function etlSummary(output) {
  let o;
  try {
    o = JSON.parse(output ?? 'null');
  } catch {
    return null;
  }
  const c = o?.counts;
  if (!c || typeof c !== 'object' || c.read === undefined) {
    return null;
  }
  const cells = ['read', 'valid', 'rejected', 'duplicates', 'loaded'].filter((k) => c[k] !== undefined)
    .map((k) => el(doc, 'div', { class: 'kpi' }, el(doc, 'span', { class: 'n' }, Number(c[k]).toLocaleString('en')), el(doc, 'span', { class: 'label' }, k)));
  return el(doc, 'div', { class: 'etl' }, el(doc, 'h4', {}, 'ETL run ', el(doc, 'code', {}, String(o.run ?? ''))),
    el(doc, 'div', { class: 'kpis' }, cells),
    o.rejectPercent !== undefined ? field('Rejected', `${o.rejectPercent} % (threshold ${o.maxRejectPercent ?? '?'} %)`) : null,
    o.table !== undefined ? field('Table', String(o.table)) : null,
    o.rejects !== undefined ? field('Rejects', String(o.rejects)) : null,
    o.chunks !== undefined ? field('Chunks', String(o.chunks)) : null);
}

function selectState(name) {
  ui.selected = name;
  ui.painter?.select(name);
  renderState();
}

function renderState() {
  const box = clear($('state'));
  if (!ui.selected) {
    box.appendChild(el(doc, 'p', { class: 'muted' }, 'Click a state in the graph to see its input and output.'));
    return;
  }
  const fromChild = !ui.fold?.states.has(ui.selected) && ui.child?.fold?.states.has(ui.selected);
  const st = ui.fold?.states.get(ui.selected) ?? ui.child?.fold?.states.get(ui.selected);
  box.appendChild(el(doc, 'h3', {}, ui.selected, ' ', statusBadge(st?.status ?? 'not run')));
  const totals = ui.fold?.states.has(ui.selected) ? null : aggregateChildren(ui.childSummaries.values()).get(ui.selected);
  if (totals) {
    box.appendChild(el(doc, 'p', { class: 'totals' }, 'All map-run children: ' + totalsText(totals)));
  }
  if (fromChild) {
    box.appendChild(el(doc, 'p', { class: 'muted' }, 'Below: map-run child ', el(doc, 'code', {}, ui.child.name)));
  }
  if (!st) {
    return;
  }
  const attempts = st.attempts.slice(-20);
  if (st.attempts.length > attempts.length) {
    box.appendChild(el(doc, 'p', { class: 'muted' }, `Entered ${st.attempts.length} times; the last ${attempts.length} are shown.`));
  }
  attempts.forEach((a, i) => {
    box.appendChild(el(doc, 'div', { class: 'attempt' },
      el(doc, 'h4', {}, `Entered #${st.attempts.length - attempts.length + i + 1} `, statusBadge(a.outcome.toUpperCase())),
      field('Duration', formatDuration(durationSeconds(a.start, a.end ?? Date.now() / 1000))),
      a.retries.length ? el(doc, 'div', { class: 'retries' }, el(doc, 'span', { class: 'label' }, 'Retries'),
        el(doc, 'ol', {}, a.retries.map((r) => el(doc, 'li', {}, `${r.error ?? '?'} → retried after ${formatDuration(r.delaySeconds)}`)))) : null,
      a.error !== undefined ? field('Error', a.error, 'error') : null,
      a.cause !== undefined ? el(doc, 'pre', { class: 'cause' }, prettyJson(a.cause)) : null,
      jsonBlock('Input', a.input, i === attempts.length - 1),
      jsonBlock('Output', a.output, i === attempts.length - 1)));
  });
}

function renderMapRuns() {
  const box = clear($('mapruns'));
  $('mapruns-section').hidden = ui.mapRuns.length === 0;
  for (const run of ui.mapRuns) {
    const d = run.describe ?? {};
    const c = d.executionCounts ?? d.itemCounts ?? {};
    const countsLine = (label, k) => (k ? el(doc, 'p', { class: 'counts' }, `${label}: succeeded ${k.succeeded ?? 0} · failed `
      + `${k.failed ?? 0} · running ${k.running ?? 0} · pending ${k.pending ?? 0}` + (k.aborted ? ` · aborted ${k.aborted}` : '')
      + ` · total ${k.total ?? 0}`) : null);
    const summarized = run.children.filter((x) => ui.childSummaries.has(x.executionArn)).length;
    const total = Math.max(1, c.total ?? 0);
    const bar = el(doc, 'div', { class: 'progress', title: `${c.succeeded ?? 0} succeeded, ${c.failed ?? 0} failed, ${c.running ?? 0} running, ${c.pending ?? 0} pending of ${c.total ?? 0}` });
    for (const k of ['succeeded', 'failed', 'aborted', 'running', 'pending']) {
      const part = el(doc, 'div', { class: 'part ' + k });
      part.style.width = (100 * (c[k] ?? 0) / total) + '%';
      bar.appendChild(part);
    }
    const longest = Math.max(0.001, ...run.children.map((x) => durationSeconds(x.startDate, x.stopDate ?? Date.now() / 1000) ?? 0));
    const rows = run.children.slice(0, MAX_CHILDREN_SHOWN).map((x) => {
      const secs = durationSeconds(x.startDate, x.stopDate ?? Date.now() / 1000);
      const dur = el(doc, 'div', { class: 'dur st-' + String(x.status).toLowerCase() });
      dur.style.width = Math.max(1, 100 * (secs ?? 0) / longest) + '%';
      const row = el(doc, 'tr', { class: x.executionArn === ui.child?.arn ? 'selected' : '' },
        el(doc, 'td', {}, x.name), el(doc, 'td', {}, statusBadge(x.status)),
        el(doc, 'td', { class: 'num' }, formatDuration(secs)), el(doc, 'td', { class: 'durcell' }, dur));
      row.addEventListener('click', () => {
        ui.child = { arn: x.executionArn, events: [], fold: null, status: null };
        ui.childPinned = true;
        refreshChild().then(() => { paint(); renderMapRuns(); renderState(); }).catch(showError);
      });
      return row;
    });
    add(doc, box, 
      el(doc, 'h4', {}, run.stateName, ' ', statusBadge(d.status)),
      bar,
      countsLine('Items', d.itemCounts),
      countsLine('Child executions', d.executionCounts),
      el(doc, 'p', { class: 'muted' }, `The states inside the Map box show totals over all ${run.children.length} children`
        + (summarized < run.children.length ? ` (read ${summarized} so far)` : '') + '; the State panel also shows child ',
      el(doc, 'code', {}, ui.child?.name ?? '-'), ' (click a child to show another).'),
      el(doc, 'div', { class: 'children-scroll' }, el(doc, 'table', { class: 'children' }, el(doc, 'tbody', {}, rows))),
      run.children.length > MAX_CHILDREN_SHOWN ? el(doc, 'p', { class: 'muted' }, `${run.children.length - MAX_CHILDREN_SHOWN} more children not listed`) : null);
  }
}

// ---- history table

function renderHistory() {
  const text = $('history-search').value;
  const events = ui.events.filter((e) => eventMatches(e, text));
  const pages = Math.max(1, Math.ceil(events.length / HISTORY_PAGE));
  ui.historyPage = Math.min(ui.historyPage, pages - 1);
  const start = ui.historyPage * HISTORY_PAGE;
  const body = clear($('history'));
  const t0 = ui.events[0]?.timestamp;
  for (const ev of events.slice(start, start + HISTORY_PAGE)) {
    const d = detailsOf(ev);
    const summary = JSON.stringify(d);
    body.appendChild(el(doc, 'tr', { class: /Failed|TimedOut|Aborted/.test(ev.type) ? 'bad' : '' },
      el(doc, 'td', { class: 'num' }, String(ev.id)),
      el(doc, 'td', {}, ev.type),
      el(doc, 'td', {}, ui.fold?.stateOfEvent.get(ev.id) ?? ''),
      el(doc, 'td', { class: 'num', title: isoDate(ev.timestamp) }, '+' + formatDuration(durationSeconds(t0, ev.timestamp))),
      el(doc, 'td', { class: 'details' }, summary === '{}' ? '' :
        el(doc, 'details', {}, el(doc, 'summary', {}, summary.length > 120 ? summary.slice(0, 119) + '…' : summary),
          el(doc, 'pre', { class: 'json' }, JSON.stringify(d, null, 2))))));
  }
  $('history-pages').textContent = `page ${ui.historyPage + 1} of ${pages} · ${events.length} of ${ui.events.length} events`;
}

// ---- zoom and export

function applyZoom() {
  const g = $('graph');
  if (!ui.layout) {
    return;
  }
  g.setAttribute('width', String(Math.ceil((ui.layout.width + 16) * ui.zoom)));
  g.setAttribute('height', String(Math.ceil((ui.layout.height + 16) * ui.zoom)));
}

// ---- start / stop

async function startExecution() {
  const text = $('start-input').value.trim() || '{}';
  try {
    JSON.parse(text);
  } catch (e) {
    $('start-problem').textContent = `The input is not valid JSON: ${e.message}`;
    return;
  }
  $('start-problem').textContent = '';
  const name = $('start-name').value.trim() || undefined;
  const res = await api('StartExecution', { stateMachineArn: ui.machineArn, input: text, name });
  await openExecution(res.executionArn);
}

// ---- wiring

async function tick() {
  if (ui.busy) {
    return;
  }
  ui.busy = true;
  ui.tickCount++;
  try {
    if (running(ui.exec) || (ui.execArn && !ui.exec) || ui.chunkOutputsPending || ui.childSummariesPending
      || historyBehind()) {
      ui.trailingPolls += running(ui.exec) ? 0 : 1;
      await refreshExecution();
    }
    if (ui.tickCount % SCHEDULE_POLL_TICKS === 0) {
      await refreshSchedule();
    }
    if (ui.executions.some(running) || ui.tickCount % 5 === 0) {
      await refreshExecutions();
    }
    showError(null);
  } catch (e) {
    showError(e);
  } finally {
    ui.busy = false;
  }
}

function wire() {
  $('machine').addEventListener('change', () => openMachine($('machine').value).catch(showError));
  $('status-filter').addEventListener('change', () => refreshExecutions().catch(showError));
  let searchTimer;
  $('history-search').addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => { ui.historyPage = 0; renderHistory(); }, 150);
  });
  $('history-prev').addEventListener('click', () => { ui.historyPage = Math.max(0, ui.historyPage - 1); renderHistory(); });
  $('history-next').addEventListener('click', () => { ui.historyPage++; renderHistory(); });
  $('zoom-in').addEventListener('click', () => { ui.zoom = Math.min(3, ui.zoom * 1.25); applyZoom(); });
  $('zoom-out').addEventListener('click', () => { ui.zoom = Math.max(0.2, ui.zoom / 1.25); applyZoom(); });
  $('zoom-fit').addEventListener('click', () => {
    const w = $('graph-scroll').clientWidth - 4;
    ui.zoom = ui.layout ? Math.min(2, w / (ui.layout.width + 16)) : 1;
    applyZoom();
  });
  $('export-svg').addEventListener('click', () => exportSvg(doc, $('graph'), (ui.machine?.name ?? 'graph') + '.svg').catch(showError));
  $('export-png').addEventListener('click', () => exportPng(doc, $('graph'), (ui.machine?.name ?? 'graph') + '.png').catch(showError));
  $('stop').addEventListener('click', () => {
    if (ui.execArn && window.confirm('Stop this execution?')) {
      api('StopExecution', { executionArn: ui.execArn, error: 'Console.Stopped', cause: 'stopped from the local console' })
        .then(refreshExecution).catch(showError);
    }
  });
  $('redrive').addEventListener('click', () => {
    if (ui.execArn) {
      api('RedriveExecution', { executionArn: ui.execArn })
        .then(() => { ui.exec = null; ui.trailingPolls = 0; return refreshExecution(); }).catch(showError);
    }
  });
  $('start').addEventListener('click', () => startExecution().catch((e) => { $('start-problem').textContent = ms(e); }));
  ui.tickCount = 0;
  window.addEventListener('hashchange', () => {
    const wanted = new URLSearchParams(location.hash.slice(1)).get('execution');
    if (wanted && wanted !== ui.execArn) {
      openExecution(wanted).catch(showError);
    }
  });
}

wire();
loadMachines().then(refreshSchedule).catch(showError).finally(() => setInterval(tick, POLL_MS));
