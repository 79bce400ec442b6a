/**
 * What is wrong with a queue name, or undefined when Redis and BullMQ take it: BullMQ refuses an
 * empty name and one with ':' (its key separator) by throwing a bare Error from its Queue
 * constructor, which `airreach run --redis … --queue a:b` printed as 'unexpected failure' with a
 * stack trace (exit 1). Blank names are refused too: they cannot be told apart on a command line.
 *
 * @example
 * queueNameProblem('airreach'); // undefined
 * queueNameProblem('a:b'); // 'it holds ":", which Redis keys of the queue use as their separator'
 */
export function queueNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.trim() === '') return 'it is empty';
  if (name.includes(':')) return 'it holds ":", which Redis keys of the queue use as their separator';
  return undefined;
}
