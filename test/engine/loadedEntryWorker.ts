// Worker entry of the tests' loaded-entry probe (loadedEntryTask.ts): unlike the real entries it
// does not adopt the pool's worker data.
import { envelopeOf } from '../../src/engine/envelopeOf.js';
import { engineEntryLoaded } from './loadedEntryTask.js';

export default () => envelopeOf(() => engineEntryLoaded());
