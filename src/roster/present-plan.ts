import { INFORMATIONAL_KINDS, type PlanItem, type PlanItemKind, type RosterPlan } from './roster-plan.js';

/** The order the preview lists changes in: what matters most to a director first. */
const KIND_ORDER: readonly PlanItemKind[] = [
  'restrict',
  'keptRestriction',
  'link',
  'confirmLink',
  'createPupil',
  'createGuardian',
  'enrol',
  'leave',
  'rejoin',
  'renamePupil',
  'updateContact',
  'createClass',
  'adoptClass',
  'parentRole',
  'directoryKey',
];

/** Details are listed up to this many; the counts always cover everything. */
const DETAIL_LIMIT = 400;

/** One line of the preview. */
interface PlanLine {
  readonly kind: PlanItemKind;
  /** Who the change concerns; for a guardian–pupil pair, the guardian (and `child` the pupil). */
  readonly label: string;
  readonly child?: string;
  /** A status code (`full`, `noAccess`…) or a class name, for the detail column. */
  readonly status?: string;
  readonly from?: string;
  readonly className?: string;
  readonly reference?: string;
  readonly warning: boolean;
}

function lineOf(item: PlanItem): PlanLine {
  const base = {
    kind: item.kind,
    label: item.label,
    ...('child' in item ? { child: item.child } : {}),
    warning: INFORMATIONAL_KINDS.has(item.kind) || item.kind === 'restrict',
  };
  switch (item.kind) {
    case 'link':
      return { ...base, status: item.status, ...(item.legalBasis ? { reference: item.legalBasis.reference } : {}) };
    case 'restrict':
      return { ...base, status: item.to, from: item.from, reference: item.legalBasis.reference };
    case 'keptRestriction':
      return { ...base, status: item.status, from: item.fileStatus };
    case 'enrol':
      return { ...base, className: item.className };
    default:
      return base;
  }
}

/** The preview of a plan: counts by kind, then the lines (most important kinds first). */
export function presentPlan(plan: RosterPlan): { counts: { kind: PlanItemKind; count: number }[]; lines: PlanLine[]; hidden: number; nothingToDo: boolean } {
  const sorted = [...plan.items].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
  const shown = sorted.filter((item) => item.kind !== 'directoryKey' && item.kind !== 'parentRole');
  return {
    counts: KIND_ORDER.filter((kind) => (plan.counts[kind] ?? 0) > 0).map((kind) => ({ kind, count: plan.counts[kind] ?? 0 })),
    lines: shown.slice(0, DETAIL_LIMIT).map(lineOf),
    hidden: Math.max(0, shown.length - DETAIL_LIMIT),
    nothingToDo: plan.items.every((item) => INFORMATIONAL_KINDS.has(item.kind)),
  };
}
