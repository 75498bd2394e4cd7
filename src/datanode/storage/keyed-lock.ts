// Serialises operations on the same key (a block id) while letting different keys run freely.
// This is what makes "two concurrent puts of one new block store it once" and "a delete racing a
// put sees it" true without a global lock: the second operation starts after the first settles.
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, operation: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(operation);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    try {
      return await result;
    } finally {
      // Only the last waiter removes the entry, so the map holds keys with work in flight only.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  get size(): number {
    return this.tails.size;
  }
}
