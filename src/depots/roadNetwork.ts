import { AirreachError } from '../errors.js';
import { greatCircleKm } from '../travel/greatCircleKm.js';

/**
 * A node of a {@link RoadNetwork}: a town where expressways meet or end.
 *
 * @example
 * const shenyang: RoadNode = { id: 'seat:210100', latDeg: 41.79222, lngDeg: 123.43278 };
 */
export interface RoadNode {
  id: string;
  latDeg: number;
  lngDeg: number;
}

/**
 * An undirected link of a {@link RoadNetwork}: road km between two nodes.
 *
 * @example
 * const g15: RoadLink = { from: 'seat:210100', to: 'seat:211000', roadKm: 64 }; // Shenyang – Liaoyang
 */
export interface RoadLink {
  from: string;
  to: string;
  /** Road km along the link; never shorter than the great circle between its nodes. */
  roadKm: number;
}

/**
 * A small road graph (e.g. the expressways between prefecture seats) for network ground times:
 * nodes are towns, links carry road km (the `network` option of the ground-time model).
 *
 * @example
 * const network: RoadNetwork = JSON.parse(readFileSync('data/liaoning/roads.json', 'utf8'));
 */
export interface RoadNetwork {
  nodes: readonly RoadNode[];
  links: readonly RoadLink[];
}

/**
 * Most nodes a road network may hold (all-pairs shortest paths are n³: 500 nodes = 1.25e8 steps).
 *
 * @example
 * network.nodes.length <= MAX_ROAD_NODES; // else shortestRoadKm throws E_OPTION
 */
export const MAX_ROAD_NODES = 500;
/**
 * Most links a road network may hold.
 *
 * @example
 * network.links.length <= MAX_ROAD_LINKS; // else shortestRoadKm throws E_OPTION
 */
export const MAX_ROAD_LINKS = 5000;

/**
 * All-pairs shortest road km of a network (Floyd–Warshall), row-major `nodes.length²`;
 * `Infinity` where no path joins two nodes. Checks the network first: unique node ids, links
 * between known distinct nodes, road km finite and at least the great circle (1 % slack for
 * rounded coordinates), at most {@link MAX_ROAD_NODES} nodes and {@link MAX_ROAD_LINKS} links.
 *
 * @example
 * const km = shortestRoadKm({ nodes: [a, b, c], links: [{ from: 'a', to: 'b', roadKm: 40 }, { from: 'b', to: 'c', roadKm: 30 }] });
 * km[0 * 3 + 2]; // -> 70 (a → b → c)
 */
export function shortestRoadKm(network: RoadNetwork): Float64Array {
  const { nodes, links } = network;
  if (nodes.length === 0) throw new AirreachError('E_EMPTY', 'the road network has no nodes', { where: { field: 'network.nodes' } });
  if (nodes.length > MAX_ROAD_NODES) {
    throw new AirreachError('E_OPTION', `the road network has ${nodes.length} nodes, over ${MAX_ROAD_NODES}`, { value: nodes.length, where: { field: 'network.nodes' }, expected: `≤ ${MAX_ROAD_NODES} nodes` });
  }
  if (links.length > MAX_ROAD_LINKS) {
    throw new AirreachError('E_OPTION', `the road network has ${links.length} links, over ${MAX_ROAD_LINKS}`, { value: links.length, where: { field: 'network.links' }, expected: `≤ ${MAX_ROAD_LINKS} links` });
  }
  const index = new Map<string, number>();
  nodes.forEach((node, i) => {
    if (index.has(node.id)) throw new AirreachError('E_DUPLICATE_ID', `road node id "${node.id}" appears twice`, { value: node.id, where: { field: `network.nodes.${i}.id` } });
    if (!(Math.abs(node.latDeg) <= 90 && Math.abs(node.lngDeg) <= 180)) {
      throw new AirreachError('E_COORDINATE', `road node "${node.id}" lies outside the globe`, { value: [node.latDeg, node.lngDeg], where: { field: `network.nodes.${i}` }, expected: 'latDeg in [-90, 90], lngDeg in [-180, 180]' });
    }
    index.set(node.id, i);
  });
  const n = nodes.length;
  const km = new Float64Array(n * n).fill(Infinity);
  for (let i = 0; i < n; i++) km[i * n + i] = 0;
  links.forEach((link, k) => {
    const a = index.get(link.from);
    const b = index.get(link.to);
    if (a === undefined || b === undefined) {
      throw new AirreachError('E_OPTION', `road link ${k} joins an unknown node`, { value: [link.from, link.to], where: { field: `network.links.${k}` }, hint: 'Name nodes by the ids of network.nodes' });
    }
    if (a === b) throw new AirreachError('E_OPTION', `road link ${k} joins node "${link.from}" to itself`, { value: link.from, where: { field: `network.links.${k}` } });
    const straightKm = greatCircleKm(nodes[a].latDeg, nodes[a].lngDeg, nodes[b].latDeg, nodes[b].lngDeg);
    if (!(Number.isFinite(link.roadKm) && link.roadKm >= straightKm * 0.99)) {
      throw new AirreachError('E_OPTION', `road link ${link.from}–${link.to} is ${link.roadKm} km, shorter than the ${straightKm.toFixed(1)} km straight line between its nodes`, {
        value: link.roadKm,
        where: { field: `network.links.${k}.roadKm` },
        expected: `a finite number ≥ ${straightKm.toFixed(1)}`,
        // A node with latitude and longitude swapped makes every link of it "too short": the
        // error named only the link's length, so the node at fault is named too.
        hint: `Check the length, and the coordinates of its nodes: ${describeNode(nodes[a], a)} and ${describeNode(nodes[b], b)}`,
      });
    }
    // Two links between one pair: the shorter one is the road.
    if (link.roadKm < km[a * n + b]) {
      km[a * n + b] = link.roadKm;
      km[b * n + a] = link.roadKm;
    }
  });
  for (let via = 0; via < n; via++) {
    for (let i = 0; i < n; i++) {
      const toVia = km[i * n + via];
      if (toVia === Infinity) continue;
      for (let j = 0; j < n; j++) {
        const through = toVia + km[via * n + j];
        if (through < km[i * n + j]) km[i * n + j] = through;
      }
    }
  }
  return km;
}

/** A node as an error names it: its id, its place in the file's list and its coordinates. */
function describeNode(node: RoadNode, k: number): string {
  return `${JSON.stringify(node.id)} (nodes/${k}: latDeg ${node.latDeg}, lngDeg ${node.lngDeg})`;
}
