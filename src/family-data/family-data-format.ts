import type { GuardianshipStatus, ImageConsentPurpose, ImageConsentScope } from '../model/roles.js';
import type { PortfolioExport } from '../portfolio/export/collect-portfolio-export.js';

/** The version of `family-data.json` (docs/family-data-format.md). */
export const FAMILY_DATA_FORMAT = 'e-carnet-family-data/1';

/** A file of the archive, read from storage while the ZIP is written. */
export interface ArchiveFile {
  /** Path inside the ZIP. */
  readonly path: string;
  readonly fileName: string;
  readonly mimeType: string;
  /** Where the media pipeline keeps it; never written to the JSON. */
  readonly storageKey: string;
}

/** One guardianship record (history included) that concerns the requester. */
export interface ExportedGuardianship {
  readonly schoolId: string;
  readonly childId: string;
  readonly childName: string;
  readonly status: GuardianshipStatus;
  readonly approval: string;
  readonly relationship: string | null;
  readonly guardianRank: number | null;
  /** The kind of document behind a restriction; its reference stays with the head of school. */
  readonly legalBasisKind: string | null;
  readonly legalBasisDate: string | null;
  readonly effectiveFrom: string;
  readonly effectiveTo: string | null;
}

/** One image-rights decision about a child: the requester's own, or a paper form copied by the school. */
export interface ExportedConsent {
  readonly scope: ImageConsentScope;
  /** Null: every purpose. */
  readonly purpose: ImageConsentPurpose | null;
  readonly givenByYou: boolean;
  readonly evidence: string | null;
  readonly validFrom: string;
  readonly validTo: string | null;
  readonly recordedAt: string;
}

/** One view of a child's portfolio; other guardians' views keep their date but not their name. */
export interface ExportedAccess {
  readonly at: string;
  readonly channel: string;
  readonly who: string | null;
  readonly byYou: boolean;
  readonly deviceFamily: string;
  readonly network: string;
}

/** A child (or the pupil themself, once of age) whose data is in the archive. */
export interface ExportedChild {
  readonly id: string;
  readonly schoolId: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly birthDate: string | null;
  /** What applies today, for each purpose. */
  readonly imageRightsInForce: Readonly<Record<ImageConsentPurpose, ImageConsentScope>>;
  readonly consents: readonly ExportedConsent[];
  readonly portfolioAccesses: readonly ExportedAccess[];
  /** The child's portfolio archive inside this one (docs/portfolio-archive-format.md), or null when none may be given. */
  readonly portfolioArchive: string | null;
}

/** A message the requester sent or received, with their own receipt and answer. */
export interface ExportedMessage {
  readonly id: string;
  readonly schoolId: string;
  readonly threadId: string;
  readonly sentByYou: boolean;
  readonly senderName: string;
  /** The child it concerns, if any. */
  readonly childId: string | null;
  readonly kind: string;
  readonly requestKind: string | null;
  readonly subject: string | null;
  /** Null once recalled by its sender. */
  readonly body: string | null;
  readonly sentAt: string;
  readonly recalledAt: string | null;
  readonly attachments: readonly { path: string; fileName: string; mimeType: string }[];
  /** Your receipt as a recipient: when it reached you, when you read, acknowledged and answered it. */
  readonly receipt: {
    deliveredAt: string | null;
    readAt: string | null;
    acknowledgedAt: string | null;
    answer: string | null;
    answeredAt: string | null;
  } | null;
  readonly yourReactions: readonly string[];
}

/** A comment or reaction the requester left on a portfolio entry. */
export interface ExportedResponse {
  readonly entryId: string;
  readonly childId: string;
  readonly reaction: string | null;
  readonly body: string | null;
  readonly status: string;
  readonly at: string;
}

/** `family-data.json`: everything the schools hold about the requester and the children they follow. */
export interface FamilyData {
  readonly format: typeof FAMILY_DATA_FORMAT;
  readonly exportedAt: string;
  readonly person: {
    readonly id: string;
    readonly givenName: string;
    readonly familyName: string;
    readonly email: string | null;
    readonly phone: string | null;
    readonly preferredLanguage: string;
    readonly birthDate: string | null;
    readonly createdAt: string;
  };
  readonly schools: readonly { id: string; name: string; uai: string | null; roles: readonly string[] }[];
  readonly guardianships: readonly ExportedGuardianship[];
  readonly children: readonly ExportedChild[];
  readonly messages: readonly ExportedMessage[];
  readonly portfolioResponses: readonly ExportedResponse[];
}

/** What the archive is made of: the JSON, and the files to copy in beside it. */
export interface FamilyArchivePlan {
  readonly data: FamilyData;
  readonly files: readonly ArchiveFile[];
  /** Children whose portfolio archive goes in, at `portfolioArchive`, with what it holds. */
  readonly portfolios: readonly { childId: string; path: string; exported: PortfolioExport }[];
}
