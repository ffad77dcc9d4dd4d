// The ETL run of the open execution (the twin's read-only endpoint: job record, first rejects, metrics) and the
// throughput chart summed from the map-run chunks' outputs.
import { throughputModel, drawThroughput, drawSteps, drawBars } from './chart.mjs';
import { getJson, runIdOf, metricsModel, jobView, rejectsView, jobHref, METRIC_SERIES } from './etl.mjs';
import { clear } from './dom.mjs';
import { doc, $, ui, running } from './state.mjs';

const ETL_POLL_TICKS = 5; // the job record, rejects and metrics of a running ETL run: every 5 s
const REJECTS_SHOWN = 20;

export async function refreshEtl() {
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

export function renderEtl() {
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

export function renderThroughput() {
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
