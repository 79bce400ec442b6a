import type { AircraftType } from './aircraft.js';
import { knotsToKmh, nauticalMilesToKm } from '../units.js';

// Figures that are not published performance data. They are the same for every type of a class
// and are stated once here, with their reasoning, so that a reader can challenge them in one place.
const ASSUMED = {
  /** Light/medium twin on HEMS-style duty, crew at the base. PPRuNe threads report contracts of
   * 5–6 min and "strive for 5, require 10"; ÖAMTC crews are airborne in about 3 min
   * (/work/shared/notes/field-survey.md). 10 min is the "require" end of that band. */
  hemsDayMinutes: 10,
  /** Night take-off needs NVG/IFR preparation and often a crew call-in; taken as double the day
   * figure. Few Chinese operators fly HEMS at night at all, so night coverage is optimistic. */
  hemsNightMinutes: 20,
  /** Heavy helicopters and fixed-wing types on disaster/SAR standby rather than HEMS duty.
   * China Rescue & Salvage's published rule is take-off within 45 min (eng.crs.gov.cn, daytime
   * only); 30 min by day sits between HEMS contracts and that rule. */
  standbyDayMinutes: 30,
  /** The China Rescue & Salvage 45-min take-off rule, used for fixed-wing night launches. */
  standbyNightMinutes: 45,
} as const;

const assumptionNotes = {
  hems: `ASSUMPTION activation: ${ASSUMED.hemsDayMinutes} min by day, ${ASSUMED.hemsNightMinutes} min at night (HEMS contracts of 5–10 min reported on PPRuNe; night doubled for NVG/IFR preparation)`,
  standby: `ASSUMPTION activation: ${ASSUMED.standbyDayMinutes} min by day (disaster/SAR standby; China Rescue & Salvage requires take-off within 45 min, https://eng.crs.gov.cn)`,
  vfrReserve: 'ASSUMPTION reserve: 20 min of cruise (the usual VFR helicopter fuel reserve)',
  ifrReserve: 'ASSUMPTION reserve: 30 min of cruise (the usual IFR helicopter fuel reserve)',
  fixedLight: 'ASSUMPTION fixedMinutes: 3 min for climb-out and approach/landing at an unprepared site',
  fixedHeavy: 'ASSUMPTION fixedMinutes: 5 min for climb-out and approach/landing of a medium/heavy helicopter',
} as const;

/**
 * Typical rescue aircraft in Chinese and international service, by id. Cruise speeds and ranges
 * are public figures (the `sources` of each type name the page each figure was read from;
 * knots and nautical miles are converted once here). Activation delays, night capability as
 * operated in China, reserves and fixed minutes are not published anywhere: they are labelled
 * `ASSUMPTION` in `sources`, with the reasoning. Override them for a real study.
 *
 * | id | cruise km/h | range km | night |
 * | --- | --- | --- | --- |
 * | AW139 | 305.6 | 1061.2 | yes |
 * | H135 | 254 | 635 | yes |
 * | H145 | 246 | 680 | yes |
 * | AC311A | 240 | 630 | no |
 * | AC313 | 247 | 1152.3 | no |
 * | Mi-171 (older Mi-171/171E) | 220.4 | 610 | no |
 * | Mi-171A2 | 259.3 | 800 | no |
 * | Bell407 | 237 | 665 | no |
 * | Ka-32 (A11BC) | 231.5 | 666.7 | yes |
 * | S-76 (C+) | 258.3 (assumption) | 600 (assumption) | no |
 * | Y-5B | 160 | 845 | no |
 * | Y-12 | 292 | 1340 | yes |
 *
 * @example
 * AIRCRAFT_CATALOGUE.H135.cruiseSpeedKmh; // -> 254
 * const fleet = resolveAircraft(['H135', 'AW139'], AIRCRAFT_CATALOGUE);
 */
export const AIRCRAFT_CATALOGUE: Readonly<Record<string, Readonly<AircraftType>>> = Object.freeze({
  AW139: {
    id: 'AW139',
    name: 'Leonardo AW139',
    kind: 'helicopter',
    cruiseSpeedKmh: knotsToKmh(165),
    activationMinutesDay: ASSUMED.hemsDayMinutes,
    activationMinutesNight: ASSUMED.hemsNightMinutes,
    nightCapable: true,
    rangeKm: nauticalMilesToKm(573),
    reserveMinutes: 30,
    fixedMinutes: 5,
    sources: [
      "cruise 165 kt: Leonardo's published maximum cruise speed (not re-read in this session); consistent with the 193 mph (310 km/h) maximum speed in http://worlddefensereview.blogspot.com/2012/10/swedes-order-aw139s.html",
      'range 573 NM: http://worlddefensereview.blogspot.com/2012/10/swedes-order-aw139s.html gives "a range of 573 miles"; 573 is the figure Leonardo publishes in nautical miles, read here as NM',
      `${assumptionNotes.hems}`,
      'ASSUMPTION night: IFR/NVG-equipped as flown by EMS and police operators; China Rescue & Salvage flies its AW139s by day only — set nightCapable false to model CRS',
      assumptionNotes.ifrReserve,
      assumptionNotes.fixedHeavy,
    ],
  },
  H135: {
    id: 'H135',
    name: 'Airbus H135 (EC135)',
    kind: 'helicopter',
    cruiseSpeedKmh: 254,
    activationMinutesDay: ASSUMED.hemsDayMinutes,
    activationMinutesNight: ASSUMED.hemsNightMinutes,
    nightCapable: true,
    rangeKm: 635,
    reserveMinutes: 20,
    fixedMinutes: 3,
    sources: [
      'cruise 254 km/h, range about 635 km: https://web-production-4e80b.up.railway.app/page/Eurocopter_EC135 (encyclopedia page on the EC135/H135, figures as in its infobox)',
      assumptionNotes.hems,
      'ASSUMPTION night: IFR-certified type, NVG-equipped on most HEMS contracts',
      assumptionNotes.vfrReserve,
      assumptionNotes.fixedLight,
    ],
  },
  H145: {
    id: 'H145',
    name: 'Airbus H145 (EC145)',
    kind: 'helicopter',
    cruiseSpeedKmh: 246,
    activationMinutesDay: ASSUMED.hemsDayMinutes,
    activationMinutesNight: ASSUMED.hemsNightMinutes,
    nightCapable: true,
    rangeKm: 680,
    reserveMinutes: 20,
    fixedMinutes: 3,
    sources: [
      'max cruise 246 km/h, range at normal cruise 680 km (EC145 figures): https://aeropedia.com.au/content/eurocopter-ec-145 — later H145 versions differ by a few per cent',
      assumptionNotes.hems,
      'ASSUMPTION night: IFR-certified type, NVG-equipped on most HEMS contracts',
      assumptionNotes.vfrReserve,
      assumptionNotes.fixedLight,
    ],
  },
  AC311A: {
    id: 'AC311A',
    name: 'AVIC AC311A',
    kind: 'helicopter',
    cruiseSpeedKmh: 240,
    activationMinutesDay: 15,
    activationMinutesNight: 15,
    nightCapable: false,
    rangeKm: 630,
    reserveMinutes: 20,
    fixedMinutes: 3,
    sources: [
      'max cruise 240 km/h, max range 630 km (AVIC via Xinhua): http://en.people.cn/n3/2024/0607/c90000-20179145.html',
      'ASSUMPTION activation: 15 min by day — a single-engine general-aviation type on call rather than on HEMS duty',
      'ASSUMPTION night: false — light single-engine helicopter operated VFR by day (night activation is ignored)',
      assumptionNotes.vfrReserve,
      assumptionNotes.fixedLight,
    ],
  },
  AC313: {
    id: 'AC313',
    name: 'AVIC AC313',
    kind: 'helicopter',
    cruiseSpeedKmh: 247,
    activationMinutesDay: ASSUMED.standbyDayMinutes,
    activationMinutesNight: ASSUMED.standbyNightMinutes,
    nightCapable: false,
    // Vertipedia's 1,070 km is after a 20-min reserve; that reserve is added back at cruise so that
    // the range rule, which subtracts `reserveMinutes`, counts it once.
    rangeKm: 1070 + (20 * 247) / 60,
    reserveMinutes: 20,
    fixedMinutes: 5,
    sources: [
      'max cruise 247 km/h, max range with 20 min reserve 1,070 km: https://vertipedia.vtol.org/aircraft/getAircraft/aircraftID/431 (rangeKm adds the 20-min reserve back: 1,070 + 82.3 km)',
      assumptionNotes.standby,
      'ASSUMPTION night: false — heavy helicopter used for firefighting and disaster relief by day',
      assumptionNotes.vfrReserve,
      assumptionNotes.fixedHeavy,
    ],
  },
  'Mi-171': {
    id: 'Mi-171',
    name: 'Mil Mi-171 / Mi-171E (older Mi-8AMT airframes)',
    kind: 'helicopter',
    cruiseSpeedKmh: knotsToKmh(119),
    activationMinutesDay: ASSUMED.standbyDayMinutes,
    activationMinutesNight: ASSUMED.standbyNightMinutes,
    nightCapable: false,
    rangeKm: 610,
    reserveMinutes: 20,
    fixedMinutes: 5,
    sources: [
      'cruise 119 kt (220 km/h): the Mi-171A2 "cruise speed also grows by 21kt to 140kt" over the Mi-171 it replaces, http://flightglobal.com/news/articles/maks-new-lease-of-life-for-latest-mi-817-variant-389970',
      'range 610 km (380 NM) of the Mi-171E that China bought 52 of: https://fliegerweb.com/de/news/Airpower/China+kauft+Mi-171E+Hubschrauber-9421',
      assumptionNotes.standby,
      'ASSUMPTION night: false — forest-fire and disaster-relief Mi-171s in China fly by day',
      assumptionNotes.vfrReserve,
      assumptionNotes.fixedHeavy,
    ],
  },
  'Mi-171A2': {
    id: 'Mi-171A2',
    name: 'Mil Mi-171A2',
    kind: 'helicopter',
    cruiseSpeedKmh: knotsToKmh(140),
    activationMinutesDay: ASSUMED.standbyDayMinutes,
    activationMinutesNight: ASSUMED.standbyNightMinutes,
    nightCapable: false,
    rangeKm: 800,
    reserveMinutes: 20,
    fixedMinutes: 5,
    sources: [
      'cruise 140 kt (259 km/h): http://flightglobal.com/news/articles/maks-new-lease-of-life-for-latest-mi-817-variant-389970',
      'range 800 km at 260 km/h cruise: https://www.journal-aviation.com/actualites/38726-dubai-airshow-2017-premier-contrat-export-pour-le-mi-171a2-de-russian-helicopters',
      assumptionNotes.standby,
      'ASSUMPTION night: false — as the older Mi-171 (set true for an NVG-equipped operator)',
      assumptionNotes.vfrReserve,
      assumptionNotes.fixedHeavy,
    ],
  },
  Bell407: {
    id: 'Bell407',
    name: 'Bell 407',
    kind: 'helicopter',
    cruiseSpeedKmh: 237,
    activationMinutesDay: ASSUMED.hemsDayMinutes,
    activationMinutesNight: ASSUMED.hemsNightMinutes,
    nightCapable: false,
    rangeKm: 665,
    reserveMinutes: 20,
    fixedMinutes: 3,
    sources: [
      'max cruise at sea level 237 km/h (213 km/h economical), max range 665 km: https://aeropedia.com.au/?p=3233',
      assumptionNotes.hems,
      'ASSUMPTION night: false — single-engine type flown VFR by general-aviation operators in China',
      assumptionNotes.vfrReserve,
      assumptionNotes.fixedLight,
    ],
  },
  'Ka-32': {
    id: 'Ka-32',
    name: 'Kamov Ka-32A11BC',
    kind: 'helicopter',
    cruiseSpeedKmh: knotsToKmh(125),
    activationMinutesDay: ASSUMED.standbyDayMinutes,
    activationMinutesNight: ASSUMED.standbyNightMinutes,
    nightCapable: true,
    rangeKm: nauticalMilesToKm(360),
    reserveMinutes: 30,
    fixedMinutes: 5,
    sources: [
      'cruise 125 kt, range 360 NM; "the first [Ka-32 version] capable of flying at night and under IFR": http://www.ainonline.com/aviation-news/aviation-international-news/2009-12-29/kamov-ka-32-gets-easa-nod',
      assumptionNotes.standby,
      assumptionNotes.ifrReserve,
      assumptionNotes.fixedHeavy,
    ],
  },
  'S-76': {
    id: 'S-76',
    name: 'Sikorsky S-76C+',
    kind: 'helicopter',
    cruiseSpeedKmh: 0.9 * 287,
    activationMinutesDay: ASSUMED.standbyDayMinutes,
    activationMinutesNight: ASSUMED.standbyNightMinutes,
    nightCapable: false,
    rangeKm: 600,
    reserveMinutes: 30,
    fixedMinutes: 5,
    sources: [
      'ASSUMPTION cruise 258 km/h: 0.9 × the 155 kt (287 km/h) sea-level top speed of the S-76B (Wikipedia "Sikorsky S-76", http://piglix.com/piglix/Sikorsky_S-76C%2B); no cruise figure was found in the stored pages',
      'ASSUMPTION range 600 km: no range figure was found in the stored pages; China Rescue & Salvage fly it within a 110 NM radius (https://eng.crs.gov.cn), which that range covers',
      assumptionNotes.standby,
      'night: false — China Rescue & Salvage fly their S-76C+ by day only (http://en.people.cn/200307/16/eng20030716_120371.shtml: "only … during daylight hours")',
      assumptionNotes.ifrReserve,
      assumptionNotes.fixedHeavy,
    ],
  },
  'Y-5B': {
    id: 'Y-5B',
    name: 'Nanchang/Shijiazhuang Y-5B (licence-built An-2)',
    kind: 'fixedWing',
    cruiseSpeedKmh: 160,
    activationMinutesDay: ASSUMED.standbyDayMinutes,
    activationMinutesNight: ASSUMED.standbyNightMinutes,
    nightCapable: false,
    rangeKm: 845,
    reserveMinutes: 30,
    fixedMinutes: 10,
    sources: [
      'Y-5B typical cruise 160 km/h, range 845 km: http://www.airliners.net/aircraft-data/antonovpzl-mielec-an-2/33',
      'a fixed-wing type cannot land at a scene: its response is the time overhead for aerial survey, fire-fighting or air-drop',
      assumptionNotes.standby,
      'ASSUMPTION night: false — single-engine biplane flown VFR',
      'ASSUMPTION reserve: 30 min',
      'ASSUMPTION fixedMinutes: 10 min for taxi, climb and descent over the scene',
    ],
  },
  'Y-12': {
    id: 'Y-12',
    name: 'Harbin Y-12 (II)',
    kind: 'fixedWing',
    cruiseSpeedKmh: 292,
    activationMinutesDay: ASSUMED.standbyDayMinutes,
    activationMinutesNight: ASSUMED.standbyNightMinutes,
    nightCapable: true,
    rangeKm: 1340,
    reserveMinutes: 45,
    fixedMinutes: 10,
    sources: [
      'cruise 292 km/h at 3,000 m; range 1,340 km at economical cruise with a 45-min reserve: https://lemokilo.com/?p=4936 (specification section copied from the Wikipedia article)',
      'rangeKm keeps the 1,340 km although it is already net of a 45-min reserve: the range was measured at economical cruise (250 km/h), and counting the reserve twice offsets flying at 292 km/h',
      'a fixed-wing type cannot land at a scene: its response is the time overhead for aerial survey, search or air-drop',
      `ASSUMPTION activation: ${ASSUMED.standbyDayMinutes} min by day, ${ASSUMED.standbyNightMinutes} min at night (China Rescue & Salvage take-off rule, https://eng.crs.gov.cn)`,
      'ASSUMPTION night: true — twin turboprop certified for IFR',
      'ASSUMPTION reserve: 45 min (the usual IFR aeroplane reserve)',
      'ASSUMPTION fixedMinutes: 10 min for taxi, climb to cruise and descent over the scene',
    ],
  },
} satisfies Record<string, AircraftType>);
