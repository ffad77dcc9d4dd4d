// ETL runs on the page: the job record, the first rejects, the run's metrics and the schedule, read from the twin's
// read-only endpoint under /console/api/ (io.sfnetl.local.console.ConsoleApi). Models are pure functions; views build
// DOM nodes with dom.mjs, so every value from data is text.
import { el, prettyJson } from './dom.mjs';
import { formatDuration } from './status.mjs';

/** An answer of the endpoint other than 200 or 404. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/**
 * GETs `api/<path>` (relative to the page, so /console/api/...).
 *
 * @returns {Promise<object|null>} the JSON body, or null for 404 (unknown run, or a server without ETL data)
 */
export async function getJson(fetchFn, path) {
  let res;
  try {
    res = await fetchFn('api/' + path, { headers: { Accept: 'application/json' } });
  } catch (e) {
    throw new ApiError(0, `cannot reach the twin for api/${path} (is 'etl local up' still running?): ${e.message}`);
  }
  if (res.status === 404) {
    return null;
  }
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(res.status, `api/${path}: the twin answered HTTP ${res.status} with a body that is not JSON`);
  }
  if (!res.ok) {
    throw new ApiError(res.status, `api/${path} failed: ${body.error ?? res.status}: ${body.message ?? ''}`);
  }
  return body;
}

/** The run id of an execution (DescribeExecution): Finalize's `run`, else the input's `runId`, else its name. */
export function runIdOf(exec) {
  for (const text of [exec?.output, exec?.input]) {
    try {
      const o = JSON.parse(text ?? 'null');
      const run = o?.run ?? o?.runId;
      if (typeof run === 'string' && run) {
        return run;
      }
    } catch {
      // not JSON: try the next
    }
  }
  return exec?.name ?? null;
}

export const METRIC_SERIES = ['read', 'valid', 'loaded', 'rejected'];
const STAGE_ORDER = ['prepare', 'validate', 'transform', 'load', 'finalize'];

/**
 * The run's metrics (api/metrics/<run>) as cumulative rows over time and the time spent per stage.
 *
 * @param metrics {{points: {time, stage, values}[], totals: object}}
 * @param start the execution's start, epoch seconds (points before it count from 0)
 * @returns {{points: {t, read, valid, loaded, rejected}[], stages: {label, value, text}[], totals: object}|null}
 *   null when there are no points
 */
export function metricsModel(metrics, start) {
  const pts = (metrics?.points ?? []).map((p) => ({ t: Date.parse(p.time) / 1000 - start, stage: p.stage, v: p.values ?? {} }))
    .filter((p) => Number.isFinite(p.t)).sort((a, b) => a.t - b.t);
  if (pts.length === 0) {
    return null;
  }
  const total = { read: 0, valid: 0, loaded: 0, rejected: 0 };
  const points = [{ t: 0, ...total }];
  for (const p of pts) {
    if (p.stage === 'validate') {
      total.read += p.v.RowsRead ?? 0;
      total.valid += p.v.RowsValid ?? 0;
    }
    if (['validate', 'transform', 'load'].includes(p.stage)) {
      total.rejected += p.v.RowsRejected ?? 0;
    }
    if (p.stage === 'load') {
      total.loaded += p.v.RowsLoaded ?? 0;
    }
    points.push({ t: Math.max(0, p.t), ...total });
  }
  const invocations = {};
  for (const p of pts) {
    invocations[p.stage] = (invocations[p.stage] ?? 0) + 1;
  }
  const stages = Object.entries(metrics.totals ?? {})
    .filter(([, v]) => typeof v?.DurationMillis === 'number')
    .sort(([a], [b]) => stageRank(a) - stageRank(b))
    .map(([stage, v]) => ({ label: stage, value: v.DurationMillis,
      text: `${formatDuration(v.DurationMillis / 1000)} in ${invocations[stage] ?? 0} invocation${invocations[stage] === 1 ? '' : 's'}` }));
  return { points, stages, totals: { ...total } };
}

function stageRank(stage) {
  const i = STAGE_ORDER.indexOf(stage);
  return i < 0 ? STAGE_ORDER.length : i;
}

function field(doc, label, value, cls) {
  return el(doc, 'div', { class: 'field' }, el(doc, 'span', { class: 'label' }, label),
    el(doc, 'span', { class: 'value ' + (cls ?? '') }, value ?? ''));
}

function num(n) {
  return n === undefined || n === null ? '-' : Number(n).toLocaleString('en');
}

function table(doc, cls, headers, rows) {
  return el(doc, 'table', { class: 'list small ' + cls },
    el(doc, 'thead', {}, el(doc, 'tr', {}, headers.map((h) => el(doc, 'th', {}, h)))),
    el(doc, 'tbody', {}, rows.map((cells) => el(doc, 'tr', {}, cells.map((c) => el(doc, 'td', {}, c))))));
}

/** The path of the job record's JSON for a run, relative to the page (a link to open it). */
export function jobHref(run) {
  return 'api/job/' + encodeURIComponent(run);
}

const MAX_CHUNK_ROWS = 100;

/** Links to the job records of runs (reprocessing: `reprocessOf` names one run, `reprocessedBy` a set of runs). */
function runLinks(doc, runs) {
  const list = (Array.isArray(runs) ? runs : [runs]).map(String).sort();
  const links = [];
  list.forEach((r, i) => {
    links.push(el(doc, 'a', { href: jobHref(r), target: '_blank', rel: 'noopener noreferrer', class: 'run-link' }, r));
    if (i < list.length - 1) {
      links.push(', ');
    }
  });
  return links;
}

/**
 * A readable view of a job record: status, the reprocessing links (the run whose rejects this one reprocesses, the
 * runs that reprocessed this one's), sources with their ETags, counts, timings per stage, counts per chunk and the
 * rejects by reason, then the record as JSON.
 */
export function jobView(doc, job) {
  const c = job.counts ?? {};
  const t = job.timings ?? {};
  const sources = Array.isArray(job.sources) ? job.sources : [];
  const chunks = Object.entries(job.chunkCounts ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const reasons = job.rejectReasons?.reasons ?? [];
  const stageRows = ['validate', 'transform', 'load'].filter((s) => t[s + 'Millis'] !== undefined)
    .map((s) => [s, formatDuration(t[s + 'Millis'] / 1000), num(t[s + 'Invocations'])]);
  return el(doc, 'div', { class: 'job' },
    field(doc, 'Status', String(job.status ?? '-'), job.status === 'FAILED' ? 'error' : ''),
    field(doc, 'Dataset', String(job.dataset ?? '-')),
    field(doc, 'Started', String(job.startedAt ?? '-')),
    field(doc, 'Finished', String(job.finishedAt ?? job.failedAt ?? '-')),
    job.error !== undefined ? field(doc, 'Error', String(job.error), 'error') : null,
    job.cause !== undefined ? el(doc, 'pre', { class: 'cause' }, String(job.cause)) : null,
    field(doc, 'Spec', `${job.spec ?? '-'} (sha256 ${String(job.specSha256 ?? '-').slice(0, 12)}…)`),
    job.reprocessOf ? field(doc, 'Reprocesses the rejects of', runLinks(doc, job.reprocessOf)) : null,
    job.reprocessedBy ? field(doc, 'Rejects reprocessed by', runLinks(doc, job.reprocessedBy)) : null,
    el(doc, 'h4', {}, 'Sources'),
    table(doc, 'sources', ['object', 'ETag', 'size'], sources.map((s) => [String(s.object ?? ''),
      String(s.etag ?? '') + (s.versionId ? ` (version ${s.versionId})` : ''), num(s.size)])),
    el(doc, 'h4', {}, 'Counts'),
    table(doc, 'counts', ['read', 'valid', 'rejected', 'loaded', 'dupl.', 'contin.'],
      [[num(c.read), num(c.valid), num(c.rejected), num(c.loaded), num(c.duplicates), num(c.continuations)]]),
    el(doc, 'h4', {}, 'Timings'),
    field(doc, 'Total', t.totalMillis !== undefined ? formatDuration(t.totalMillis / 1000) : '-'),
    field(doc, 'Stages', ['prepare', 'map', 'finalize'].filter((s) => t[s + 'Millis'] !== undefined)
      .map((s) => `${s} ${formatDuration(t[s + 'Millis'] / 1000)}`).join(' · ')),
    stageRows.length ? table(doc, 'stages', ['stage', 'time (all chunks)', 'invocations'], stageRows) : null,
    el(doc, 'h4', {}, `Chunks (${num(job.chunks)})`),
    chunks.length ? table(doc, 'chunks', ['chunk', 'read', 'rejected', 'loaded'], chunks.slice(0, MAX_CHUNK_ROWS)
      .map(([k, v]) => [k, num(v?.read), num(v?.rejected), num(v?.loaded)])) : el(doc, 'p', { class: 'muted' },
      job.chunkCountsLocation ? `counts per chunk in ${job.chunkCountsLocation}` : 'no counts per chunk yet'),
    chunks.length > MAX_CHUNK_ROWS ? el(doc, 'p', { class: 'muted' }, `${chunks.length - MAX_CHUNK_ROWS} more chunks not listed`) : null,
    el(doc, 'h4', {}, 'Rejects by reason'),
    reasons.length ? table(doc, 'reasons', ['count', 'reason', 'stage', 'example'], reasons.map((r) => [num(r.count),
      String(r.reason ?? ''), String(r.stage ?? ''), `line ${r.example?.line ?? '?'} of ${r.example?.object ?? '?'}`]))
      : el(doc, 'p', { class: 'muted' }, 'none'),
    el(doc, 'details', {}, el(doc, 'summary', {}, 'Job record (JSON)'), el(doc, 'pre', { class: 'json' }, prettyJson(JSON.stringify(job)))));
}

function baseName(uri) {
  const s = String(uri ?? '');
  return s.slice(s.lastIndexOf('/') + 1);
}

/**
 * The first rejects (api/rejects/<run>): where each is (source object and line), its stage, its reasons and the
 * record as the reject file stores it (sensitive fields masked).
 *
 * @param total the run's rejected count, if known
 */
export function rejectsView(doc, data, total) {
  const rejects = data?.rejects ?? [];
  if (rejects.length === 0) {
    return el(doc, 'p', { class: 'muted' }, 'No rejects.');
  }
  const items = rejects.map((r) => el(doc, 'li', { class: 'reject' },
    el(doc, 'div', { class: 'where' }, el(doc, 'span', { class: 'line', title: String(r.object ?? '') },
      `${baseName(r.object)}:${r.line ?? '?'}`), ' ', el(doc, 'span', { class: 'muted' }, String(r.stage ?? ''))),
    el(doc, 'ul', { class: 'reasons' }, (r.reasons ?? []).map((x) => el(doc, 'li', {}, String(x)))),
    el(doc, 'code', { class: 'record' }, String(r.record ?? ''))));
  const shown = `First ${rejects.length}` + (total !== undefined ? ` of ${num(total)}` : data.more ? '+' : '') + ' rejects'
    + (data.files === 'listing' ? ' (the run has not finished: reject files as listed)' : '')
    + ' · records as the reject files keep them, sensitive fields masked';
  return el(doc, 'div', {},
    el(doc, 'p', { class: 'muted' }, shown),
    el(doc, 'ol', { class: 'rejects' }, items));
}

/**
 * The schedule (api/schedule): its expression, the next fires (local time and UTC, execution name) and the past
 * scheduled runs with their status.
 *
 * @param onOpen called with a past run's execution ARN when it is clicked
 * @param badge makes a status badge node
 */
export function scheduleView(doc, s, onOpen, badge) {
  const upcoming = s.upcoming ?? [];
  const past = s.past ?? [];
  const pastRows = past.map((p) => {
    const row = el(doc, 'tr', {}, el(doc, 'td', {}, String(p.name ?? '')), el(doc, 'td', {}, badge(p.status)),
      el(doc, 'td', {}, String(p.scheduledTime ?? '').replace('T', ' ').replace('Z', '')));
    row.addEventListener?.('click', () => onOpen(p.executionArn));
    return row;
  });
  return el(doc, 'div', {},
    field(doc, 'Schedule', `${s.expression ?? '?'} in ${s.timeZone ?? '?'}` + (s.enabled === false ? ' (disabled)' : '')),
    el(doc, 'h4', {}, 'Next runs'),
    table(doc, 'upcoming', ['local time', 'UTC', 'execution'], upcoming.map((u) => [
      String(u.localTime ?? '').replace('T', ' '), String(u.scheduledTime ?? '').replace('T', ' ').replace('Z', ''),
      String(u.executionName ?? '')])),
    el(doc, 'h4', {}, 'Past scheduled runs'),
    past.length ? el(doc, 'table', { class: 'list small past' },
      el(doc, 'thead', {}, el(doc, 'tr', {}, ['execution', 'status', 'scheduled (UTC)'].map((h) => el(doc, 'th', {}, h)))),
      el(doc, 'tbody', {}, pastRows)) : el(doc, 'p', { class: 'muted' }, 'none in the last 30 days'));
}
