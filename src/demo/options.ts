import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

/** Options of `npm run demo`. */
export interface DemoOptions {
  /** Base URL of a running server; null starts one in-process. */
  url: string | null;
  /** Bearer key for a server given by --url; the in-process server provides its own. */
  apiKey: string | null;
  /** CSV file to register instead of the built-in Iris data, with its target column. */
  csvPath: string | null;
  target: string | null;
  epochs: number;
  seed: number;
  keepRunning: boolean;
}

/** Raised for an invalid command line; the message names the option and the fix. */
export class UsageError extends Error {}

export const DEFAULT_EPOCHS = 100;
export const DEFAULT_SEED = 42;

export const HELP_TEXT = `Usage: npm run demo -- [options]

Runs the main job end to end over the GraphQL API: registers a dataset,
trains an MLP, compresses it by weight pruning, feature selection and neuron
pruning, and prints a comparison table and the lineage of the last model.

Without --url the demo starts the service in-process on the embedded
PostgreSQL (data in DATA_DIR, default ./.data) and stops it at the end.

Options:
  --csv PATH        CSV file with a header row to register instead of the
                    built-in Iris measurements (needs --target)
  --target COLUMN   target column of the CSV file
  --epochs N        maximum training epochs of the MLP (default ${DEFAULT_EPOCHS};
                    early stopping may end training sooner)
  --seed N          seed of the split, the training and the compression runs
                    (default ${DEFAULT_SEED})
  --url URL         use the server running at URL (such as
                    http://127.0.0.1:4000) instead of starting one
  --api-key KEY     API key for --url (default: the ADMIN_API_KEY variable,
                    or DATA_DIR/api-key of an embedded server)
  --keep-running    keep the in-process server running after the demo,
                    until Ctrl-C
  -h, --help        print this help

Environment: DATA_DIR, PORT (default 4000, or a free port when 4000 is
taken), LOG_LEVEL (default warn) and the other variables of the service.`;

function parseInteger(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} ${JSON.stringify(text)} is invalid; give an integer from ${min} to ${max}`);
  }
  return value;
}

function parseUrl(text: string | undefined): string | null {
  if (text === undefined) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--url ${JSON.stringify(text)} is not a URL; give the server's base URL, such as http://127.0.0.1:4000`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--url ${JSON.stringify(text)} must use http or https, such as http://127.0.0.1:4000`);
  }
  return url.origin + url.pathname.replace(/\/(graphql)?\/?$/, '');
}

function checkCsvPath(csvPath: string | undefined, target: string | undefined): string | null {
  if (csvPath === undefined) {
    if (target !== undefined) throw new UsageError('--target needs --csv; give the CSV file whose column it names');
    return null;
  }
  if (target === undefined || target.trim() === '') {
    throw new UsageError(`--csv ${csvPath} needs --target COLUMN, the column the model predicts`);
  }
  const resolved = path.resolve(csvPath);
  if (!existsSync(resolved)) throw new UsageError(`--csv ${csvPath}: file not found (looked at ${resolved})`);
  if (!statSync(resolved).isFile()) throw new UsageError(`--csv ${csvPath} is not a file; give the path of a CSV file`);
  return resolved;
}

/** Parses the command line; raises UsageError for an unknown or invalid option. Returns null for --help. */
export function parseDemoOptions(argv: string[]): DemoOptions | null {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        csv: { type: 'string' },
        target: { type: 'string' },
        epochs: { type: 'string' },
        seed: { type: 'string' },
        url: { type: 'string' },
        'api-key': { type: 'string' },
        'keep-running': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; run with --help for the options`);
  }
  const { values } = parsed;
  if (values.help) return null;

  const url = parseUrl(values.url);
  if (url !== null && values['keep-running']) {
    throw new UsageError('--keep-running applies to the in-process server only; drop it when --url is given');
  }

  if (url === null && values['api-key'] !== undefined) {
    throw new UsageError('--api-key applies to a server given by --url; the in-process server uses its own key');
  }

  return {
    url,
    apiKey: values['api-key'] ?? null,
    csvPath: checkCsvPath(values.csv, values.target),
    target: values.target ?? null,
    epochs: parseInteger('epochs', values.epochs, DEFAULT_EPOCHS, 1, 10_000),
    seed: parseInteger('seed', values.seed, DEFAULT_SEED, 0, 2 ** 31 - 1),
    keepRunning: values['keep-running'],
  };
}
