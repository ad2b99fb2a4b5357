/**
 * A personal link (alias `g` of `share_grant`) whose holder asked to hear of new publications and
 * which still opens the portfolio: not revoked, not expired at the instant bound to its one `?`.
 * The scan that schedules notices and the send-time check both use it, so they agree.
 */
export const LIVE_OPTED_IN_LINK = `g.kind = 'link' AND g.notifyEmail IS NOT NULL AND g.revokedAt IS NULL AND g.expiresAt > ?`;
