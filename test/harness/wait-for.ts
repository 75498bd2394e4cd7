// Waits for a condition with a bound; on timeout it fails with the state the caller describes.
export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs: number, describe: () => unknown = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() > deadline) throw new Error(`waitFor: timed out after ${timeoutMs} ms; state: ${JSON.stringify(await describe())}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
