// Baseline for `bench/run asl`: runs one benchmark case of bench/asl/ on aws-local-stepfunctions and prints one JSON
// line to stdout: {engine, node, case, items, runs, transitions, bestMillis, millis, cpuMillisPerRun, peakRssBytes,
// midRunLiveHeapBytes}.
// A transition is a StateEntered event (nested Map iterations included), counted from the execution's eventLogs.
// --heap (with node --expose-gc) runs a full GC when half the transitions are counted and reports the heap then
// (midRunLiveHeapBytes; baselineHeapBytes after a full GC before the run, the input built), as AslBench does for the
// JVM; peakRssBytes is the process's VmHWM (Linux).
//
//   node bench/node/bench.mjs a [--items 10000] [--runs 3] [--warmup 1]    inline Map of Pass states
//   node bench/node/bench.mjs b [--n 1000]                                 Choice loop
//   node bench/node/bench.mjs c [--items 100000]                           Distributed Map's closest equivalent:
//        inline Map over the ItemBatcher's batches of 100 (aws-local-stepfunctions has no Distributed Map)
//   node bench/node/bench.mjs c-items [--items 100000]                     inline Map over every item (definition a)
import { readFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// aws-local-stepfunctions 3.0.0 declares Node >= 22 for Promise.withResolvers (Task timeouts); Node 20 lacks it.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}
const { StateMachine } = await import('aws-local-stepfunctions');

const here = dirname(fileURLToPath(import.meta.url));
const definition = (file) => JSON.parse(readFileSync(join(here, '..', 'asl', file), 'utf8'));

const args = process.argv.slice(2);
const which = args[0];
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const runs = option('runs', 3);
const warmup = option('warmup', 1);
const heapProbe = args.includes('--heap') && typeof globalThis.gc === 'function';
let midRunLiveHeapBytes = null;
let baselineHeapBytes = null;

const itemsOf = (n) => Array.from({ length: n }, (_, i) => ({ id: i }));
const batchesOf = (n, size) => {
  const batches = [];
  for (let i = 0; i < n; i += size) {
    batches.push({ Items: Array.from({ length: Math.min(size, n - i) }, (_, j) => ({ id: i + j })) });
  }
  return batches;
};

let file;
let input;
let items;
let expectedTransitions;
switch (which) {
  case 'a':
    items = option('items', 10_000);
    file = 'inline-map.asl.json';
    input = { items: itemsOf(items) };
    expectedTransitions = items + 1;
    break;
  case 'b':
    items = option('n', 1000);
    file = 'choice-loop.asl.json';
    input = { n: items };
    expectedTransitions = 2 * items + 2;
    break;
  case 'c':
    items = option('items', 100_000);
    file = 'distributed-map.node-equivalent.asl.json';
    input = { batches: batchesOf(items, 100) };
    expectedTransitions = input.batches.length + 1;
    break;
  case 'c-items':
    items = option('items', 100_000);
    file = 'inline-map.asl.json';
    input = { items: itemsOf(items) };
    expectedTransitions = items + 1;
    break;
  default:
    console.error(`unknown case '${which}' (known: a, b, c, c-items)`);
    process.exit(2);
}

const machine = new StateMachine(definition(file));

async function once() {
  if (heapProbe) {
    globalThis.gc();
    baselineHeapBytes = getHeapStatistics().used_heap_size;
  }
  const start = process.hrtime.bigint();
  const execution = machine.run(input);
  let transitions = 0;
  const probeAt = heapProbe ? Math.floor(expectedTransitions / 2) : -1;
  const counting = (async () => {
    for await (const event of execution.eventLogs) {
      if (event.type === 'StateEntered' && ++transitions === probeAt) {
        globalThis.gc();
        midRunLiveHeapBytes = getHeapStatistics().used_heap_size;
      }
    }
  })();
  await execution.result;
  await counting;
  const millis = Number(process.hrtime.bigint() - start) / 1e6;
  return { transitions, millis };
}

for (let i = 0; i < warmup; i++) {
  await once();
}
const times = [];
let transitions = 0;
// CPU time of the process (user + system) over the measured runs: less sensitive to other processes than wall time
const cpuStart = process.cpuUsage();
for (let i = 0; i < runs; i++) {
  const r = await once();
  times.push(r.millis);
  transitions = r.transitions;
  if (transitions !== expectedTransitions) {
    console.error(`${which}: counted ${transitions} transitions, expected ${expectedTransitions}`);
    process.exit(1);
  }
}
const cpu = process.cpuUsage(cpuStart);
// VmHWM, not resourceUsage().maxRSS: a process spawned by the JVM inherits the JVM's maxRSS across exec.
function peakRss() {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

console.log(JSON.stringify({
  engine: 'aws-local-stepfunctions@3.0.0',
  node: process.version,
  case: which,
  file,
  items,
  runs,
  transitions,
  bestMillis: Math.min(...times),
  millis: times,
  cpuMillisPerRun: (cpu.user + cpu.system) / 1000 / runs,
  peakRssBytes: peakRss(),
  baselineHeapBytes,
  midRunLiveHeapBytes,
}));
