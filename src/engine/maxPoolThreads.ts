/**
 * Most worker threads a pool may start (and `--threads` may ask for). A pool starts all of its
 * workers at once, each a V8 isolate of tens of MB: `--threads 99999` aborted the process out of
 * memory after a minute and `--threads 1e9` at once, where a count this far beyond any machine's
 * cores is a typing error to refuse before anything is started. The outputs are the same bytes
 * at any thread count, so the cap changes no result.
 *
 * @example
 * if (threads > MAX_POOL_THREADS) throw new Error('too many threads');
 */
export const MAX_POOL_THREADS = 256;
