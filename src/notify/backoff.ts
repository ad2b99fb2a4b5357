/** Delay before retry number `attempt` (1-based): 30 s, 1 min, 2 min … capped at 1 h, with ±20 % jitter so retries spread. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000 * 2 ** (attempt - 1), 3_600_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** After this many failed attempts (about a day and a half of retries) a notification is given up. */
export const MAX_ATTEMPTS = 12;
