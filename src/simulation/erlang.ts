import { AirreachError } from '../errors.js';

function checkLoad(servers: number, offeredLoad: number): void {
  if (!Number.isInteger(servers) || servers < 1 || servers > 100_000) throw new AirreachError('E_OPTION', 'servers must be a whole number ≥ 1', { value: servers, where: { field: 'servers' } });
  if (!(offeredLoad >= 0) || !Number.isFinite(offeredLoad)) throw new AirreachError('E_OPTION', 'the offered load must be a finite number ≥ 0', { value: offeredLoad, where: { field: 'offeredLoad' } });
}

/**
 * Erlang's loss formula B(c, a): the probability that all c servers are busy in an M/G/c/c loss
 * system with offered load a = λ × mean service time (insensitive to the service-time
 * distribution), by the stable recursion B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)).
 *
 * @example
 * erlangB(2, 1); // -> 0.2
 */
export function erlangB(servers: number, offeredLoad: number): number {
  checkLoad(servers, offeredLoad);
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (offeredLoad * b) / (k + offeredLoad * b);
  return b;
}

/**
 * Erlang's delay formula C(c, a): the probability that a call waits in an M/M/c queue with
 * offered load a = λ/μ < c: C = c·B / (c − a(1 − B)) with B = {@link erlangB}(c, a). Each server
 * is busy a share a/c of the time. Throws `E_OPTION` when a ≥ c (the queue grows without bound).
 *
 * @example
 * erlangC(1, 0.5); // -> 0.5 (M/M/1: P(wait) = ρ)
 */
export function erlangC(servers: number, offeredLoad: number): number {
  checkLoad(servers, offeredLoad);
  if (offeredLoad >= servers) throw new AirreachError('E_OPTION', 'the offered load must be below the number of servers for a stable queue', { value: offeredLoad, where: { field: 'offeredLoad' }, expected: `< ${servers}` });
  const b = erlangB(servers, offeredLoad);
  return (servers * b) / (servers - offeredLoad * (1 - b));
}
