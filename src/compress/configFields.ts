import { CompressionConfigError } from './errors.js';

/** A method config as received: a plain object whose fields are checked one by one. */
export type RawConfig = Record<string, unknown>;

/** Returns the config as an object, or throws when it is not one; rejects fields the method does not know. */
export function readObject(method: string, config: unknown, knownFields: readonly string[]): RawConfig {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new CompressionConfigError(`${method} config ${JSON.stringify(config) ?? String(config)} is invalid; pass an object such as {}`);
  }

  const raw = config as RawConfig;
  for (const field of Object.keys(raw)) {
    if (!knownFields.includes(field)) {
      throw new CompressionConfigError(`${method} config field ${field} is unknown; use only ${knownFields.join(', ')}`);
    }
  }
  return raw;
}

/** Returns true when the field is absent or null. */
export function isMissing(raw: RawConfig, field: string): boolean {
  return raw[field] === undefined || raw[field] === null;
}

/** Reads a finite number, or the default when the field is absent. */
export function readNumber(raw: RawConfig, field: string, fallback?: number): number {
  if (isMissing(raw, field)) {
    if (fallback === undefined) throw new CompressionConfigError(`${field} is missing; pass a number`);
    return fallback;
  }

  const value = raw[field];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new CompressionConfigError(`${field} ${JSON.stringify(value)} is invalid; pass a finite number`);
  }
  return value;
}

/** Reads an integer of at least `minimum`, or the default when the field is absent. */
export function readInteger(raw: RawConfig, field: string, minimum: number, fallback?: number): number {
  const value = readNumber(raw, field, fallback);
  if (!Number.isInteger(value) || value < minimum) {
    throw new CompressionConfigError(`${field} ${value} is invalid; pass an integer of at least ${minimum}`);
  }
  return value;
}

/** Reads a boolean, or the default when the field is absent. */
export function readBoolean(raw: RawConfig, field: string, fallback: boolean): boolean {
  if (isMissing(raw, field)) return fallback;

  const value = raw[field];
  if (typeof value !== 'boolean') throw new CompressionConfigError(`${field} ${JSON.stringify(value)} is invalid; pass true or false`);
  return value;
}

/** Reads one of the allowed string values, or the default when the field is absent. */
export function readChoice<T extends string>(raw: RawConfig, field: string, allowed: readonly T[], fallback: T): T {
  if (isMissing(raw, field)) return fallback;

  const value = raw[field];
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw new CompressionConfigError(`${field} ${JSON.stringify(value)} is unknown; use one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** Throws unless exactly one of the fields is set. */
export function requireExactlyOne(raw: RawConfig, fields: readonly string[]): string {
  const present = fields.filter((field) => !isMissing(raw, field));
  if (present.length !== 1) {
    const found = present.length === 0 ? 'none of them' : present.join(' and ');
    throw new CompressionConfigError(`set exactly one of ${fields.join(', ')} (found ${found}); remove the others`);
  }
  return present[0];
}
