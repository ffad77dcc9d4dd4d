// What the console's modules share: the page's open machine and execution (ui), the API call, the error line and
// the status badge. Everything is put on the page as text (dom.mjs).
import { call, SfnError } from './sfn.mjs';
import { el } from './dom.mjs';

export const doc = document;
export const $ = (id) => doc.getElementById(id);
export const api = (op, body) => call(window.fetch.bind(window), op, body);

export const ui = {
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

export function ms(e) {
  return e instanceof SfnError ? e.message : String(e?.message ?? e);
}

export function showError(e) {
  $('error').textContent = e ? ms(e) : '';
  $('error').hidden = !e;
}

export function statusBadge(status) {
  const s = String(status ?? '');
  return el(doc, 'span', { class: 'badge-status st-' + s.toLowerCase().replace(/[^a-z_]/g, '') }, s);
}

export function running(x) {
  return x?.status === 'RUNNING';
}
