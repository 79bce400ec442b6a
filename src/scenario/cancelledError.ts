import { AirreachError, isAirreachError } from '../errors.js';

/**
 * The error a pipeline throws when `error` ended it: an `E_ABORTED` AirreachError when the run
 * was cancelled (`signal` aborted and `error` is its reason or an `AbortError`, as
 * `signal.throwIfAborted()` and worker pools throw), else `error` unchanged. So callers switch
 * on one code for Ctrl-C at any step instead of a DOMException from deep inside.
 *
 * @example
 * try { await steps(); } catch (error) { throw cancelledError(error, options.signal, 'scenario.json'); }
 */
export function cancelledError(error: unknown, signal: AbortSignal | undefined, file?: string): unknown {
  if (!signal?.aborted || isAirreachError(error, 'E_ABORTED')) return error;
  if (error !== signal.reason && !(error instanceof Error && error.name === 'AbortError')) return error;
  return new AirreachError('E_ABORTED', 'the run was cancelled; nothing was written', {
    where: file === undefined ? {} : { file },
    hint: 'Run it again: complete outputs are only ever written at the end',
    cause: error,
  });
}
