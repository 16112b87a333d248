const BAR_WIDTH = 30;
const CLEAR_TO_END_OF_LINE = '\x1b[K';

/** Share of the work between two printed lines when the output is not a terminal. */
const LINE_STEP = 0.25;

/**
 * A progress bar on one terminal line, redrawn in place with `\r`. When the
 * stream is not a TTY (a pipe or a log file), it prints a plain line at every
 * quarter of the work and when the phase changes instead.
 */
export class ProgressBar {
  private lastPrintedFraction = -1;
  private lastPhase: string | null = null;
  private finished = false;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stdout,
  ) {}

  /** Draws `fraction` (0..1) and a short status such as "epoch 12/100" or "fine-tuning". */
  update(fraction: number, status: string, phase: string | null = null): void {
    if (this.finished) return;
    const clamped = Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0));

    if (this.stream.isTTY) {
      this.stream.write(`\r${this.render(clamped, status)}${CLEAR_TO_END_OF_LINE}`);
      return;
    }

    const phaseChanged = phase !== null && phase !== this.lastPhase;
    if (phaseChanged || clamped >= this.lastPrintedFraction + LINE_STEP) {
      this.stream.write(`${this.render(clamped, status)}\n`);
      this.lastPrintedFraction = clamped;
      this.lastPhase = phase;
    }
  }

  /** Draws the final state and ends the line. */
  finish(status: string, fraction = 1): void {
    if (this.finished) return;
    this.finished = true;
    const line = this.render(Math.max(0, Math.min(1, fraction)), status);
    this.stream.write(this.stream.isTTY ? `\r${line}${CLEAR_TO_END_OF_LINE}\n` : `${line}\n`);
  }

  private render(fraction: number, status: string): string {
    const filled = Math.round(fraction * BAR_WIDTH);
    const bar = '#'.repeat(filled) + '-'.repeat(BAR_WIDTH - filled);
    const percent = `${Math.round(fraction * 100)}%`.padStart(4);
    return `  ${this.label.padEnd(18)} [${bar}] ${percent}  ${status}`;
  }
}
