import type { DataSource } from 'typeorm';
import { inForce } from '../../directory/in-force.js';
import { sqlInstant } from '../../db/sql-values.js';
import { can, type Actor } from '../../policy/index.js';
import type { PlaceableResource } from './resources.js';
import { readPersonNameRow } from '../../db/common-rows.js';
import { column, queryRows, rowReader } from '../../db/row-reader.js';

/** One thing the teacher may place, with the name that shows what it is. */
export interface PlaceableChoice extends PlaceableResource {
  /** `kind:id`, the value the picker's form sends back. */
  readonly value: string;
  /** The class or the pupil's name. */
  readonly name: string;
}

/** What the picker offers for a class, by kind. */
interface PlaceableChoices {
  readonly className: string | null;
  readonly classSpace: PlaceableChoice | null;
  readonly messages: PlaceableChoice | null;
  readonly portfolios: readonly PlaceableChoice[];
}

const choice = (kind: PlaceableResource['kind'], id: string, name: string): PlaceableChoice => ({ kind, id, name, value: `${kind}:${id}` });

/**
 * What this teacher may place from the launch's class: the class space and its messages when they
 * may publish in the class, and the portfolio of each pupil they may contribute to. Every
 * offer is decided by the policy, from rows of this school only.
 */
export async function placeableChoices(dataSource: DataSource, actor: Actor, schoolId: string, classId: string | null, now: Date): Promise<PlaceableChoices> {
  const none: PlaceableChoices = { className: null, classSpace: null, messages: null, portfolios: [] };
  if (classId === null) return none;
  const classes = await queryRows(dataSource, rowReader({ name: column.text }), 'SELECT name FROM school_class WHERE id = ? AND schoolId = ?', [classId, schoolId]);
  const className = classes[0]?.name;
  if (className === undefined) return none;

  const mayPublish = can(actor, 'publish', { kind: 'class', schoolId, classId });
  const at = sqlInstant(now);
  const pupils = await queryRows(dataSource, readPersonNameRow, `SELECT p.id AS id, p.givenName AS givenName, p.familyName AS familyName
       FROM enrolment e JOIN person p ON p.id = e.pupilId
      WHERE e.classId = ? AND e.schoolId = ? AND ${inForce('e')}
      ORDER BY p.familyName, p.givenName`,
    [classId, schoolId, at, at]);
  const portfolios = pupils
    .filter((pupil) => can(actor, 'contribute', { kind: 'portfolio', schoolId, pupilId: pupil.id, classIds: [classId] }))
    .map((pupil) => choice('portfolio', pupil.id, `${pupil.givenName} ${pupil.familyName}`.trim()));
  return {
    className,
    classSpace: mayPublish ? choice('classSpace', classId, className) : null,
    messages: mayPublish ? choice('messages', classId, className) : null,
    portfolios,
  };
}

/** The offers as one list, to check what a submitted form chose. */
export function allChoices(choices: PlaceableChoices): PlaceableChoice[] {
  return [choices.classSpace, choices.messages, ...choices.portfolios].filter((entry): entry is PlaceableChoice => entry !== null);
}
