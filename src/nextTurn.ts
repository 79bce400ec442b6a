/**
 * Resolves after the event loop's next turn (`setImmediate`). A thread that drives a worker pool
 * hands a queued task to a worker only when that worker's "done" message is read, which waits
 * for the thread's current synchronous step to end: long steps (a coverage report, a file's
 * render) split at such points keep the pool's workers busy.
 *
 * @example
 * for (const name of names) {
 *   render(name);
 *   await nextTurn(); // the pool's messages are read here
 * }
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
