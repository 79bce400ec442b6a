import type { Position } from 'geojson';

/** A point-in-polygon test prepared once for many queries. */
export interface PolygonIndex {
  /** `[west, south, east, north]` of all rings, degrees. */
  bbox: [number, number, number, number];
  /** True when (lng, lat) lies inside (even-odd rule over every ring, so holes are holes). */
  contains(lngDeg: number, latDeg: number): boolean;
  /**
   * True when no edge comes within `radius` of (lng, lat), distances measured in degrees of
   * latitude with longitudes scaled by `lngScale` (the cosine of the latitude there): every point
   * within `radius` then lies on the same side of every edge, so `contains` gives them all the same
   * answer (a linear scaling keeps which side of a straight edge a point is on).
   */
  clearOf(lngDeg: number, latDeg: number, radius: number, lngScale: number): boolean;
}

/**
 * Prepares a polygon or multipolygon (GeoJSON coordinates, `[lng, lat]`) for fast
 * point-in-polygon queries. The edges are bucketed into horizontal latitude bands (about four
 * edges per band), so a query crosses only the edges of one band instead of every vertex as
 * @turf/boolean-point-in-polygon does: the grid build tests hundreds of thousands of points
 * against prefecture outlines with thousands of vertices. Edges are straight in lng/lat, the
 * same planar rule H3's `polygonToCells` uses for cell centres, so both agree on which cells a
 * polygon holds. Rings must not cross the antimeridian (validateFeatures refuses those).
 *
 * @example
 * const index = createPolygonIndex([[[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]]]);
 * index.contains(1, 1); // -> true
 */
export function createPolygonIndex(polygons: Position[][][]): PolygonIndex {
  let edgeCount = 0;
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      edgeCount += Math.max(0, ring.length - 1);
      for (const [x, y] of ring) {
        if (x < west) west = x;
        if (x > east) east = x;
        if (y < south) south = y;
        if (y > north) north = y;
      }
    }
  }
  const x0 = new Float64Array(edgeCount);
  const y0 = new Float64Array(edgeCount);
  const x1 = new Float64Array(edgeCount);
  const y1 = new Float64Array(edgeCount);
  let e = 0;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      for (let i = 0; i + 1 < ring.length; i++, e++) {
        x0[e] = ring[i][0];
        y0[e] = ring[i][1];
        x1[e] = ring[i + 1][0];
        y1[e] = ring[i + 1][1];
      }
    }
  }
  const bandCount = Math.max(1, Math.min(65_536, Math.ceil(edgeCount / 4)));
  const height = north > south ? (north - south) / bandCount : 1;
  const band = (y: number) => Math.min(bandCount - 1, Math.max(0, Math.floor((y - south) / height)));
  // CSR lists: edges of band b are bandEdges[bandStart[b] .. bandStart[b + 1]).
  const bandStart = new Uint32Array(bandCount + 1);
  for (let k = 0; k < edgeCount; k++) {
    const last = band(Math.max(y0[k], y1[k]));
    for (let b = band(Math.min(y0[k], y1[k])); b <= last; b++) bandStart[b + 1]++;
  }
  for (let b = 0; b < bandCount; b++) bandStart[b + 1] += bandStart[b];
  const bandEdges = new Uint32Array(bandStart[bandCount]);
  const fill = bandStart.slice(0, bandCount);
  for (let k = 0; k < edgeCount; k++) {
    const last = band(Math.max(y0[k], y1[k]));
    for (let b = band(Math.min(y0[k], y1[k])); b <= last; b++) bandEdges[fill[b]++] = k;
  }
  return {
    bbox: [west, south, east, north],
    contains(lngDeg: number, latDeg: number): boolean {
      if (!(lngDeg >= west && lngDeg <= east && latDeg >= south && latDeg <= north)) return false;
      const b = band(latDeg);
      let inside = false;
      for (let j = bandStart[b]; j < bandStart[b + 1]; j++) {
        const k = bandEdges[j];
        const ya = y0[k];
        const yb = y1[k];
        // Half-open rule (ya > y) !== (yb > y): a vertex exactly on the ray counts once.
        if (ya > latDeg !== yb > latDeg) {
          const xCross = x0[k] + ((latDeg - ya) / (yb - ya)) * (x1[k] - x0[k]);
          if (lngDeg < xCross) inside = !inside;
        }
      }
      return inside;
    },
    clearOf(lngDeg: number, latDeg: number, radius: number, lngScale: number): boolean {
      const radiusLng = radius / lngScale;
      if (!(lngDeg + radiusLng >= west && lngDeg - radiusLng <= east && latDeg + radius >= south && latDeg - radius <= north)) return true;
      const limit = radius * radius;
      const last = band(latDeg + radius);
      for (let b = band(latDeg - radius); b <= last; b++) {
        for (let j = bandStart[b]; j < bandStart[b + 1]; j++) {
          const k = bandEdges[j];
          // Distance from the point to the segment, in the scaled plane.
          const ax = (x0[k] - lngDeg) * lngScale;
          const ay = y0[k] - latDeg;
          const dx = (x1[k] - x0[k]) * lngScale;
          const dy = y1[k] - y0[k];
          const length = dx * dx + dy * dy;
          const t = length > 0 ? Math.min(1, Math.max(0, -(ax * dx + ay * dy) / length)) : 0;
          const px = ax + t * dx;
          const py = ay + t * dy;
          if (!(px * px + py * py > limit)) return false;
        }
      }
      return true;
    },
  };
}
