/**
 * Builds data/liaoning/roads.json — the expressway graph between the 14 prefecture seats (and
 * Haicheng, where G15 and G16 meet) used by `depots.groundTime.method: "network"` — and fits the
 * network speed and the fixed minutes to every cited driving time, printing each residual.
 * Run: `npx tsx scripts/data/buildRoadNetwork.ts` (also run by buildLiaoning.ts). Documented in
 * data/README.md ("Ground times for depots"); the cited table is pinned by
 * test/data/liaoningRoads.test.ts, which reads it from roads.json.
 *
 * Link lengths: the road km a page gives between the two towns where one was found ("cited");
 * otherwise great-circle km between the seats × LINK_CIRCUITY, the median ratio of the seven
 * published road distances from Shenyang (fitGroundTimes.ts, CITED_ROAD_KM). Exit-to-exit
 * kilometres of an expressway are used only where they are not shorter than the straight line
 * between the seats (an exit is not the city centre).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { groundTimeMatrix } from '../../src/depots/groundMinutes.js';
import { greatCircleKm } from '../../src/travel/greatCircleKm.js';

const DIR = join(import.meta.dirname, '..', '..', 'data', 'liaoning');

/** Road km per straight-line km of links without a cited length: median of the cited ratios from Shenyang (1.085–1.233). */
export const LINK_CIRCUITY = 1.12;

const SHENDA = 'Wikipedia "Shenyang–Dalian Expressway" (https://en.wikipedia.org/wiki/Shenda_highway), table of exits: km from Shenyang';
const DANFU = 'Wikipedia "G1113 Dandong–Fuxin Expressway" (copy https://en.wikipedia-on-ipfs.org/wiki/G1113_Dandong%E2%80%93Fuxin_Expressway), detailed itinerary: Dandong-Centre km 1, Benxi-Centre km 160';
const G1 = 'Wikipedia "G1 Beijing–Harbin Expressway" (https://en.wikipedia.org/wiki/G1_Beijing%E2%80%93Harbin_Expressway): route Huludao, Jinzhou, Shenyang; junctions G16 (north) Jinzhou, G16 (south) Panjin, G91 Tieling (http://www.self.gutenberg.org/articles/eng/G1_Beijing%E2%80%93Harbin_Expressway)';
const G16 = 'absoluteastronomy "G16 Dandong–Xilinhot Expressway" (http://www.absoluteastronomy.com/topics/G16_Dandong–Xilinhot_Expressway): complete between Haicheng and Inner Mongolia; G15 junction "G16 in Anshan" (Wikipedia "G15 Shenyang–Haikou Expressway"); G1 junctions in Panjin and Jinzhou';
const G91 = 'askwikinow "G91 Central Liaoning Ring Expressway" (https://askwikinow.com/view_html.php?lang=en&q=G91_Central_Liaoning_Ring_Expressway): 399 km, completed December 2018; junctions G1113 Benxi, G15 Liaoyang, G1 Tieling, G1212 Fushun (the-uncensored-wiki 2015 copy)';

/** Nodes: the candidate layer's prefecture seats, plus Haicheng (the G15/G16 junction town). */
const EXTRA_NODES: Record<string, string> = { 'seat:geonames:2037086': 'Haicheng' };

type Link = { from: string; to: string; road: string; roadKm?: number; lengthFrom: 'cited' | 'greatCircle'; source: string; confidence: 'high' | 'medium' | 'low' };

/** The links, seat ids as in candidates.geojson. */
const LINKS: Link[] = [
  { from: 'seat:210100', to: 'seat:211000', road: 'G15 Shenda', roadKm: 64, lengthFrom: 'cited', source: `${SHENDA}: Shenyang 3, Liaoyang 67`, confidence: 'high' },
  { from: 'seat:211000', to: 'seat:210300', road: 'G15 Shenda', roadKm: 25, lengthFrom: 'cited', source: `${SHENDA}: Liaoyang 67, Anshan 92`, confidence: 'high' },
  { from: 'seat:210300', to: 'seat:geonames:2037086', road: 'G15 Shenda', lengthFrom: 'greatCircle', source: `${SHENDA}: Anshan 92, Haicheng 128 (36 km, shorter than the 36.4-km straight line between the town points, so great circle × ${LINK_CIRCUITY})`, confidence: 'high' },
  { from: 'seat:geonames:2037086', to: 'seat:210200', road: 'G15 Shenda', roadKm: 272, lengthFrom: 'cited', source: `${SHENDA}: Haicheng 128, Dalian 400`, confidence: 'high' },
  { from: 'seat:geonames:2037086', to: 'seat:210800', road: 'G15 Shenda (Yingkou interchange)', lengthFrom: 'greatCircle', source: 'ja.wikipedia "瀋大高速道路" (interchange list: 営口IC)', confidence: 'medium' },
  { from: 'seat:210800', to: 'seat:210200', road: 'G15 Shenda (Yingkou interchange)', lengthFrom: 'greatCircle', source: 'ja.wikipedia "瀋大高速道路" (interchange list: 営口IC … 大連)', confidence: 'medium' },
  { from: 'seat:210100', to: 'seat:210500', road: 'G1113 Danfu', lengthFrom: 'greatCircle', source: `${DANFU}; Shenyang ring at km 217, so 57 km exit to exit plus the way into Shenyang. The one page giving seat to seat ("77 kilometers from Shenyang", wodedreams.com/xingzuozhishi/622lbgf8nh.html, a horoscope site) is the outlier of the seven road distances (ratio 1.23), so great circle × ${LINK_CIRCUITY}`, confidence: 'medium' },
  { from: 'seat:210500', to: 'seat:210600', road: 'G1113 Danfu', roadKm: 159, lengthFrom: 'cited', source: DANFU, confidence: 'high' },
  { from: 'seat:210600', to: 'seat:210200', road: 'G11 Heda (Dandong–Dalian)', lengthFrom: 'greatCircle', source: 'Xinhua via lgallerystudio.net ("Heda expressway … 1394 kilometers … Dandong … to Dalian"); Wikipedia "Shendan Expressway" (a second expressway to Dandong from Dalian and Zhuanghe)', confidence: 'medium' },
  { from: 'seat:210100', to: 'seat:210400', road: 'G1212 Shenji / Shenfu Avenue', roadKm: 50, lengthFrom: 'cited', source: 'www.123jzs.com/jxwd/202506/112329.html (Shenfu Avenue "about 50 km"); ja.wikipedia "瀋吉高速道路" (G1212 via Fushun)', confidence: 'medium' },
  { from: 'seat:210100', to: 'seat:211200', road: 'G1 Jingha', lengthFrom: 'greatCircle', source: G1, confidence: 'high' },
  { from: 'seat:210100', to: 'seat:211100', road: 'G1 Jingha', roadKm: 155, lengthFrom: 'cited', source: 'Panjin government text quoted at wz.ccczen.com/guanwang/14/t337714.html ("市区距省会沈阳市155千米"); G1 junction with G16 in Panjin (Wikipedia G1)', confidence: 'medium' },
  { from: 'seat:211100', to: 'seat:210700', road: 'G1 Jingha', lengthFrom: 'greatCircle', source: G1, confidence: 'high' },
  { from: 'seat:210700', to: 'seat:211400', road: 'G1 Jingha', lengthFrom: 'greatCircle', source: G1, confidence: 'high' },
  { from: 'seat:geonames:2037086', to: 'seat:211100', road: 'G16 Danxi', lengthFrom: 'greatCircle', source: G16, confidence: 'high' },
  { from: 'seat:210700', to: 'seat:210900', road: 'G16 Danxi / G2512 Fujin', lengthFrom: 'greatCircle', source: `${G16}; G2512 Fuxin–Jinzhou junction on G1 in Jinzhou (Wikipedia G1)`, confidence: 'high' },
  { from: 'seat:210900', to: 'seat:211300', road: 'G25 Changshen (assumed through Fuxin and Chaoyang)', lengthFrom: 'greatCircle', source: 'de.wikipedia "Autobahn Dandong–Fuxin" (G1113 joins G25 at Fuxin); 398531.com (Chaoyang: "one vertical and one horizontal" expressway); that G25 runs Fuxin–Chaoyang is an ASSUMPTION', confidence: 'low' },
  { from: 'seat:211300', to: 'seat:210700', road: 'Jinzhou–Chaoyang (assumed)', lengthFrom: 'greatCircle', source: '398531.com (Chaoyang: "one vertical and one horizontal" expressway, "20 minutes to the province by air"); the east–west link to Jinzhou is an ASSUMPTION', confidence: 'low' },
  { from: 'seat:211200', to: 'seat:210400', road: 'G91 Liaozhong ring', lengthFrom: 'greatCircle', source: G91, confidence: 'medium' },
  { from: 'seat:210400', to: 'seat:210500', road: 'G91 Liaozhong ring', lengthFrom: 'greatCircle', source: G91, confidence: 'medium' },
  { from: 'seat:210500', to: 'seat:211000', road: 'G91 Liaozhong ring', lengthFrom: 'greatCircle', source: G91, confidence: 'medium' },
];

type Cited = { from: string; to: string; minutes: number; mode: 'car' | 'bus'; source: string; use: 'fit' | 'excluded'; reason?: string };

/** Published driving times between seats; every one with `use: 'fit'` must be met within 15 %. */
export const CITED_MINUTES: Cited[] = [
  { from: 'seat:210100', to: 'seat:210200', minutes: 330, mode: 'car', source: 'bbs.ycwblaw.com/bzwd/202505/92919.html: by car "一般需要5到6小时" (5–6 h; middle 5.5 h)', use: 'fit' },
  { from: 'seat:210100', to: 'seat:210600', minutes: 180, mode: 'bus', source: 'CCTV 2008 (http://en.yp.cctv.com/20080605/107584.shtml), long-distance bus "about 3 hours"; m.cucas.cn/city/detail?cityid=20 (Dandong bus "three hours to Shenyang")', use: 'fit' },
  { from: 'seat:210100', to: 'seat:210700', minutes: 180, mode: 'bus', source: 'CCTV 2008 (http://en.yp.cctv.com/20080605/107584.shtml), long-distance bus "about 3 hours"', use: 'fit' },
  { from: 'seat:210100', to: 'seat:210500', minutes: 60, mode: 'bus', source: 'CCTV 2008 (http://en.yp.cctv.com/20080605/107584.shtml), bus from the South station "about 1 hour"', use: 'fit' },
  { from: 'seat:210100', to: 'seat:210400', minutes: 60, mode: 'car', source: 'www.123jzs.com/jxwd/202506/112329.html: Shenfu Avenue "车程大约需要1小时左右"', use: 'fit' },
  { from: 'seat:210100', to: 'seat:211000', minutes: 60, mode: 'car', source: 'Wikipedia "Liaoyang" (copy http://the-uncensored-wiki.com:20121/2012-wikipedia_en_all_nopic_01_2012/A/Liaoyang.html): "approximately one hour south of Shenyang by car"', use: 'fit' },
  { from: 'seat:210600', to: 'seat:210200', minutes: 240, mode: 'bus', source: 'm.cucas.cn/city/detail?cityid=20 (Dandong): "From the long-distance bus station, it takes … four hours to Dalian"', use: 'fit' },
  {
    from: 'seat:210100',
    to: 'seat:210300',
    minutes: 120,
    mode: 'bus',
    source: 'CCTV 2008 (http://en.yp.cctv.com/20080605/107584.shtml), bus from the South station "about 2 hours"',
    use: 'excluded',
    reason:
      'Inconsistent with the cited times around it: Liaoyang, 25 expressway km short of Anshan on G15 (exits 67 and 92), is "about one hour" by car (Wikipedia "Liaoyang"), and the same CCTV page gives 1 h for the bus to Benxi (77 road km) against 2 h to Anshan (92 road km). A 2008 city-bus-station time (stops, city traffic on old roads) is not a driving time; no car time for Anshan was found in the stored pages. Shown with its residual, not fitted.',
  },
];

type Seat = { id: string; name: string; latDeg: number; lngDeg: number };

function seats(): Seat[] {
  const features = (JSON.parse(readFileSync(join(DIR, 'candidates.geojson'), 'utf8')) as { features: { properties: { id: string; name: string; kind: string }; geometry: { coordinates: [number, number] } }[] }).features;
  return features
    .filter((f) => f.properties.kind === 'prefectureSeat' || Object.hasOwn(EXTRA_NODES, f.properties.id))
    .map((f) => ({ id: f.properties.id, name: f.properties.id === 'seat:211100' ? 'Panjin (GeoNames Panshan)' : f.properties.name, latDeg: f.geometry.coordinates[1], lngDeg: f.geometry.coordinates[0] }));
}

/** The network as written to roads.json (link km resolved), and the fit. */
export function buildRoadNetwork() {
  const nodes = seats();
  const at = new Map(nodes.map((n) => [n.id, n]));
  const links = LINKS.map((link) => {
    const a = at.get(link.from)!;
    const b = at.get(link.to)!;
    const straightKm = greatCircleKm(a.latDeg, a.lngDeg, b.latDeg, b.lngDeg);
    const roadKm = link.lengthFrom === 'cited' ? link.roadKm! : Math.round(straightKm * LINK_CIRCUITY);
    if (roadKm < straightKm) throw new Error(`${link.from}–${link.to}: ${roadKm} km < straight ${straightKm.toFixed(1)} km`);
    return { from: link.from, to: link.to, road: link.road, roadKm, straightKm: Math.round(straightKm * 10) / 10, lengthFrom: link.lengthFrom === 'cited' ? 'cited' : `great circle × ${LINK_CIRCUITY}`, source: link.source, confidence: link.confidence };
  });
  const network = { nodes: nodes.map(({ id, latDeg, lngDeg }) => ({ id, latDeg, lngDeg })), links };
  // Seat-to-seat trips have no access leg, so the access settings (1.3, 60 km/h: the library's
  // labelled defaults) matter only where the straight-line road is faster than the network.
  const access = { circuityFactor: 1.3, truckSpeedKmh: 60 };
  const minutesOf = (c: Cited, networkSpeedKmh: number, loadingMinutes: number) => groundTimeMatrix([at.get(c.from)!], [at.get(c.to)!], { method: 'network', network, networkSpeedKmh, loadingMinutes, ...access })[0];
  const used = CITED_MINUTES.filter((c) => c.use === 'fit');
  let best = { worst: Infinity, speed: 0, loading: 0 };
  for (let speed = 50; speed <= 120; speed++)
    for (let loading = 0; loading <= 40; loading++) {
      const worst = Math.max(...used.map((c) => Math.abs(minutesOf(c, speed, loading) - c.minutes) / c.minutes));
      if (worst < best.worst - 1e-12) best = { worst, speed, loading };
    }
  const cited = CITED_MINUTES.map((c) => {
    const model = minutesOf(c, best.speed, best.loading);
    return { ...c, fromName: at.get(c.from)!.name, toName: at.get(c.to)!.name, modelMinutes: Math.round(model), residual: Math.round(((model - c.minutes) / c.minutes) * 1000) / 1000 };
  });
  return {
    nodes: nodes.map((n) => ({ ...n, source: 'candidates.geojson (GeoNames seat point)' })),
    links,
    citedMinutes: cited,
    fit: {
      method: 'network',
      networkSpeedKmh: best.speed,
      loadingMinutes: best.loading,
      ...access,
      rule: 'networkSpeedKmh 50–120 (step 1) and loadingMinutes 0–40 minimising the largest relative residual over the cited times with use "fit"; access legs at the library defaults 1.3 × straight line, 60 km/h (ASSUMPTION)',
      largestResidual: Math.round(best.worst * 1000) / 1000,
    },
  };
}

/** Writes data/liaoning/roads.json (after candidates.geojson) and prints the links and the fit. */
export function writeRoadNetwork(): void {
  const out = buildRoadNetwork();
  const body = {
    description: 'Expressway links between the prefecture seats of Liaoning (and Haicheng), for depots.groundTime.method "network". Built by scripts/data/buildRoadNetwork.ts; see data/README.md ("Ground times for depots").',
    linkCircuity: LINK_CIRCUITY,
    ...out,
  };
  writeFileSync(join(DIR, 'roads.json'), JSON.stringify(body, null, 2) + '\n');
  for (const l of out.links) console.log(`link ${l.from} – ${l.to} ${l.road}: ${l.roadKm} km (${l.lengthFrom}; straight ${l.straightKm})`);
  console.log(`fit: networkSpeedKmh ${out.fit.networkSpeedKmh}, loadingMinutes ${out.fit.loadingMinutes}; largest residual ${(out.fit.largestResidual * 100).toFixed(1)} %`);
  for (const c of out.citedMinutes) console.log(`${c.use} ${c.fromName}–${c.toName}: cited ${c.minutes} min (${c.mode}), model ${c.modelMinutes} min, residual ${(c.residual * 100).toFixed(1)} %`);
}

if (import.meta.url === `file://${process.argv[1]}`) writeRoadNetwork();
