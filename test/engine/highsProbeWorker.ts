// Worker entry of the tests' HiGHS probe (highsProbeTask.ts): it starts as the real entries do.
import { workerData } from 'node:worker_threads';
import { adoptPoolWorkerData } from '../../src/engine/poolWorkerData.js';
import { envelopeOf } from '../../src/engine/envelopeOf.js';
import { highsProbe } from './highsProbeTask.js';

adoptPoolWorkerData(workerData);

export default () => envelopeOf(() => highsProbe());
