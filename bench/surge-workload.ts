import sharp from 'sharp';
import type { Action } from './open-loop.js';
import type { SurgeCast } from './surge-cast.js';
import { phoneAgent, surgeRequest, type SurgeAnswer } from './surge-client.js';

/** The kinds of action of the surge, and their share of arrivals (out of 100). */
export const RENTREE_MIX = {
  // Parents, 80 %.
  'parent: home': 20,
  'parent: timeline': 25,
  'parent: thumbnail': 25,
  'parent: messages': 10,
  // Teachers, 15 %.
  'teacher: class page': 8,
  'teacher: photo post': 3,
  'teacher: class message': 4,
  // Sign-ins, 5 %: a family's phone opens a child's QR code and loads the first page.
  'sign-in: QR scan to first page': 5,
} as const;

/** The parent pages the raw baseline also serves, in the same proportion as in the rentrée mix. */
export const RAW_COMPARABLE_MIX = { 'parent: home': 20, 'parent: timeline': 25 } as const;

export type SurgeKind = keyof typeof RENTREE_MIX;
export type SurgeMix = Partial<Record<SurgeKind, number>>;

/**
 * An order of 100 arrivals honouring the weights and spreading each kind evenly (smooth weighted
 * round robin), so that any stretch of the run has the mix, not bursts of one kind.
 */
function schedule(mix: SurgeMix): SurgeKind[] {
  const entries = Object.entries(mix) as [SurgeKind, number][];
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  const current = new Map(entries.map(([kind]) => [kind, 0]));
  const order: SurgeKind[] = [];
  for (let slot = 0; slot < total; slot += 1) {
    for (const [kind, weight] of entries) current.set(kind, current.get(kind)! + weight);
    const [chosen] = [...current].reduce((best, item) => (item[1] > best[1] ? item : best));
    current.set(chosen, current.get(chosen)! - total);
    order.push(chosen);
  }
  return order;
}

/** A photo as a teacher's phone sends it after the app shrinks it (1024×768 JPEG). */
async function teacherPhoto(): Promise<Buffer> {
  return sharp({ create: { width: 1024, height: 768, channels: 3, background: { r: 128, g: 128, b: 128 }, noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
    .jpeg({ quality: 80 })
    .toBuffer();
}

const BOUNDARY = 'surge-boundary';

/** True when the answer has the expected status; otherwise throws what it was (for the check before the run). */
function expect(answer: SurgeAnswer, status: number, what: string): boolean {
  if (answer.status !== status) throw new Error(`${what} answered ${answer.status}: ${answer.body.toString('utf8').slice(0, 300)}`);
  return true;
}

/**
 * The surge's actions against one base URL (an instance, the raw baseline or HAProxy): arrival
 * `index` gets the next kind of the mix's order, done by the next person of the cast. Each
 * action checks the answer a browser needs (status and, for a scan, the session cookie).
 */
export async function surgeActions(baseUrl: string, cast: SurgeCast, mix: SurgeMix): Promise<(index: number) => Action> {
  const order = schedule(mix);
  const photo = await teacherPhoto();
  const photoBody = Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="rentree.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
    photo,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
  const secure = baseUrl.startsWith('https:');
  const run = Date.now().toString(36);
  let scans = 0;
  const get = async (path: string, cookie: string) => expect(await surgeRequest(`${baseUrl}${path}`, { headers: { cookie, 'accept-language': 'fr' } }), 200, path);
  const doers: Record<SurgeKind, (index: number) => Promise<boolean>> = {
    'parent: home': (index) => get('/home', cast.parents[index % cast.parents.length]!.cookie),
    'parent: timeline': (index) => {
      const parent = cast.parents[index % cast.parents.length]!;
      return get(`/children/${parent.childId}/portfolio`, parent.cookie);
    },
    'parent: thumbnail': (index) => {
      const parent = cast.parents[index % cast.parents.length]!;
      return get(`/media/${parent.mediumIds[index % parent.mediumIds.length]}/thumbnail`, parent.cookie);
    },
    'parent: messages': (index) => get('/messages', cast.parents[index % cast.parents.length]!.cookie),
    'teacher: class page': (index) => {
      const teacher = cast.teachers[index % cast.teachers.length]!;
      return get(`/classes/${teacher.classId}`, teacher.cookie);
    },
    'teacher: photo post': async (index) => {
      const teacher = cast.teachers[index % cast.teachers.length]!;
      const answer = await surgeRequest(`${baseUrl}/api/v1/classes/${teacher.classId}/media`, {
        method: 'POST',
        headers: { cookie: teacher.cookie, 'x-csrf-token': teacher.csrfToken, accept: 'application/json', 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
        body: photoBody,
      });
      return expect(answer, 201, 'photo post');
    },
    'teacher: class message': async (index) => {
      const teacher = cast.teachers[index % cast.teachers.length]!;
      const answer = await surgeRequest(`${baseUrl}/api/v1/messages`, {
        method: 'POST',
        headers: {
          cookie: teacher.cookie,
          'x-csrf-token': teacher.csrfToken,
          accept: 'application/json',
          'content-type': 'application/json',
          'idempotency-key': `surge-${run}-${index}`,
        },
        body: JSON.stringify({ to: { audience: 'class', classId: teacher.classId }, body: 'Réunion de rentrée jeudi à 18 h, dans la classe.' }),
      });
      return expect(answer, answer.status >= 200 && answer.status < 300 ? answer.status : 201, 'class message');
    },
    'sign-in: QR scan to first page': async (index) => {
      scans += 1;
      // Each phone from its own address (10.x.y.z would not route: 127.x.y.z is this machine).
      const agent = phoneAgent(secure, `127.${(scans >> 16) & 255}.${(scans >> 8) & 255}.${(scans & 255) || 1}`);
      try {
        const token = cast.shareTokens[index % cast.shareTokens.length]!;
        const opened = await surgeRequest(`${baseUrl}/s/${token}`, { agent, headers: { 'accept-language': 'fr' } });
        const cookie = opened.headers['set-cookie']?.[0]?.split(';')[0];
        if (!cookie) return expect(opened, 303, 'QR scan (a session cookie)') && false;
        expect(opened, 303, 'QR scan');
        const page = await surgeRequest(`${baseUrl}/shared`, { agent, headers: { cookie, 'accept-language': 'fr' } });
        return expect(page, 200, 'first page') && page.body.includes('<article ');
      } finally {
        agent.destroy();
      }
    },
  };
  return (index) => {
    const kind = order[index % order.length]!;
    return { kind, run: () => doers[kind](index) };
  };
}
