/*
 * Raw baseline for a complete LTI launch: node:http, mysql2 and jose only. The same checks of the
 * id_token (RS256, kid, signature, iss, aud, exp/iat, nonce, LTI claims) with the platform's key
 * set fetched once, and the same SQL as the module for a returning learner: the login row, the
 * platform and deployment, the login rate limit (one conditional update per login), the nonce
 * spent once, the provisioning reads and writes in a transaction, the session and the audit record. What it leaves out is what the module adds:
 * Express, its middleware, TypeORM, the logs. Returning users only (the bench creates them first).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { parse as parseCookies } from 'cookie';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import mysql, { type PoolConnection, type RowDataPacket } from 'mysql2/promise';
import { LTI_CLAIM } from '../src/lti/claims.js';

const baseUrl = process.env.ECARNET_BASE_URL!;
const issuer = process.env.BENCH_LTI_ISSUER!;
const pool = mysql.createPool({ uri: process.env.DATABASE_URL!, timezone: 'Z', dateStrings: ['DATE'], connectionLimit: 20 });

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const instant = (date: Date) => date.toISOString().replace('T', ' ').replace('Z', '');
const secret = () => randomBytes(32).toString('base64url');

const [platforms] = await pool.query<RowDataPacket[]>('SELECT * FROM lti_platform WHERE issuer = ? LIMIT 1', [issuer]);
const platformRow = platforms[0]!;
// The key set, fetched once at start, as the module caches it.
const keySet = createLocalJWKSet((await (await fetch(platformRow.keysetUrl as string)).json()) as JSONWebKeySet);

async function login(url: URL, address: string, res: http.ServerResponse): Promise<void> {
  const query = url.searchParams;
  const [rows] = await pool.query<RowDataPacket[]>('SELECT * FROM lti_platform WHERE issuer = ? AND clientId = ? LIMIT 1', [query.get('iss'), query.get('client_id')]);
  const platform = rows[0];
  if (!platform || platform.disabledAt !== null || !query.get('login_hint') || !query.get('target_link_uri')?.startsWith(`${baseUrl}/`)) return end(res, 400);
  const now = new Date();
  if (!(await withinLoginLimit(`lti-login:${address}:${platform.id as string}`, now))) return end(res, 429);
  const state = secret();
  const nonce = secret();
  await pool.query(
    'INSERT INTO lti_login (id, stateHash, nonce, platformId, targetLinkUri, loginParamsJson, storageTarget, bindingHash, createdAt, expiresAt, usedAt) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, NULL)',
    [randomUUID(), sha256(state), nonce, platform.id, query.get('target_link_uri'), JSON.stringify(Object.fromEntries(query)), instant(now), instant(new Date(now.getTime() + 600_000))],
  );
  const authorization = new URL(platform.authLoginUrl as string);
  for (const [name, value] of Object.entries({
    scope: 'openid',
    response_type: 'id_token',
    response_mode: 'form_post',
    prompt: 'none',
    client_id: platform.clientId as string,
    redirect_uri: `${baseUrl}/lti/launch`,
    login_hint: query.get('login_hint')!,
    lti_message_hint: query.get('lti_message_hint') ?? '',
    state,
    nonce,
  })) {
    authorization.searchParams.set(name, value);
  }
  res.writeHead(302, {
    location: authorization.toString(),
    'set-cookie': `ecarnet_lti_state_${sha256(state).slice(0, 16)}=${state}; Max-Age=600; Path=/lti; HttpOnly; SameSite=Lax`,
  });
  res.end();
}

/** The module's fixed-window count (src/http/rate-limit.ts): 300 logins a minute per address and registration. */
async function withinLoginLimit(key: string, now: Date): Promise<boolean> {
  const windowStart = Math.floor(now.getTime() / 60_000) * 60_000;
  const bucket = `${key}@${windowStart}`;
  const [counted] = await pool.query<mysql.ResultSetHeader>('UPDATE rate_limit_window SET hits = hits + 1 WHERE bucket = ? AND hits < ?', [bucket, 300]);
  if (counted.affectedRows === 1) return true;
  const [opened] = await pool.query<mysql.ResultSetHeader>('INSERT IGNORE INTO rate_limit_window (bucket, hits, expiresAt) VALUES (?, 1, ?)', [
    bucket,
    instant(new Date(windowStart + 60_000)),
  ]);
  return opened.affectedRows === 1;
}

async function launch(body: URLSearchParams, cookieHeader: string | undefined, res: http.ServerResponse): Promise<void> {
  const state = body.get('state') ?? '';
  const idToken = body.get('id_token') ?? '';
  const now = new Date();
  const [logins] = await pool.query<RowDataPacket[]>('SELECT * FROM lti_login WHERE stateHash = ? LIMIT 1', [sha256(state)]);
  const row = logins[0];
  if (!row || new Date(row.expiresAt).getTime() <= now.getTime()) return end(res, 401);
  if ((cookieHeader ? parseCookies(cookieHeader)[`ecarnet_lti_state_${sha256(state).slice(0, 16)}`] : undefined) !== state) return end(res, 401);
  const [platforms] = await pool.query<RowDataPacket[]>('SELECT * FROM lti_platform WHERE id = ? LIMIT 1', [row.platformId]);
  const platform = platforms[0];
  if (!platform || platform.disabledAt !== null) return end(res, 400);

  const header = decodeProtectedHeader(idToken);
  if (header.alg !== 'RS256' || !header.kid) return end(res, 401);
  const { payload } = await jwtVerify(idToken, keySet, {
    algorithms: ['RS256'],
    issuer: platform.issuer as string,
    audience: platform.clientId as string,
    requiredClaims: ['exp', 'iat'],
    clockTolerance: 30,
    maxTokenAge: '10m',
    currentDate: now,
  });
  if (payload[LTI_CLAIM.version] !== '1.3.0' || payload[LTI_CLAIM.messageType] !== 'LtiResourceLinkRequest') return end(res, 400);
  if (!Array.isArray(payload[LTI_CLAIM.roles]) || typeof payload.sub !== 'string' || payload[LTI_CLAIM.targetLinkUri] !== row.targetLinkUri) return end(res, 400);
  if (!(payload[LTI_CLAIM.resourceLink] as { id?: string } | undefined)?.id) return end(res, 400);
  const [deployments] = await pool.query<RowDataPacket[]>('SELECT * FROM lti_deployment WHERE platformId = ? AND deploymentId = ? LIMIT 1', [
    platform.id,
    payload[LTI_CLAIM.deploymentId],
  ]);
  const deployment = deployments[0];
  if (!deployment || payload.nonce !== row.nonce || row.usedAt !== null) return end(res, 401);
  const schoolId = (deployment.schoolId ?? platform.schoolId) as string;
  const [spent] = await pool.query<mysql.ResultSetHeader>('UPDATE lti_login SET usedAt = ? WHERE id = ? AND usedAt IS NULL', [instant(now), row.id]);
  if (spent.affectedRows !== 1) return end(res, 401);

  const contextId = (payload[LTI_CLAIM.context] as { id: string }).id;
  const personId = await inTransaction(async (db) => {
    const [identities] = await db.query<RowDataPacket[]>('SELECT * FROM external_identity WHERE issuer = ? AND subject = ? LIMIT 1', [platform.identityIssuer, payload.sub]);
    const identity = identities[0];
    if (!identity) throw new Error('the baseline serves returning users only');
    await db.query('SELECT * FROM person WHERE id = ? LIMIT 1', [identity.personId]);
    await db.query('UPDATE external_identity SET lastSeenAt = ? WHERE id = ?', [instant(now), identity.id]);
    await db.query('SELECT * FROM school WHERE id = ? LIMIT 1', [schoolId]);
    await db.query('SELECT * FROM school_membership WHERE personId = ? AND schoolId = ? AND role = ? LIMIT 1', [identity.personId, schoolId, 'pupil']);
    const [classes] = await db.query<RowDataPacket[]>('SELECT * FROM school_class WHERE schoolId = ? AND externalRef = ? LIMIT 1', [
      schoolId,
      `lti:${platform.id as string}:${contextId}`,
    ]);
    await db.query('SELECT * FROM enrolment WHERE pupilId = ? AND classId = ? AND endedAt IS NULL LIMIT 1', [identity.personId, classes[0]!.id]);
    return identity.personId as string;
  });
  const [people] = await pool.query<RowDataPacket[]>('SELECT * FROM person WHERE id = ? LIMIT 1', [personId]);
  const token = secret();
  await pool.query(
    'INSERT INTO http_session (tokenHash, personId, csrfToken, language, signInMethod, createdAt, lastSeenAt, expiresAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    [sha256(token), personId, secret(), people[0]!.preferredLanguage, `lti:${platform.id}`, instant(now), instant(now), instant(new Date(now.getTime() + 120 * 60_000))],
  );
  await pool.query('SELECT givenName, familyName FROM person WHERE id = ?', [personId]);
  await inTransaction((db) =>
    db.query('INSERT INTO audit_event (id, schoolId, actorId, action, subjectKind, subjectId, detailJson, at) VALUES (?, NULL, ?, ?, ?, ?, ?, ?)', [
      randomUUID(),
      personId,
      'session.signedIn',
      'person',
      personId,
      JSON.stringify({ method: `lti:${platform.id}`, issuer: platform.identityIssuer }),
      instant(now),
    ]),
  );
  res.writeHead(303, {
    location: '/home',
    'set-cookie': [
      `ecarnet_lti_state_${sha256(state).slice(0, 16)}=; Path=/lti; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax`,
      `ecarnet_session=${token}; Max-Age=43200; Path=/; HttpOnly; SameSite=Lax`,
    ],
  });
  res.end();
}

async function inTransaction<T>(work: (db: PoolConnection) => Promise<T>): Promise<T> {
  const db = await pool.getConnection();
  try {
    await db.beginTransaction();
    const result = await work(db);
    await db.commit();
    return result;
  } catch (error) {
    await db.rollback();
    throw error;
  } finally {
    db.release();
  }
}

function end(res: http.ServerResponse, status: number): void {
  res.writeHead(status).end();
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', baseUrl);
  const handle = async () => {
    // Behind the bench's "proxy" (each learner at their own address), as the module trusts it.
    const forwarded = String(req.headers['x-forwarded-for'] ?? '').split(',')[0]!.trim();
    if (req.method === 'GET' && url.pathname === '/lti/login') return login(url, forwarded || (req.socket.remoteAddress ?? ''), res);
    if (req.method === 'POST' && url.pathname === '/lti/launch') {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      return launch(new URLSearchParams(Buffer.concat(chunks).toString()), req.headers.cookie, res);
    }
    end(res, 404);
  };
  handle().catch(() => end(res, 500));
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write(`listening ${baseUrl}\n`));
process.once('SIGTERM', () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
