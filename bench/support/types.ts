/** smoke runs tiny sizes in seconds (for CI); full runs the documented sizes. */
export type BenchSize = 'smoke' | 'full';

/** Settings that the runner passes to every benchmark. */
export interface BenchContext {
  size: BenchSize;
  /** Writes one progress line to stderr, so that stdout keeps the figures only. */
  log(message: string): void;
}

/** Figures a benchmark returns. The runner adds the machine and the date, then writes the result file. */
export interface BenchReport {
  /** tfjs backend(s) the measured code ran on, or null where no tfjs code was measured. */
  tfjsBackend: string | null;
  /** Sizes and options the figures were measured with. */
  settings: Record<string, unknown>;
  /** Measured figures, references and ratios. */
  figures: Record<string, unknown>;
  /** Lines printed as the benchmark's summary. */
  summary: string[];
  /** Caveats: missing references, extrapolations, pending features. */
  notes: string[];
}

export interface Benchmark {
  name: string;
  description: string;
  run(context: BenchContext): Promise<BenchReport>;
}
