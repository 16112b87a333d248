import path from 'node:path';
import { benchmarks } from './benchmarks.js';
import { describeMachine } from './support/machine.js';
import { defaultResultsDir } from './support/paths.js';
import { writeResult } from './support/results.js';
import type { Benchmark, BenchSize } from './support/types.js';

const USAGE = `usage: npm run bench -- [NAME ...] [--size smoke|full] [--out FOLDER]
  NAME       one or more of ${benchmarks.map((benchmark) => benchmark.name).join(', ')}; none runs all
  --size     smoke runs tiny sizes in seconds (CI); full (default) runs the documented sizes
  --out      folder of the <name>.json result files (default bench/results)`;

interface Options {
  selected: Benchmark[];
  size: BenchSize;
  outDir: string;
}

/** Parses the command line; throws with the usage text on an invalid argument. */
function parseArguments(argv: string[]): Options {
  const names: string[] = [];
  let size: BenchSize = 'full';
  let outDir = defaultResultsDir;

  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i];
    if (argument === '--help' || argument === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (argument === '--size' || argument.startsWith('--size=')) {
      const value = argument.includes('=') ? argument.split('=')[1] : argv[++i];
      if (value !== 'smoke' && value !== 'full') throw new Error(`--size ${value} is invalid; use smoke or full\n${USAGE}`);
      size = value;
    } else if (argument === '--out' || argument.startsWith('--out=')) {
      const value = argument.includes('=') ? argument.split('=')[1] : argv[++i];
      if (!value) throw new Error(`--out needs a folder\n${USAGE}`);
      outDir = path.resolve(value);
    } else if (argument.startsWith('-')) {
      throw new Error(`option ${argument} is unknown\n${USAGE}`);
    } else {
      names.push(argument);
    }
  }

  const selected = names.length === 0 ? benchmarks : names.map((name) => findBenchmark(name));
  return { selected, size, outDir };
}

function findBenchmark(name: string): Benchmark {
  const benchmark = benchmarks.find((candidate) => candidate.name === name);
  if (!benchmark) throw new Error(`benchmark ${name} is unknown\n${USAGE}`);
  return benchmark;
}

/** Runs one benchmark, prints its summary and writes its result file. */
async function runBenchmark(benchmark: Benchmark, size: BenchSize, outDir: string): Promise<void> {
  const machine = describeMachine();
  const date = new Date().toISOString();
  const started = performance.now();
  const log = (message: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);

  log(`${benchmark.name} (${size}): ${benchmark.description}`);
  const report = await benchmark.run({ size, log });
  const durationSeconds = Number(((performance.now() - started) / 1000).toFixed(1));
  const file = await writeResult(outDir, { benchmark: benchmark.name, size, date, durationSeconds, machine, ...report });

  console.log(`\n## ${benchmark.name} (${size}, ${durationSeconds} s, tfjs backend ${report.tfjsBackend ?? 'none'})`);
  for (const line of report.summary) console.log(`  ${line}`);
  for (const note of report.notes) console.log(`  note: ${note}`);
  console.log(`  result: ${path.relative(process.cwd(), file) || file}`);
}

async function main(): Promise<void> {
  const options = parseArguments(process.argv.slice(2));
  const machine = describeMachine();
  console.log(`machine: ${machine.cpuModel}, ${machine.cores} cores, ${(machine.memoryBytes / 1024 ** 3).toFixed(1)} GiB, Node.js ${machine.node}, load ${machine.loadAverageAtStart.join(' ')}`);

  const started = performance.now();
  for (const benchmark of options.selected) await runBenchmark(benchmark, options.size, options.outDir);
  console.log(`\nall done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main().then(
  // Open handles of tfjs and pg pools would keep the process alive after the last benchmark.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    if (error instanceof Error && error.stack && !error.message.includes('usage:')) console.error(error.stack);
    process.exit(1);
  },
);
