import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findProjectRoot } from './db/migrate.js';

/** The service version from package.json, recorded with every model. */
export const PACKAGE_VERSION: string = JSON.parse(readFileSync(path.join(findProjectRoot(), 'package.json'), 'utf8')).version;
