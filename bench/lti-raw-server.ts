/*
 * Raw baseline for a complete LTI launch: node:http, mysql2 and jose only. The same checks of the
 * id_token (RS256, kid, signature, iss, aud, exp/iat, nonce, LTI claims) with the platform's key
 * set fetched once, and the same statements as the module for a returning learner (8, no
 * transaction): the registration with the named deployment, the login budget (one conditional
 * update per login), the login row; then the login with its registration and deployment, the
 * nonce spent once, the pupil checked unchanged (and not only in closed schools), the session and
 * the audit record. What it leaves
 * out is what the module adds: Express, its middleware, TypeORM, the logs. Returning users only
 * (the bench creates them first).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { parse as parseCookies } from 'cookie';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import mysql, { type RowDataPacket } from 'mysql2/promise';
import { LTI_CLAIM } from '../src/lti/claims.js';
import { onlyInClosedSchoolsSql } from '../src/operator/closed-schools.js';

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
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT p.*, d.id AS deploymentRowId, d.disabledAt AS deploymentDisabledAt
       FROM lti_platform p LEFT JOIN lti_deployment d ON d.platformId = p.id AND d.deploymentId = ?
      WHERE p.issuer = ?`,
    [query.get('lti_deployment_id'), query.get('iss')],
  );
  const platform = rows.find((row) => row.clientId === query.get('client_id'));
  if (!platform || platform.disabledAt !== null || platform.deploymentDisabledAt !== null) return end(res, 400);
  if (!query.get('login_hint') || !query.get('target_link_uri')?.startsWith(`${baseUrl}/`)) return end(res, 400);
  const now = new Date();
  if (!(await withinLoginBudget(`lti-login:${address}:${platform.id as string}:${(platform.deploymentRowId as string | null) ?? '*'}`, now))) return end(res, 429);
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

// The module's per-address, per-deployment login budget (src/lti/login/login-budget.ts), sized from the school's roster once.
const [rosters] = await pool.query<RowDataPacket[]>('SELECT COUNT(DISTINCT personId) AS people FROM school_membership WHERE schoolId = ? AND endedAt IS NULL', [
  process.env.BENCH_LTI_SCHOOL_ID,
]);
const loginBudget = Math.max(3000, 2 * Number(rosters[0]?.people ?? 0));

async function withinLoginBudget(key: string, now: Date): Promise<boolean> {
  const windowStart = Math.floor(now.getTime() / 60_000) * 60_000;
  const bucket = `${key}@${windowStart}`;
  const [counted] = await pool.query<mysql.ResultSetHeader>('UPDATE rate_limit_window SET hits = hits + 1 WHERE bucket = ? AND hits < ?', [bucket, loginBudget]);
  if (counted.affectedRows === 1) return true;
  const [opened] = await pool.query<mysql.ResultSetHeader>('INSERT IGNORE INTO rate_limit_window (bucket, hits, expiresAt) VALUES (?, 1, ?)', [
    bucket,
    instant(new Date(windowStart + 60_000)),
  ]);
  // Another launch opened the window first: count against it, as the module does.
  if (opened.affectedRows === 1) return true;
  const [retried] = await pool.query<mysql.ResultSetHeader>('UPDATE rate_limit_window SET hits = hits + 1 WHERE bucket = ? AND hits < ?', [bucket, loginBudget]);
  return retried.affectedRows === 1;
}

async function launch(body: URLSearchParams, cookieHeader: string | undefined, res: http.ServerResponse): Promise<void> {
  const state = body.get('state') ?? '';
  const idToken = body.get('id_token') ?? '';
  const now = new Date();
  const claimedDeployment = decodeJwt(idToken)[LTI_CLAIM.deploymentId];
  // The login, its registration and the deployment the token names, in one read (as the module).
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT l.id AS loginId, l.nonce, l.targetLinkUri, l.expiresAt, l.usedAt,
            p.id AS platformId, p.issuer, p.clientId, p.identityIssuer, p.schoolId AS platformSchoolId, p.disabledAt,
            d.deploymentId, d.schoolId AS deploymentSchoolId, d.disabledAt AS deploymentDisabledAt
       FROM lti_login l
       JOIN lti_platform p ON p.id = l.platformId
       LEFT JOIN lti_deployment d ON d.platformId = l.platformId AND d.deploymentId = ?
      WHERE l.stateHash = ?`,
    [claimedDeployment, sha256(state)],
  );
  const row = rows[0];
  if (!row || new Date(row.expiresAt).getTime() <= now.getTime()) return end(res, 401);
  if ((cookieHeader ? parseCookies(cookieHeader)[`ecarnet_lti_state_${sha256(state).slice(0, 16)}`] : undefined) !== state) return end(res, 401);
  if (row.disabledAt !== null) return end(res, 400);

  const header = decodeProtectedHeader(idToken);
  if (header.alg !== 'RS256' || !header.kid) return end(res, 401);
  const { payload } = await jwtVerify(idToken, keySet, {
    algorithms: ['RS256'],
    issuer: row.issuer as string,
    audience: row.clientId as string,
    requiredClaims: ['exp', 'iat'],
    clockTolerance: 30,
    maxTokenAge: '10m',
    currentDate: now,
  });
  if (payload[LTI_CLAIM.version] !== '1.3.0' || payload[LTI_CLAIM.messageType] !== 'LtiResourceLinkRequest') return end(res, 400);
  if (!Array.isArray(payload[LTI_CLAIM.roles]) || typeof payload.sub !== 'string' || payload[LTI_CLAIM.targetLinkUri] !== row.targetLinkUri) return end(res, 400);
  if (!(payload[LTI_CLAIM.resourceLink] as { id?: string } | undefined)?.id) return end(res, 400);
  if (row.deploymentId !== payload[LTI_CLAIM.deploymentId] || row.deploymentDisabledAt !== null) return end(res, 403);
  if (payload.nonce !== row.nonce || row.usedAt !== null) return end(res, 401);
  const schoolId = (row.deploymentSchoolId ?? row.platformSchoolId) as string;
  const [spent] = await pool.query<mysql.ResultSetHeader>('UPDATE lti_login SET usedAt = ? WHERE id = ? AND usedAt IS NULL', [instant(now), row.loginId]);
  if (spent.affectedRows !== 1) return end(res, 401);

  // The returning pupil, checked unchanged in one read (as the module's shortcut of the provisioner).
  const contextId = (payload[LTI_CLAIM.context] as { id: string }).id;
  // With whether all their schools are closed (a member of deactivated schools only opens no session).
  const closedOnly = onlyInClosedSchoolsSql('ei.personId', now);
  const [people] = await pool.query<RowDataPacket[]>(
    `SELECT ei.personId, p.givenName, p.familyName, p.preferredLanguage,
            CASE WHEN EXISTS (SELECT 1 FROM school_membership m WHERE m.personId = ei.personId AND m.schoolId = ? AND m.role = 'pupil')
                  AND EXISTS (SELECT 1 FROM school_class c JOIN enrolment e ON e.classId = c.id WHERE c.schoolId = ? AND c.externalRef = ? AND e.pupilId = ei.personId)
                 THEN 1 ELSE 0 END AS unchanged,
            ${closedOnly.sql} AS onlyInClosedSchools
       FROM external_identity ei JOIN person p ON p.id = ei.personId
      WHERE ei.issuer = ? AND ei.subject = ?`,
    [schoolId, schoolId, `lti:${row.platformId as string}:${contextId}`, ...closedOnly.parameters, row.identityIssuer, payload.sub],
  );
  const person = people[0];
  if (!person || Number(person.unchanged) !== 1) throw new Error('the baseline serves returning users only');
  if (Number(person.onlyInClosedSchools) === 1) return end(res, 403);
  const personId = person.personId as string;
  const token = secret();
  await pool.query(
    'INSERT INTO http_session (tokenHash, personId, csrfToken, language, signInMethod, createdAt, lastSeenAt, expiresAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    [sha256(token), personId, secret(), person.preferredLanguage, `lti:${row.platformId as string}`, instant(now), instant(now), instant(new Date(now.getTime() + 120 * 60_000))],
  );
  await pool.query('INSERT INTO audit_event (id, schoolId, actorId, action, subjectKind, subjectId, detailJson, at) VALUES (?, NULL, ?, ?, ?, ?, ?, ?)', [
    randomUUID(),
    personId,
    'session.signedIn',
    'person',
    personId,
    JSON.stringify({ method: `lti:${row.platformId as string}`, issuer: row.identityIssuer }),
    instant(now),
  ]);
  res.writeHead(303, {
    location: '/home',
    'set-cookie': [
      `ecarnet_lti_state_${sha256(state).slice(0, 16)}=; Path=/lti; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax`,
      `ecarnet_session=${token}; Max-Age=43200; Path=/; HttpOnly; SameSite=Lax`,
    ],
  });
  res.end();
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
