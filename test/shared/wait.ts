// Polling shared by every test layer that waits on something real (a cluster, a workbench).

export const sleep = (ms: number) => new Promise<void>(r => setTimeout(r, ms));

/** Polls f every `every` ms until it returns something truthy (returned), or throws after ms. */
export async function waitFor<T>(
  what: string,
  ms: number,
  f: () => T | undefined | false | Promise<T | undefined | false>,
  every = 100,
): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms: ${what}`);
    await sleep(every);
  }
}
