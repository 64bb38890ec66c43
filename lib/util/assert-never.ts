/** For the default branch of a switch over a union: the compiler proves it unreachable, and a value that arrives anyway (from an old link, a newer worker) fails loudly. */
export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${String(x)}`);
}
