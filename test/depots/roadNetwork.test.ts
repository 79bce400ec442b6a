import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/random.js';
import { greatCircleKm } from '../../src/travel/greatCircleKm.js';
import { shortestRoadKm, type RoadLink, type RoadNetwork, type RoadNode } from '../../src/depots/roadNetwork.js';

/** Shortest km by enumerating every simple path (depth-first), for tiny graphs. */
function bruteForceKm(network: RoadNetwork, from: number, to: number): number {
  const index = new Map(network.nodes.map((n, i) => [n.id, i]));
  const edges = network.links.map((l) => [index.get(l.from)!, index.get(l.to)!, l.roadKm] as const);
  let best = from === to ? 0 : Infinity;
  const visited = new Set<number>([from]);
  const walk = (at: number, km: number): void => {
    for (const [a, b, length] of edges) {
      const next = a === at ? b : b === at ? a : -1;
      if (next < 0 || visited.has(next)) continue;
      if (next === to) best = Math.min(best, km + length);
      else {
        visited.add(next);
        walk(next, km + length);
        visited.delete(next);
      }
    }
  };
  if (from !== to) walk(from, 0);
  return best;
}

function randomNetwork(seed: number, n: number, linkCount: number): RoadNetwork {
  const random = createRandom(seed);
  const nodes: RoadNode[] = Array.from({ length: n }, (_, i) => ({ id: `n${i}`, latDeg: 40 + random.float() * 2, lngDeg: 121 + random.float() * 3 }));
  const links: RoadLink[] = [];
  for (let k = 0; k < linkCount; k++) {
    const a = random.int(0, n - 1);
    let b = random.int(0, n - 2);
    if (b >= a) b++;
    const straight = greatCircleKm(nodes[a].latDeg, nodes[a].lngDeg, nodes[b].latDeg, nodes[b].lngDeg);
    links.push({ from: nodes[a].id, to: nodes[b].id, roadKm: straight * (1 + random.float()) });
  }
  return { nodes, links };
}

describe('shortestRoadKm', () => {
  it('equals the shortest simple path found by enumeration on 40 random tiny graphs (some disconnected, some with parallel links)', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const n = 2 + (seed % 6);
      const network = randomNetwork(seed, n, seed % 9);
      const km = shortestRoadKm(network);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
        const expected = bruteForceKm(network, i, j);
        if (expected === Infinity) expect(km[i * n + j], `seed ${seed} ${i}→${j}`).toBe(Infinity);
        else expect(km[i * n + j], `seed ${seed} ${i}→${j}`).toBeCloseTo(expected, 9);
      }
    }
  });

  it('takes the path over two links when it is shorter than the direct one', () => {
    const nodes = [
      { id: 'a', latDeg: 41, lngDeg: 122 },
      { id: 'b', latDeg: 41, lngDeg: 122.5 },
      { id: 'c', latDeg: 41, lngDeg: 123 },
    ];
    const km = shortestRoadKm({ nodes, links: [{ from: 'a', to: 'b', roadKm: 45 }, { from: 'b', to: 'c', roadKm: 45 }, { from: 'a', to: 'c', roadKm: 120 }] });
    expect(km[0 * 3 + 2]).toBe(90);
    expect(km[2 * 3 + 0]).toBe(90);
  });

  it('refuses a link shorter than the straight line, an unknown node, a self-link and a duplicate id', () => {
    const nodes = [
      { id: 'a', latDeg: 41, lngDeg: 122 },
      { id: 'b', latDeg: 41, lngDeg: 123 },
    ];
    expect(() => shortestRoadKm({ nodes, links: [{ from: 'a', to: 'b', roadKm: 50 }] })).toThrow(/shorter than the 83/);
    // A node with latitude and longitude swapped: the hint names both nodes with their coordinates.
    const swapped = [nodes[0], { id: 'b', latDeg: 123, lngDeg: 41 }].map((node) => ({ ...node, latDeg: Math.min(node.latDeg, 89) }));
    expect(() => shortestRoadKm({ nodes: swapped, links: [{ from: 'a', to: 'b', roadKm: 83 }] })).toThrow(
      expect.objectContaining({ hint: 'Check the length, and the coordinates of its nodes: "a" (nodes/0: latDeg 41, lngDeg 122) and "b" (nodes/1: latDeg 89, lngDeg 41)' }),
    );
    expect(() => shortestRoadKm({ nodes, links: [{ from: 'a', to: 'x', roadKm: 100 }] })).toThrow(/unknown node/);
    expect(() => shortestRoadKm({ nodes, links: [{ from: 'a', to: 'a', roadKm: 1 }] })).toThrow(/itself/);
    expect(() => shortestRoadKm({ nodes: [...nodes, nodes[0]], links: [] })).toThrow(/twice/);
    expect(() => shortestRoadKm({ nodes: [], links: [] })).toThrow(/no nodes/);
  });
});
