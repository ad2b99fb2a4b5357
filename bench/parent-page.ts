import type { DataSource } from 'typeorm';
import { Person } from '../src/model/index.js';
import { measurePair, printComparison, signedInHeaders, startAppServer, startServerProcess, stopProcess, type LoadOptions } from './harness.js';

/**
 * Benchmark 1: an authenticated parent's home page (their children with classes and teachers),
 * against the raw baseline. Both answers are checked to be the same page before measuring.
 */
export async function benchParentPage(dataSource: DataSource, databaseUrl: string, options: LoadOptions): Promise<number> {
  const parent = await dataSource.getRepository(Person).findOneByOrFail({ givenName: 'Rachid', familyName: 'Benkirane' });
  const headers = await signedInHeaders(dataSource, parent.id);

  const app = await startAppServer(databaseUrl);
  const raw = await startServerProcess('raw-parent-page.ts', { DATABASE_URL: databaseUrl });
  try {
    const appUrl = `${app.url}/home`;
    const [fromApp, fromRaw] = await Promise.all([fetch(appUrl, { headers }), fetch(raw.url, { headers })]);
    const [appHtml, rawHtml] = await Promise.all([fromApp.text(), fromRaw.text()]);
    if (fromApp.status !== 200 || fromRaw.status !== 200) throw new Error(`not 200: app ${fromApp.status}, raw ${fromRaw.status}: ${rawHtml.slice(0, 300)}`);
    if (!appHtml.includes('Amira Benkirane') || !appHtml.includes('Yanis Benkirane')) throw new Error('the page lacks the children');
    if (appHtml !== rawHtml) throw new Error(`the raw baseline does not render the same page as the module: ${firstDifference(appHtml, rawHtml)}`);

    const [subject, baseline] = await measurePair(
      { name: 'e-carnet (Express + TypeORM)', url: appUrl, headers },
      { name: 'raw node:http + mysql2', url: raw.url, headers },
      options,
    );
    return printComparison('Parent home page: children with classes and teachers, MariaDB', subject, baseline, options);
  } finally {
    await Promise.all([stopProcess(app.process), stopProcess(raw.process)]);
  }
}

/** Where two pages part, with a little of each around it, for the error that says they differ. */
function firstDifference(expected: string, actual: string): string {
  let at = 0;
  while (at < expected.length && expected[at] === actual[at]) at += 1;
  const around = (text: string) => JSON.stringify(text.slice(Math.max(0, at - 80), at + 120));
  return `at character ${at}: module ${around(expected)}, raw ${around(actual)}`;
}
