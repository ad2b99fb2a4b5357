import type { ModuleContext } from '../context.js';
import type { Actor } from '../policy/actor.js';
import { loadClassSharing } from './class-sharing.js';
import { issueQrCodes, type IssuedQrCode } from './qr-codes.js';
import { shareUrl } from './share-url.js';

/** A QR code just issued, with the address it opens: shown or printed once, never stored. */
export interface IssuedQrLink extends IssuedQrCode {
  readonly url: string;
}

/**
 * Issuing new QR codes for a class, the same for the printed sheets and the API: one for each
 * child whose code the actor manages, revoking the codes they had. The school's time zone comes
 * with them, for the validity printed on the sheets.
 */
export async function issueClassQrCodes(
  deps: Pick<ModuleContext, 'dataSource' | 'clock' | 'config'>,
  actor: Actor,
  classId: string,
): Promise<{ readonly timezone: string; readonly codes: readonly IssuedQrLink[] }> {
  const now = deps.clock.now();
  const page = await loadClassSharing(deps.dataSource, actor, classId, now);
  // A class without children (yet) is still the teacher's: nothing to issue, no transaction to open.
  if (page.pupils.length === 0) return { timezone: page.timezone, codes: [] };
  const issued = await issueQrCodes(
    deps.dataSource,
    actor,
    page.pupils.map((pupil) => pupil.id),
    now,
  );
  return { timezone: page.timezone, codes: issued.map((code) => ({ ...code, url: shareUrl(deps.config, code.token) })) };
}
