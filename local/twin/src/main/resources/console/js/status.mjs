// What each state did, derived from GetExecutionHistory's events (the API's shapes; dates as epoch seconds).
// Pure functions, no DOM: tested with `node --test` (src/test/js).
//
// Events of concurrent strands (Parallel branches, inline Map iterations) interleave in a history; each event's
// previousEventId names the previous event of its own strand, so an event belongs to the state attempt its strand
// last entered.

/** Colour classes of a state, in the order a summary prefers them. */
export const STATUSES = ['running', 'retrying', 'failed', 'aborted', 'caught', 'retried', 'succeeded', 'idle'];

const FAILURE = new Set(['TaskFailed', 'TaskTimedOut', 'LambdaFunctionFailed', 'LambdaFunctionTimedOut',
  'LambdaFunctionStartFailed', 'LambdaFunctionScheduleFailed', 'TaskStartFailed', 'TaskSubmitFailed',
  'MapRunFailed', 'ExecutionFailed', 'ActivityFailed', 'ActivityTimedOut']);
const SCHEDULED = new Set(['TaskScheduled', 'LambdaFunctionScheduled', 'ActivityScheduled', 'MapRunStarted']);
const COMPOSITE_FAILED = new Set(['MapStateFailed', 'ParallelStateFailed']);

/** Details object of an event (the one `*EventDetails` field), or an empty object. */
export function detailsOf(event) {
  for (const [k, v] of Object.entries(event)) {
    if (k.endsWith('EventDetails') && v && typeof v === 'object') {
      return v;
    }
  }
  return {};
}

/**
 * Folds a history into each state's attempts and status.
 *
 * @param events history events, oldest first (ids from 1)
 * @returns {{states: Map<string, object>, execution: {status: string, error?: string, cause?: string},
 *   stateOfEvent: Map<number, string>}} per state name: {name, status, entered, attempts: [{enteredId, start, end?,
 *   input, output?, error?, cause?, mapRunArn?, retries: [{at, error, cause, delaySeconds}], outcome: 'running' |
 *   'failing' | 'succeeded' | 'caught' | 'failed' | 'aborted', redriven?: true (an unsuccessful attempt before a redrive:
 *   it colours its state only until the state runs again)}]}; and the state each event belongs to
 */
export function foldHistory(events) {
  const attemptOf = new Map(); // event id -> attempt
  const states = new Map();
  const execution = { status: 'RUNNING' };
  const open = new Set();
  const stateOfEvent = new Map(); // event id -> state name

  for (const ev of events) {
    const d = detailsOf(ev);
    const type = ev.type ?? '';
    let attempt = attemptOf.get(ev.previousEventId);
    if (type.endsWith('StateEntered')) {
      const name = String(d.name ?? '?');
      if (!states.has(name)) {
        states.set(name, { name, attempts: [] });
      }
      attempt = { enteredId: ev.id, name, start: ev.timestamp, input: d.input, retries: [], outcome: 'running',
        failState: type === 'FailStateEntered' };
      states.get(name).attempts.push(attempt);
      open.add(attempt);
    } else if (type.startsWith('Execution')) {
      if (type === 'ExecutionRedriven') {
        supersede(states);
      }
      foldExecution(type, d, execution, open, ev.timestamp);
      continue;
    } else if (!attempt) {
      continue;
    }
    attemptOf.set(ev.id, attempt);
    stateOfEvent.set(ev.id, attempt.name);
    if (type === 'MapRunStarted' && d.mapRunArn) {
      attempt.mapRunArn = d.mapRunArn;
    }
    if (type.endsWith('StateExited')) {
      attempt.output = d.output;
      attempt.end = ev.timestamp;
      attempt.outcome = attempt.failedAt !== undefined ? 'caught' : 'succeeded';
      open.delete(attempt);
    } else if (FAILURE.has(type)) {
      attempt.error = d.error;
      attempt.cause = d.cause;
      attempt.failedAt = ev.timestamp;
      attempt.outcome = 'failing';
    } else if (COMPOSITE_FAILED.has(type)) {
      attempt.failedAt = attempt.failedAt ?? ev.timestamp;
      attempt.outcome = 'failing';
    } else if (SCHEDULED.has(type) && attempt.failedAt !== undefined && attempt.outcome === 'failing') {
      attempt.retries.push({ at: ev.timestamp, error: attempt.error, cause: attempt.cause,
        delaySeconds: round3(ev.timestamp - attempt.failedAt) });
      attempt.outcome = 'running';
      delete attempt.failedAt;
    } else if (type.endsWith('StateAborted') || type === 'MapStateAborted' || type === 'ParallelStateAborted') {
      attempt.outcome = 'aborted';
      attempt.end = ev.timestamp;
      open.delete(attempt);
    }
  }
  for (const s of states.values()) {
    s.entered = s.attempts.length;
    const current = s.attempts.filter((a) => !a.redriven);
    s.status = stateStatus(current.length ? current : s.attempts);
  }
  return { states, execution, stateOfEvent };
}

// A redrive runs again what failed or was aborted: those attempts stay listed but no longer colour their state once it
// has run again.
function supersede(states) {
  for (const s of states.values()) {
    for (const a of s.attempts) {
      if (a.outcome === 'failed' || a.outcome === 'aborted') {
        a.redriven = true;
      }
    }
  }
}

function foldExecution(type, d, execution, open, at) {
  if (type === 'ExecutionStarted') {
    return;
  }
  execution.status = { ExecutionSucceeded: 'SUCCEEDED', ExecutionFailed: 'FAILED', ExecutionTimedOut: 'TIMED_OUT',
    ExecutionAborted: 'ABORTED', ExecutionRedriven: 'RUNNING' }[type] ?? execution.status;
  if (execution.status === 'RUNNING') {
    return;
  }
  if (d.error !== undefined) {
    execution.error = d.error;
    execution.cause = d.cause;
  }
  // Attempts still open when the execution ends: the one that failed it (a failure with no retry after it, or a Fail
  // state, which has no failure event of its own), or ones cut short.
  for (const a of open) {
    const failed = a.outcome === 'failing' || (type === 'ExecutionFailed' && a.failState);
    a.outcome = failed ? 'failed' : 'aborted';
    if (failed && a.error === undefined) {
      a.error = d.error;
      a.cause = d.cause;
    }
    a.end = a.end ?? at;
  }
  open.clear();
}

/**
 * One colour for a state from all its attempts (a state inside an inline Map or a loop runs many times): running
 * or retrying while any attempt is; else failed, aborted, caught, retried (succeeded after retrying), succeeded.
 */
export function stateStatus(attempts) {
  if (!attempts || attempts.length === 0) {
    return 'idle';
  }
  const outcomes = new Set(attempts.map((a) => a.outcome));
  if (outcomes.has('running')) {
    return attempts.some((a) => a.outcome === 'running' && a.retries.length > 0) ? 'retrying' : 'running';
  }
  // 'failing': failed, and a retry may still follow (the history cannot tell until the next attempt is scheduled).
  if (outcomes.has('failing')) {
    return 'failed';
  }
  for (const s of ['failed', 'aborted', 'caught']) {
    if (outcomes.has(s)) {
      return s;
    }
  }
  return attempts.some((a) => a.retries.length > 0) ? 'retried' : 'succeeded';
}

/** Counts of states by status, for the legend. */
export function countByStatus(states) {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0]));
  for (const s of states.values()) {
    counts[s.status] = (counts[s.status] ?? 0) + 1;
  }
  return counts;
}

/** Seconds between two API dates (epoch seconds), or null when either is missing. */
export function durationSeconds(start, end) {
  return typeof start === 'number' && typeof end === 'number' ? round3(end - start) : null;
}

function round3(x) {
  return Math.round(x * 1000) / 1000;
}

/** An API date (epoch seconds) as an ISO-8601 string, or '' when missing. */
export function isoDate(seconds) {
  return typeof seconds === 'number' ? new Date(seconds * 1000).toISOString() : '';
}

/** A duration for people: `850 ms`, `12.3 s`, `4 min 05 s`. */
export function formatDuration(seconds) {
  if (seconds == null) {
    return '';
  }
  if (seconds < 1) {
    return Math.round(seconds * 1000) + ' ms';
  }
  if (seconds < 60) {
    return (Math.round(seconds * 10) / 10) + ' s';
  }
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds - m * 60);
  return `${m} min ${String(s).padStart(2, '0')} s`;
}

/** Whether an event matches a search text: its type, id or any details value, case-insensitively. */
export function eventMatches(event, text) {
  if (!text) {
    return true;
  }
  let hay = SEARCH_TEXT.get(event);
  if (hay === undefined) {
    hay = JSON.stringify(event).toLowerCase();
    SEARCH_TEXT.set(event, hay);
  }
  return hay.includes(text.toLowerCase());
}

// Each event's lower-cased text, computed once (a 10,000-event history is searched on every keystroke).
const SEARCH_TEXT = new WeakMap();
