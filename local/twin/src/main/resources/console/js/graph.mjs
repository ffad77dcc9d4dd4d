// The state machine graph: an ASL definition turned into an ELK graph (https://eclipse.dev/elk/documentation/tooldevelopers/graphdatastructure/jsonformat.html),
// laid out by ELK's layered algorithm top to bottom, then flattened into absolute shapes for drawing.
// Pure functions, no DOM: tested with `node --test` (src/test/js).

/** Node id of the execution's start and end markers. */
export const START_ID = 'start';
export const END_ID = 'end';

const NODE_HEIGHT = 44;
const CHAR_WIDTH = 7.2;
const LABEL_CHAR_WIDTH = 6.4;
const LABEL_MAX = 44;

/** Layout options of the whole graph: ELK layered, top to bottom, one layout across nested boxes. */
export const ROOT_LAYOUT = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.layered.spacing.nodeNodeBetweenLayers': '36',
  'elk.spacing.nodeNode': '28',
  'elk.spacing.edgeLabel': '4',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.cycleBreaking.strategy': 'DEPTH_FIRST',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.json.shapeCoords': 'ROOT',
  'elk.json.edgeCoords': 'ROOT',
};

// Boxes repeat the cycle breaking: with INCLUDE_CHILDREN, ELK reads it per box (loops inside a Map were drawn upside
// down without it). Model order, set on a box too, crashes elkjs 0.12.1.
const BOX_LAYOUT = {
  'elk.padding': '[top=34,left=14,bottom=14,right=14]',
  'elk.layered.cycleBreaking.strategy': ROOT_LAYOUT['elk.layered.cycleBreaking.strategy'],
};

const COMPARATORS = [
  ['LessThanEquals', '<='], ['GreaterThanEquals', '>='], ['Equals', '=='], ['LessThan', '<'],
  ['GreaterThan', '>'], ['Matches', 'matches'],
];

/**
 * A short, human label for one Choice rule: `$.done == false`, `a && b`, or a JSONata Condition. Never longer than
 * LABEL_MAX characters (an ellipsis marks the cut).
 */
export function describeRule(rule) {
  return truncate(ruleText(rule), LABEL_MAX);
}

function ruleText(rule) {
  if (rule == null || typeof rule !== 'object') {
    return '?';
  }
  if (typeof rule.Condition === 'string') {
    return rule.Condition.replace(/^\{%\s*|\s*%\}$/g, '');
  }
  if (Array.isArray(rule.And)) {
    return rule.And.map(ruleText).join(' && ');
  }
  if (Array.isArray(rule.Or)) {
    return rule.Or.map(ruleText).join(' || ');
  }
  if (rule.Not) {
    return '!(' + ruleText(rule.Not) + ')';
  }
  const variable = rule.Variable ?? '$';
  for (const key of Object.keys(rule)) {
    if (key === 'Variable' || key === 'Next' || key === 'Comment' || key === 'Assign' || key === 'Output') {
      continue;
    }
    if (key.startsWith('Is')) {
      return `${variable} ${rule[key] ? '' : 'not '}${key.slice(2).toLowerCase()}`;
    }
    const isPath = key.endsWith('Path');
    const op = isPath ? key.slice(0, -4) : key;
    for (const [suffix, symbol] of COMPARATORS) {
      if (op.endsWith(suffix)) {
        const value = isPath ? rule[key] : JSON.stringify(rule[key]);
        return `${variable} ${symbol} ${value}`;
      }
    }
  }
  return 'rule';
}

function truncate(text, max) {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}

/** The processor of a Map state (ItemProcessor, or the older Iterator), or null. */
function processorOf(state) {
  return state.ItemProcessor ?? state.Iterator ?? null;
}

/** The sub-type line under a state's name: `Task`, `Map (distributed)`, `Lambda invoke`... */
export function subtitle(state) {
  if (state.Type === 'Map') {
    const mode = processorOf(state)?.ProcessorConfig?.Mode;
    return mode === 'DISTRIBUTED' ? 'Map (distributed)' : 'Map (inline)';
  }
  if (state.Type === 'Task' && typeof state.Resource === 'string') {
    const r = state.Resource;
    if (r.startsWith('arn:aws:states:::')) {
      return 'Task: ' + r.slice('arn:aws:states:::'.length).replace(/\.(sync|waitForTaskToken)(:2)?$/, '');
    }
    if (r.includes(':lambda:') || r.includes(':function:')) {
      return 'Task: lambda';
    }
  }
  return state.Type ?? '?';
}

function nodeWidth(name, sub) {
  return Math.round(Math.max(120, Math.max(name.length, sub.length * 0.85) * CHAR_WIDTH + 28));
}

function label(text) {
  return { text, width: Math.round(text.length * LABEL_CHAR_WIDTH + 8), height: 16 };
}

/**
 * Builds the ELK graph of a definition.
 *
 * @param definition the parsed ASL definition (an object with StartAt and States)
 * @returns {{elk: object, nodes: Map<string, object>, idsByName: Map<string, string[]>}} the ELK graph (ids only,
 *   no coordinates yet), each node's metadata by id ({id, name, kind: 'state'|'start'|'end'|'branch', type,
 *   subtitle, parent, state}) and the node ids of each state name (names are unique in a valid definition, but a
 *   definition with a repeated name still draws)
 */
export function buildGraph(definition) {
  if (definition == null || typeof definition !== 'object' || typeof definition.States !== 'object') {
    throw new Error('not a state machine definition: an object with StartAt and States is expected');
  }
  const nodes = new Map();
  const idsByName = new Map();
  let edgeCount = 0;
  const newEdge = (source, target, kind, text) => {
    const e = { id: 'e' + (edgeCount++), sources: [source], targets: [target], kind };
    if (text) {
      e.labels = [label(text)];
    }
    return e;
  };

  const root = { id: 'root', layoutOptions: { ...ROOT_LAYOUT }, children: [], edges: [] };
  root.children.push(marker(START_ID, 'Start', nodes));

  // Lays out one StartAt/States scope inside `container`; returns the ids of its terminal states.
  const addScope = (scope, container, prefix) => {
    const idOf = (name) => prefix + name;
    const terminals = [];
    if (container !== root && scope.States?.[scope.StartAt]) {
      // A nested scope's entry dot: gives the layering a source inside the box, so loops back to StartAt are
      // drawn as loops, not as the scope's first layer.
      const entry = prefix + '^';
      nodes.set(entry, { id: entry, name: scope.StartAt, kind: 'entry', parent: container.id });
      container.children.push({ id: entry, width: 10, height: 10 });
      container.edges.push(newEdge(entry, idOf(scope.StartAt), 'next'));
    }
    for (const [name, state] of Object.entries(scope.States ?? {})) {
      const id = idOf(name);
      const sub = subtitle(state);
      const meta = { id, name, kind: 'state', type: state.Type, subtitle: sub, parent: container.id, state };
      nodes.set(id, meta);
      if (!idsByName.has(name)) {
        idsByName.set(name, []);
      }
      idsByName.get(name).push(id);
      const node = { id, width: nodeWidth(name, sub), height: NODE_HEIGHT };
      container.children.push(node);
      if (state.Type === 'Parallel' || (state.Type === 'Map' && processorOf(state))) {
        node.children = [];
        node.edges = [];
        node.layoutOptions = { ...BOX_LAYOUT };
        delete node.width;
        delete node.height;
        meta.box = true;
        if (state.Type === 'Map') {
          addScope(processorOf(state), node, id + '/');
        } else {
          (state.Branches ?? []).forEach((branch, i) => {
            const bid = id + '#' + (i + 1);
            nodes.set(bid, { id: bid, name: 'Branch ' + (i + 1), kind: 'branch', parent: id });
            const box = { id: bid, children: [], edges: [], layoutOptions: { ...BOX_LAYOUT } };
            node.children.push(box);
            addScope(branch, box, bid + '/');
          });
        }
      }
      const link = (target, kind, text) => {
        if (typeof target === 'string' && scope.States?.[target]) {
          container.edges.push(newEdge(id, idOf(target), kind, text));
        }
      };
      link(state.Next, 'next');
      if (state.Type === 'Choice') {
        (state.Choices ?? []).forEach((rule) => link(rule.Next, 'choice', describeRule(rule)));
        link(state.Default, 'default', 'Default');
      }
      (state.Catch ?? []).forEach((c) => link(c.Next, 'catch', 'Catch ' + truncate((c.ErrorEquals ?? []).join(', '), 30)));
      if (state.End === true || state.Type === 'Succeed' || state.Type === 'Fail') {
        terminals.push(id);
      }
    }
    return terminals;
  };

  const terminals = addScope(definition, root, 'n:');
  root.children.push(marker(END_ID, 'End', nodes));
  if (definition.StartAt && definition.States[definition.StartAt]) {
    root.edges.push(newEdge(START_ID, 'n:' + definition.StartAt, 'next'));
  }
  terminals.forEach((t) => root.edges.push(newEdge(t, END_ID, 'next')));
  return { elk: root, nodes, idsByName };
}

function marker(id, name, nodes) {
  nodes.set(id, { id, name, kind: id, parent: 'root' });
  return { id, width: 64, height: 28 };
}

/**
 * Flattens ELK's laid-out graph into drawable shapes with absolute coordinates.
 *
 * @param laidOut the graph ELK returned (root options {@link ROOT_LAYOUT}: coordinates are already absolute)
 * @param model what {@link buildGraph} returned
 * @returns {{width: number, height: number, shapes: object[], edges: object[]}} shapes parents first (so boxes are
 *   drawn under their content), each {id, x, y, width, height, depth, ...meta}; edges with their kind, points
 *   and labels
 */
export function flatten(laidOut, model) {
  const shapes = [];
  const edges = [];
  const visit = (node, depth) => {
    for (const child of node.children ?? []) {
      const meta = model.nodes.get(child.id) ?? { id: child.id, kind: 'state', name: child.id };
      shapes.push({ ...meta, x: child.x, y: child.y, width: child.width, height: child.height, depth });
      visit(child, depth + 1);
    }
    for (const e of node.edges ?? []) {
      const points = [];
      for (const s of e.sections ?? []) {
        points.push([s.startPoint.x, s.startPoint.y]);
        for (const b of s.bendPoints ?? []) {
          points.push([b.x, b.y]);
        }
        points.push([s.endPoint.x, s.endPoint.y]);
      }
      edges.push({
        id: e.id, kind: e.kind, source: e.sources[0], target: e.targets[0], points,
        labels: (e.labels ?? []).map((l) => ({ text: l.text, x: l.x, y: l.y, width: l.width, height: l.height })),
      });
    }
  };
  visit(laidOut, 0);
  return { width: laidOut.width, height: laidOut.height, shapes, edges };
}

/**
 * Lays out a definition with an ELK instance (`new ELK()` from the vendored elk.bundled.js).
 *
 * @returns {Promise<{model: object, layout: object}>} the model of {@link buildGraph} and the shapes of {@link flatten}
 */
export async function layoutDefinition(elk, definition) {
  const model = buildGraph(definition);
  const laidOut = await elk.layout(model.elk);
  return { model, layout: flatten(laidOut, model) };
}
