import { graphqlBenchmark } from './graphql.js';
import { importanceBenchmark } from './importance.js';
import { ingestBenchmark } from './ingest.js';
import { loadBenchmark } from './load.js';
import { pruningBenchmark } from './pruning.js';
import type { Benchmark } from './support/types.js';
import { trainingBenchmark } from './training.js';

/** Every benchmark, in the order `npm run bench` runs them. */
export const benchmarks: Benchmark[] = [ingestBenchmark, trainingBenchmark, importanceBenchmark, pruningBenchmark, graphqlBenchmark, loadBenchmark];
