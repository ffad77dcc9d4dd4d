// The Step Functions API as the console calls it: the same AWS JSON 1.0 protocol that SDKs speak, on the origin that
// served the page (POST / with X-Amz-Target), so the console shows exactly what the API reports.

/** An API error: AWS's error name (`ExecutionDoesNotExist`...) and its message. */
export class SfnError extends Error {
  constructor(type, message, status) {
    super(message);
    this.type = type;
    this.status = status;
  }
}

/**
 * Calls one operation.
 *
 * @param fetchFn the page's fetch (a test passes its own)
 * @returns {Promise<object>} the response body
 */
export async function call(fetchFn, operation, body) {
  let res;
  try {
    res = await fetchFn('/', {
      method: 'POST',
      headers: { 'X-Amz-Target': 'AWSStepFunctions.' + operation, 'Content-Type': 'application/x-amz-json-1.0' },
      body: JSON.stringify(body ?? {}),
    });
  } catch (e) {
    throw new SfnError('NetworkError', `cannot reach the twin for ${operation} (is 'etl local up' still running?): ${e.message}`, 0);
  }
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    throw new SfnError('SerializationException', `${operation}: the twin answered HTTP ${res.status} with a body that is not JSON`, res.status);
  }
  if (!res.ok) {
    const type = String(json.__type ?? 'UnknownError').replace(/^.*#/, '');
    throw new SfnError(type, `${operation} failed: ${type}: ${json.message ?? json.Message ?? ''}`, res.status);
  }
  return json;
}

/** Every page of a list operation, concatenated (`field` is the list's name, e.g. `events`). */
export async function all(fetchFn, operation, body, field, maxPages = 1000) {
  const out = [];
  let token;
  for (let page = 0; page < maxPages; page++) {
    const res = await call(fetchFn, operation, { ...body, ...(token ? { nextToken: token } : {}) });
    out.push(...(res[field] ?? []));
    token = res.nextToken;
    if (!token) {
      break;
    }
  }
  return out;
}

/**
 * The events of a history after `lastId`, oldest first: read newest first (reverseOrder) until an event already
 * known, so a poll costs one request however long the history is. With lastId 0, reads the whole history forward.
 */
export async function newEvents(fetchFn, executionArn, lastId) {
  if (!lastId) {
    return all(fetchFn, 'GetExecutionHistory', { executionArn, maxResults: 1000, includeExecutionData: true }, 'events');
  }
  const fresh = [];
  let token;
  for (;;) {
    const res = await call(fetchFn, 'GetExecutionHistory', {
      executionArn, maxResults: 200, reverseOrder: true, includeExecutionData: true, ...(token ? { nextToken: token } : {}),
    });
    let reachedKnown = false;
    for (const ev of res.events ?? []) {
      if (ev.id <= lastId) {
        reachedKnown = true;
        break;
      }
      fresh.push(ev);
    }
    token = res.nextToken;
    if (reachedKnown || !token) {
      break;
    }
  }
  return fresh.reverse();
}
