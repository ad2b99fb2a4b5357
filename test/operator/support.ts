import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../../src/config/schema.js';
import { runOperatorCommand } from '../../src/operator/cli.js';
import { uaiCheckLetter } from '../../src/operator/uai.js';
import { testConfig } from '../support/config.js';
import { testDataSource } from '../support/database.js';

let serial = 0;

/** A valid UAI never used before in this run (the factories' own are random; these start at 09). */
export function freshUai(): string {
  serial += 1;
  const digits = `09${String((Date.now() * 7 + serial * 104_729) % 100_000).padStart(5, '0')}`;
  return `${digits}${uaiCheckLetter(digits)}`;
}

/** Runs an operator command in this process, on the test database, and keeps what it printed. */
export async function operatorCommand(args: string[], config: Config = testConfig(), now = new Date()): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runOperatorCommand(args[0]!, args.slice(1), testDataSource(), config, { out: (text) => (out += text), err: (text) => (err += text) }, now);
  return { code, out, err };
}

/** Writes a CSV into a temporary file and returns its path. */
export function csvFile(lines: string[]): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'e-carnet-schools-')), 'schools.csv');
  fs.writeFileSync(file, lines.join('\n'));
  return file;
}
