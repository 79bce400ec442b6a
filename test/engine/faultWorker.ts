// Worker entry of the tests' fault task kind (faultTask.ts).
import { envelopeOf } from '../../src/engine/envelopeOf.js';
import { fault, type FaultTask } from './faultTask.js';

export default (task: FaultTask) => envelopeOf(() => fault(task, false));
