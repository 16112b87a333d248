/** Runs `work` once and returns its result with the elapsed wall-clock seconds. */
export async function timed<T>(work: () => Promise<T> | T): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - started) / 1000 };
}

/** Runs `work` `repeats` times and returns every elapsed time in seconds, with the last result. */
export async function timedRepeats<T>(repeats: number, work: () => Promise<T> | T): Promise<{ value: T; seconds: number[] }> {
  const seconds: number[] = [];
  let value!: T;
  for (let i = 0; i < repeats; i++) {
    const run = await timed(work);
    value = run.value;
    seconds.push(run.seconds);
  }
  return { value, seconds };
}
