// Assertions are for programmer errors: a failed one means the process state cannot be
// trusted, so it throws a plain Error that no handler is meant to recover from.
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

export function unreachable(value: never): never {
  throw new Error(`assertion failed: unreachable value ${JSON.stringify(value)}`);
}
