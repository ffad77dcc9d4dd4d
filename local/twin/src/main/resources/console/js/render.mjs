// Draws a laid-out graph (graph.mjs `flatten`) as SVG, and colours it from state statuses (status.mjs).
import { STATUSES } from './status.mjs';
import { add, clear, svg } from './dom.mjs';

const MARGIN = 8;

/**
 * Draws `layout` into the `<svg>` element `root` (its previous content is removed).
 *
 * @param onSelect called with the state name when a state is clicked
 * @returns {{paint: function(Map<string, object>, object=): void}} `paint(states, extras)` colours each state by
 *   its status (a Map of name -> {status, entered, attempts}); `extras` maps a state name to a short progress text
 *   (a Map's `12/40`)
 */
export function drawGraph(doc, root, layout, onSelect) {
  clear(root);
  root.setAttribute('viewBox', `${-MARGIN} ${-MARGIN} ${layout.width + 2 * MARGIN} ${layout.height + 2 * MARGIN}`);
  root.setAttribute('width', String(Math.ceil(layout.width + 2 * MARGIN)));
  root.setAttribute('height', String(Math.ceil(layout.height + 2 * MARGIN)));
  root.appendChild(svg(doc, 'defs', {},
    svg(doc, 'marker', { id: 'arrow', viewBox: '0 0 10 10', refX: '10', refY: '5', markerWidth: '7',
      markerHeight: '7', orient: 'auto-start-reverse' }, svg(doc, 'path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow' }))));

  const boxes = svg(doc, 'g', { class: 'boxes' });
  const edges = svg(doc, 'g', { class: 'edges' });
  const nodes = svg(doc, 'g', { class: 'nodes' });
  add(doc, root, boxes, edges, nodes);

  const byName = new Map();
  for (const s of layout.shapes) {
    if (s.kind === 'entry') {
      nodes.appendChild(svg(doc, 'circle', { class: 'entry', cx: s.x + s.width / 2, cy: s.y + s.height / 2, r: 4 }));
      continue;
    }
    const g = svg(doc, 'g', { class: `node kind-${s.kind}${s.box ? ' box' : ''} status-idle`, 'data-id': s.id,
      transform: `translate(${s.x},${s.y})` });
    const title = svg(doc, 'title', {}, s.kind === 'state' ? `${s.name} (${s.subtitle})` : s.name);
    g.appendChild(title);
    if (s.kind === 'start' || s.kind === 'end') {
      add(doc, g, svg(doc, 'rect', { width: s.width, height: s.height, rx: s.height / 2 }),
        svg(doc, 'text', { x: s.width / 2, y: s.height / 2 + 4, 'text-anchor': 'middle' }, s.name));
      nodes.appendChild(g);
      continue;
    }
    const badge = svg(doc, 'text', { class: 'badge', x: s.width - 6, y: s.box ? 15 : 13, 'text-anchor': 'end' });
    if (s.box || s.kind === 'branch') {
      add(doc, g, svg(doc, 'rect', { width: s.width, height: s.height, rx: 6 }),
        svg(doc, 'text', { class: 'name', x: 10, y: 15 }, s.name),
        svg(doc, 'text', { class: 'sub', x: 10, y: 28 }, s.subtitle ?? ''), badge);
      boxes.appendChild(g);
    } else {
      add(doc, g, svg(doc, 'rect', { width: s.width, height: s.height, rx: 4 }),
        svg(doc, 'text', { class: 'name', x: s.width / 2, y: 19, 'text-anchor': 'middle' }, s.name),
        svg(doc, 'text', { class: 'sub', x: s.width / 2, y: 34, 'text-anchor': 'middle' }, s.subtitle ?? ''), badge);
      nodes.appendChild(g);
    }
    if (s.kind === 'state') {
      g.addEventListener?.('click', (ev) => {
        ev.stopPropagation?.();
        onSelect?.(s.name);
      });
      if (!byName.has(s.name)) {
        byName.set(s.name, []);
      }
      byName.get(s.name).push({ g, badge });
    }
  }

  for (const e of layout.edges) {
    if (e.points.length < 2) {
      continue;
    }
    const d = e.points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'} ${x} ${y}`).join(' ');
    const g = svg(doc, 'g', { class: `edge kind-${e.kind}` },
      svg(doc, 'path', { d, 'marker-end': e.target.endsWith('/^') ? undefined : 'url(#arrow)' }));
    for (const l of e.labels) {
      add(doc, g, svg(doc, 'rect', { class: 'label-bg', x: l.x - 2, y: l.y - 1, width: l.width + 4, height: l.height + 2, rx: 3 }),
        svg(doc, 'text', { class: 'label', x: l.x + 2, y: l.y + l.height - 4 }, l.text));
    }
    edges.appendChild(g);
  }

  return {
    paint(states, extras) {
      for (const [name, parts] of byName) {
        const st = states?.get(name);
        const status = st?.status ?? 'idle';
        const extra = extras?.get(name);
        for (const { g, badge } of parts) {
          const cls = g.getAttribute('class').split(' ').filter((c) => !c.startsWith('status-'));
          cls.push('status-' + (STATUSES.includes(status) ? status : 'idle'));
          g.setAttribute('class', cls.join(' '));
          const retries = st ? st.attempts.reduce((n, a) => n + a.retries.length, 0) : 0;
          const parts2 = [];
          if (extra) {
            parts2.push(extra);
          }
          if (st && st.entered > 1) {
            parts2.push('×' + st.entered);
          }
          if (retries > 0) {
            parts2.push('↻' + retries);
          }
          badge.textContent = parts2.join(' ');
        }
      }
    },
    select(name) {
      for (const [n, parts] of byName) {
        for (const { g } of parts) {
          const cls = g.getAttribute('class').split(' ').filter((c) => c !== 'selected');
          if (n === name) {
            cls.push('selected');
          }
          g.setAttribute('class', cls.join(' '));
        }
      }
    },
  };
}
