import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';

/** How to reach a MariaDB/MySQL database with the command-line clients. */
export interface ClientConnection {
  /** Arguments naming the server and user (never the password). */
  readonly args: string[];
  readonly database: string;
  /** The environment for the client: the password travels in MYSQL_PWD, never on the command line (where `ps` shows it). */
  readonly env: NodeJS.ProcessEnv;
}

/** Reads a `mysql://user:password@host:port/database` URL into client arguments. */
export function clientConnection(url: string, database: string): ClientConnection {
  const parsed = new URL(url);
  const args = [`--host=${parsed.hostname.replace(/^\[|\]$/g, '')}`, `--port=${parsed.port || '3306'}`, '--protocol=TCP'];
  if (parsed.username) args.push(`--user=${decodeURIComponent(parsed.username)}`);
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.MYSQL_PWD;
  if (parsed.password) env.MYSQL_PWD = decodeURIComponent(parsed.password);
  return { args, database, env };
}

/** Runs a client, its stdin and stdout connected as given; rejects with its stderr when it fails. */
function runClient(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  io: { input?: NodeJS.ReadableStream; output?: NodeJS.WritableStream },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: [io.input ? 'pipe' : 'ignore', io.output ? 'pipe' : 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < 4000) stderr += chunk;
    });
    const streams: Promise<void>[] = [];
    if (io.input) streams.push(pipeline(io.input, child.stdin!));
    if (io.output) streams.push(pipeline(child.stdout!, io.output));
    const exited = new Promise<number | null>((done, fail) => {
      child.once('error', (error: NodeJS.ErrnoException) =>
        fail(error.code === 'ENOENT' ? new Error(`${command} is not installed (Debian: apt-get install mariadb-client)`) : error),
      );
      child.once('close', done);
    });
    Promise.all([exited, ...streams]).then(
      ([code]) => (code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}: ${stderr.trim()}`))),
      (error: unknown) => reject(new Error(`${command} failed: ${(error as Error).message} ${stderr.trim()}`)),
    );
  });
}

/**
 * Dumps the database into `file` with `mariadb-dump --single-transaction`: one consistent
 * snapshot (InnoDB's repeatable read) taken without locking the tables, so the server goes on
 * serving and writing meanwhile.
 */
export function dumpDatabase(connection: ClientConnection, file: string): Promise<void> {
  const args = [
    ...connection.args,
    '--single-transaction',
    // Rows are streamed, not buffered whole in the client.
    '--quick',
    '--default-character-set=utf8mb4',
    // Binary columns as hex literals: no byte sequence can be misread as text.
    '--hex-blob',
    // Tablespaces need the PROCESS privilege, which an application's account rarely has.
    '--no-tablespaces',
    '--routines',
    '--triggers',
    connection.database,
  ];
  return runClient('mariadb-dump', args, connection.env, { output: createWriteStream(file, { flags: 'wx' }) });
}

/** Loads a dump into the database by piping it into `mariadb`. */
export function loadDump(connection: ClientConnection, file: string): Promise<void> {
  const args = [...connection.args, '--default-character-set=utf8mb4', '--batch', connection.database];
  return runClient('mariadb', args, connection.env, { input: createReadStream(file) });
}
