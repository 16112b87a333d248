import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './support/paths.js';

// No Docker engine runs in CI, so these tests read docker-compose.yml and the
// Dockerfile as text and check how the services are wired together.

const composeText = readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8');
const dockerfileText = readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8');

/** Variables a user must set before `docker compose up`. */
const REQUIRED_ENV = { ADMIN_API_KEY: 'compose-test-admin-key' };

/**
 * Replaces `${NAME}`, `${NAME:-default}`, `${NAME-default}` and
 * `${NAME:?message}` the way Docker Compose interpolates, and `$$` by `$`.
 * A `:?` variable that is unset or empty raises its message, as Compose does.
 */
function interpolate(text: string, env: Record<string, string>): string {
  const pattern = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g;
  return text.replace(pattern, (match, name: string | undefined, operator: string | undefined, argument: string | undefined) => {
    if (match === '$$') return '$';
    const value = env[name!];
    if (operator === ':?' || operator === '?') {
      const missing = operator === ':?' ? !value : value === undefined;
      if (missing) throw new Error(`required variable ${name} is missing a value: ${argument}`);
      return value!;
    }
    if (operator === ':-') return value ? value : (argument ?? '');
    if (operator === '-') return value !== undefined ? value : (argument ?? '');
    return value ?? '';
  });
}

/** Parses docker-compose.yml after interpolation with `env`, resolving `<<` merge keys as Compose does. */
function loadCompose(env: Record<string, string> = {}): any {
  return parse(interpolate(composeText, { ...REQUIRED_ENV, ...env }), { merge: true });
}

/** Returns a service's environment as an object, whether the file writes it as a map or as a list of NAME=value. */
function environmentOf(service: any): Record<string, string> {
  const environment = service.environment ?? {};
  if (Array.isArray(environment)) {
    return Object.fromEntries(environment.map((entry: string) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));
  }
  return Object.fromEntries(Object.entries(environment).map(([name, value]) => [name, String(value)]));
}

/** Names of the environment variables that src/config.ts validates (the keys of its zod object). */
function configVariables(): Set<string> {
  const source = readFileSync(path.join(repoRoot, 'src', 'config.ts'), 'utf8');
  const body = source.slice(source.indexOf('z.object({'), source.indexOf('});', source.indexOf('z.object({')));
  return new Set([...body.matchAll(/^\s{2}([A-Z][A-Z0-9_]*):/gm)].map((match) => match[1]));
}

function healthcheckCommand(service: any): string {
  const test = service.healthcheck?.test;
  return Array.isArray(test) ? test.join(' ') : String(test ?? '');
}

/** Maps a `node dist/src/x.js` command to the TypeScript entry point it runs. */
function entryPointOf(service: any): string {
  const command = Array.isArray(service.command) ? service.command.join(' ') : String(service.command);
  const match = /^node dist\/(src\/[\w/]+)\.js$/.exec(command);
  expect(match, `command ${command} should be "node dist/src/<entry>.js"`).not.toBeNull();
  return path.join(repoRoot, `${match![1]}.ts`);
}

describe('docker-compose.yml services', () => {
  const compose = loadCompose();
  const { postgres, api, worker } = compose.services;

  it('defines postgres, api and worker', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'postgres', 'worker']);
  });

  it('runs PostgreSQL 16 or 17', () => {
    expect(postgres.image).toMatch(/^postgres:1[67](\.\d+)?(-[a-z0-9]+)?$/);
  });

  it('keeps PostgreSQL data in a named volume', () => {
    expect(Object.keys(compose.volumes ?? {})).toContain('pgdata');
    expect(postgres.volumes).toContain('pgdata:/var/lib/postgresql/data');
  });

  it('checks PostgreSQL health with pg_isready', () => {
    const environment = environmentOf(postgres);
    const command = healthcheckCommand(postgres);
    expect(command).toContain('pg_isready');
    expect(command).toContain(`-U ${environment.POSTGRES_USER}`);
    expect(command).toContain(`-d ${environment.POSTGRES_DB}`);
  });

  it('builds the api from the repository root', () => {
    const build = typeof api.build === 'string' ? api.build : api.build?.context;
    expect(build).toBe('.');
  });

  it('runs worker from the api image', () => {
    expect(worker.image).toBeDefined();
    expect(worker.image).toBe(api.image);
  });

  it('runs the server and worker entry points', () => {
    expect(entryPointOf(api)).toBe(path.join(repoRoot, 'src', 'server.ts'));
    expect(entryPointOf(worker)).toBe(path.join(repoRoot, 'src', 'worker.ts'));
  });

  it('publishes the api on port 4000', () => {
    expect(api.ports).toContain('4000:4000');
    expect(environmentOf(api).PORT).toBe('4000');
    expect(environmentOf(api).HOST).toBe('0.0.0.0');
  });

  it('requires ADMIN_API_KEY for the api', () => {
    expect(() => parse(interpolate(composeText, {}))).toThrow(/ADMIN_API_KEY/);
    expect(environmentOf(api).ADMIN_API_KEY).toBe(REQUIRED_ENV.ADMIN_API_KEY);
    expect(environmentOf(worker).ADMIN_API_KEY).toBeUndefined();
  });

  it('keeps jobs out of the api process', () => {
    expect(environmentOf(api).RUN_WORKER).toBe('false');
    expect(environmentOf(worker).RUN_WORKER).toBeUndefined();
  });

  it('checks api health on /healthz', () => {
    const command = healthcheckCommand(api);
    expect(command).toContain('/healthz');
    expect(command).toContain(`:${environmentOf(api).PORT}/`);
    expect(api.healthcheck.start_period).toBeDefined();
  });

  it('starts api and worker after a healthy postgres', () => {
    expect(api.depends_on.postgres.condition).toBe('service_healthy');
    expect(worker.depends_on.postgres.condition).toBe('service_healthy');
  });

  it('starts workers after a healthy api', () => {
    expect(worker.depends_on.api.condition).toBe('service_healthy');
  });
});

describe('docker-compose.yml database wiring', () => {
  for (const [label, env] of [
    ['default password', {}],
    ['password from the environment', { POSTGRES_PASSWORD: 's3cret-value' }],
  ] as const) {
    it(`points DATABASE_URL at postgres with ${label}`, () => {
      const compose = loadCompose(env);
      const database = environmentOf(compose.services.postgres);

      for (const service of ['api', 'worker']) {
        const url = new URL(environmentOf(compose.services[service]).DATABASE_URL);
        expect(url.protocol).toBe('postgresql:');
        expect(url.hostname).toBe('postgres');
        expect(url.port).toBe('5432');
        expect(decodeURIComponent(url.username)).toBe(database.POSTGRES_USER);
        expect(decodeURIComponent(url.password)).toBe(database.POSTGRES_PASSWORD);
        expect(url.pathname).toBe(`/${database.POSTGRES_DB}`);
      }
      if ('POSTGRES_PASSWORD' in env) expect(database.POSTGRES_PASSWORD).toBe(env.POSTGRES_PASSWORD);
    });
  }

  it('sets only variables that src/config.ts reads', () => {
    const known = configVariables();
    expect(known.has('DATABASE_URL')).toBe(true);

    const compose = loadCompose();
    for (const service of ['api', 'worker']) {
      const unknown = Object.keys(environmentOf(compose.services[service])).filter((name) => !known.has(name));
      expect(unknown, `${service} sets variables that src/config.ts does not read`).toEqual([]);
    }
  });
});

describe('docker-compose.yml worker replicas', () => {
  it('takes the replica count from WORKER_REPLICAS alone', () => {
    const raw = parse(composeText, { merge: true });
    expect(String(raw.services.worker.deploy.replicas)).toMatch(/^\$\{WORKER_REPLICAS(:-\d+)?\}$/);
    expect(composeText.match(/replicas:/g)).toHaveLength(1);
  });

  it('defaults to 2 workers', () => {
    expect(Number(loadCompose().services.worker.deploy.replicas)).toBe(2);
  });

  it('scales to WORKER_REPLICAS', () => {
    expect(Number(loadCompose({ WORKER_REPLICAS: '5' }).services.worker.deploy.replicas)).toBe(5);
  });
});

describe('Dockerfile', () => {
  const instructions = dockerfileText.split('\n').filter((line) => /^[A-Z]+\s/.test(line));

  it('builds from an official Node.js 20 or 22 image', () => {
    const bases = instructions.filter((line) => line.startsWith('FROM '));
    expect(bases.length).toBeGreaterThan(0);
    for (const base of bases) expect(base).toMatch(/^FROM node:(20|22)(\.\d+)*-bookworm(-slim)?\b/);
  });

  it('installs from the lock file and compiles', () => {
    expect(dockerfileText).toMatch(/\bnpm ci\b/);
    expect(dockerfileText).toMatch(/\bnpm run build\b/);
  });

  it('runs as a non-root user', () => {
    const users = instructions.filter((line) => line.startsWith('USER '));
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^USER\s+(root|0)\b/);
  });

  it('serves the api by default', () => {
    expect(instructions.find((line) => line.startsWith('CMD '))).toBe('CMD ["node", "dist/src/server.js"]');
  });
});
