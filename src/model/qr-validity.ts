import { z } from 'zod';

/** The units a school counts its QR codes' validity in. */
export const QR_VALIDITY_UNITS = ['hours', 'days', 'months'] as const;
/** A unit of a QR code's validity. */
type QrValidityUnit = (typeof QR_VALIDITY_UNITS)[number];

/**
 * The most of each unit. Hours stop below a day, so a day or more is said in days and "under a
 * day" is always an hours setting. Days keep the bound the setting has always had (366, a year
 * even a leap one), so every value a school has stored stays valid. Months stop at a year.
 */
const QR_VALIDITY_MAX: Readonly<Record<QrValidityUnit, number>> = { hours: 23, days: 366, months: 12 };

const option = (unit: QrValidityUnit) => z.strictObject({ amount: z.number().int().min(1).max(QR_VALIDITY_MAX[unit]), unit: z.literal(unit) });

/**
 * How long a school's QR codes stay valid: from one hour (a code for one evening's event) to
 * twelve months. A union on `unit` so each unit carries its own bounds, in the OpenAPI document
 * too; an unknown unit is reported on `unit`.
 */
export const qrValiditySchema = z
  .discriminatedUnion('unit', [option('hours'), option('days'), option('months')])
  .meta({ description: 'How long a QR code stays valid: 1–23 hours, 1–366 days or 1–12 months; days and months are calendar ones in the school’s time zone' });

/** How long a school's QR codes stay valid. */
export type QrValidity = z.infer<typeof qrValiditySchema>;

/** Three months or so: a term, what schools chose before the unit could change. */
export const DEFAULT_QR_VALIDITY: QrValidity = { amount: 90, unit: 'days' };

/**
 * Reads the `sharing` settings of a school stored before validity had a unit.
 *
 * Up to this version the setting was `qrValidityDays: n` (1–366). Stored settings are JSON read
 * through a strict schema, and a school's settings that fail the schema fall back to the
 * defaults as a whole; so the old key must still be read. It is mapped here, on reading, rather
 * than by a migration that rewrites the stored JSON: settings have always been read through their
 * schema precisely so that their shape can change without migrations, the mapping is exact
 * (`n` days is `{ amount: n, unit: 'days' }`), and it also covers settings JSON that reaches the
 * schema from elsewhere (a restored backup, a fixture). The next save of the school's settings
 * writes the new shape. When both keys are present the new one wins.
 */
export function withQrValidityFromDays(sharing: unknown): unknown {
  if (sharing === null || typeof sharing !== 'object' || Array.isArray(sharing) || !('qrValidityDays' in sharing)) return sharing;
  const { qrValidityDays, ...rest } = sharing as Record<string, unknown>;
  if ('qrValidity' in rest) return rest;
  return { ...rest, qrValidity: { amount: qrValidityDays, unit: 'days' } };
}
