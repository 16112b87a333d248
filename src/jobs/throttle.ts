/**
 * Wraps an async reporter so that it runs at most once per `intervalMs`.
 * The latest skipped value is kept, and `flush()` writes it.
 */
export function throttle<T>(intervalMs: number, report: (value: T) => Promise<void>) {
  let lastRun = 0;
  let pending: T | undefined;

  const call = async (value: T): Promise<void> => {
    const now = Date.now();
    if (now - lastRun < intervalMs) {
      pending = value;
      return;
    }
    lastRun = now;
    pending = undefined;
    await report(value);
  };

  return Object.assign(call, {
    async flush(): Promise<void> {
      if (pending === undefined) return;
      const value = pending;
      pending = undefined;
      lastRun = Date.now();
      await report(value);
    },
  });
}
