import type { Random } from '../../random.js';
import { resolveOptions } from '../../resolveOptions.js';
import type { WorkBudget } from '../kernel/workBudget.js';
import { CoverState } from './coverState.js';
import type { ReducedCovering } from './reduceCovering.js';

/** Options of {@link greedyCovering}. */
export interface GreedyCoveringOptions {
  /** Columns chosen before the greedy starts (kept). */
  initialColumns?: readonly number[];
  /** With a source: pick uniformly among the `randomTop` best gains (a randomised start). */
  random?: Random;
  randomTop?: number;
  /** Reuse this state (reset first) instead of allocating one. */
  state?: CoverState;
  /** Counts the steps' work (a greedy always completes: its answer is needed). */
  workBudget?: WorkBudget;
}

/** Defaults of {@link GreedyCoveringOptions}. */
export const DEFAULT_GREEDY_COVERING_OPTIONS = { randomTop: 3 };

/**
 * Greedy maximal covering on a reduced model: `count` times, add the column with the largest
 * uncovered weight (ties: lowest index). Gains are kept exact incrementally by
 * {@link CoverState}, so each step is a scan of the gain array — no lazy heap needed at
 * hundreds of sites. Returns the state (chosen columns and covered weight).
 *
 * @example
 * const state = greedyCovering(reduced, 5);
 * state.covered;
 */
export function greedyCovering(model: ReducedCovering, count: number, options: GreedyCoveringOptions = {}): CoverState {
  const { randomTop } = resolveOptions(DEFAULT_GREEDY_COVERING_OPTIONS, options);
  const state = options.state ?? new CoverState(model);
  if (options.state) state.reset();
  for (const c of options.initialColumns ?? []) if (!state.chosen[c]) state.add(c);
  const top = new Int32Array(Math.max(1, randomTop));
  let chosenCount = 0;
  for (let c = 0; c < model.columnCount; c++) chosenCount += state.chosen[c];
  while (chosenCount < count && chosenCount < model.columnCount) {
    let pick = -1;
    if (options.random) {
      // Keep the `randomTop` best columns by gain (insertion into a tiny sorted list).
      let filled = 0;
      for (let c = 0; c < model.columnCount; c++) {
        if (state.chosen[c]) continue;
        let at = filled < top.length ? filled++ : top.length;
        while (at > 0 && state.gain[top[at - 1]] < state.gain[c]) {
          if (at < top.length) top[at] = top[at - 1];
          at--;
        }
        if (at < top.length) top[at] = c;
      }
      pick = top[options.random.int(0, filled - 1)];
    } else {
      let best = -1;
      for (let c = 0; c < model.columnCount; c++) {
        if (!state.chosen[c] && state.gain[c] > best) {
          best = state.gain[c];
          pick = c;
        }
      }
    }
    state.add(pick);
    chosenCount++;
  }
  options.workBudget?.spend(count * model.columnCount + model.columnRows.length);
  return state;
}
