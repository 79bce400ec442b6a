import { AirreachError, formatLocation, isAirreachError, type ErrorCode, type ErrorLocation } from '../errors.js';

/** An error as plain data, so that it crosses a worker boundary (or a network) intact. */
export interface SerializedTaskError {
  name: string;
  code: ErrorCode;
  message: string;
  where: ErrorLocation;
  value: string;
}

/**
 * Turns anything a task threw into plain data: an {@link AirreachError} keeps its code and
 * location; any other error becomes `E_WORKER` with its message.
 *
 * @example
 * serializeTaskError(new TypeError('boom')); // { code: 'E_WORKER', message: 'TypeError: boom', ... }
 */
export function serializeTaskError(error: unknown): SerializedTaskError {
  if (error instanceof AirreachError) return error.toJSON();
  if (isAirreachError(error)) {
    const e = error as unknown as Partial<SerializedTaskError>;
    return { name: 'AirreachError', code: error.code, message: String(e.message), where: e.where ?? {}, value: String(e.value ?? '') };
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { name: 'AirreachError', code: 'E_WORKER', message, where: {}, value: '' };
}

/**
 * The error a pool task rejects with: the task's own {@link AirreachError} code and location
 * (e.g. `E_SITE` naming the site) with the task's label put in front of the message, so a
 * failed shard or scenario is named; `E_WORKER` when the task's error was not an
 * AirreachError. A label that names the file the location names already is left out
 * (`today.json, field /grid: scenario today.json failed: …` said the file twice), and so is
 * the label of an `E_OUTPUT` error: it names a file of the output folder the caller chose, and
 * a refusal made in the task before its computing reads as the caller's own refusal at the write
 * (`the output report.html would replace a file that no airreach run wrote`).
 *
 * @example
 * throw taskError('coverage shard 2/4 (sites 10–19)', serializeTaskError(error));
 */
export function taskError(label: string, error: SerializedTaskError): AirreachError {
  // The serialized message already starts with its code and location, which the new error puts
  // in front again: keep the text after them, so that neither is printed twice.
  let text = error.message.startsWith(`${error.code}: `) ? error.message.slice(error.code.length + 2) : error.message;
  const location = formatLocation(error.where ?? {});
  if (location && text.startsWith(`${location}: `)) text = text.slice(location.length + 2);
  const file = error.where?.file;
  const named = (typeof file === 'string' && file.length > 0 && label.includes(file)) || error.code === 'E_OUTPUT';
  return new AirreachError(error.code, named ? text : `${label} failed: ${text}`, { where: error.where, cause: error });
}

/**
 * The error a pool task rejects with when its signal aborts: the signal's own reason when it is
 * already an `E_ABORTED` error (a cancel names itself once), else `E_ABORTED` naming the task.
 *
 * @example
 * throw abortedTaskError('coverage shard 2/4 (sites 10–19)', signal.reason);
 */
export function abortedTaskError(label: string, reason: unknown): AirreachError {
  if (isAirreachError(reason, 'E_ABORTED')) return reason;
  return new AirreachError('E_ABORTED', `${label} was cancelled`, { cause: reason });
}
