import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { PROJECT_ROOT } from '../../src/paths.js';
import type { TestApp } from '../support/app.js';

/** A roster connector fixture file, as bytes. */
export function rosterFixture(name: string): Buffer {
  return fs.readFileSync(path.join(PROJECT_ROOT, 'connectors', 'roster-csv', 'fixtures', name));
}

/** Uploads a file as the import form does (multipart, CSRF token in the form); returns the answer. */
export function upload(
  testApp: TestApp,
  signedIn: { cookie: string; csrfToken: string },
  schoolId: string,
  file: Buffer,
  fields: Record<string, string> = {},
): request.Test {
  const post = request(testApp.app).post(`/schools/${schoolId}/roster-import`).set('Cookie', signedIn.cookie);
  for (const [name, value] of Object.entries({ _csrf: signedIn.csrfToken, preset: 'onde', ...fields })) post.field(name, value);
  return post.attach('file', file, 'export.csv');
}

/** The digest the preview page asks to confirm. */
export function digestOf(previewHtml: string): string {
  const match = /name="digest" value="([0-9a-f]{64})"/.exec(previewHtml);
  if (!match) throw new Error('the preview offers no confirmation');
  return match[1]!;
}
