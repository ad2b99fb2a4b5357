import { z } from 'zod';
import { RENDITIONS } from '../media/index.js';

/**
 * Path parameters shared by the pages and the API, written once: every route naming `:pupilId`
 * checks it the same way. Query parameters read by several routes are here too.
 */

/** `/…/:pupilId` */
export const pupilParams = z.object({ pupilId: z.uuid() });
/** `/…/:schoolId` */
export const schoolParams = z.object({ schoolId: z.uuid() });
/** `/…/:classId` */
export const classParams = z.object({ classId: z.uuid() });
/** `/…/:entryId` */
export const entryParams = z.object({ entryId: z.uuid() });
/** `/…/:mediumId` */
export const mediumParams = z.object({ mediumId: z.uuid() });
/** `/media/:mediumId/:rendition` */
export const mediumRenditionParams = z.object({ mediumId: z.uuid(), rendition: z.enum(RENDITIONS) });
/** `/pupils/:pupilId/guardians/:guardianId/…` */
export const guardianParams = z.object({ pupilId: z.uuid(), guardianId: z.uuid() });
/** `/…/:responseId` */
export const responseParams = z.object({ responseId: z.uuid() });
/** `/…/:skillId` */
export const skillParams = z.object({ skillId: z.uuid() });
/** `/…/:grantId` */
export const grantParams = z.object({ grantId: z.uuid() });
/** `/…/:messageId` */
export const messageParams = z.object({ messageId: z.uuid() });
/** `/schools/:schoolId/…/:importId` */
export const schoolImportParams = z.object({ schoolId: z.uuid(), importId: z.uuid() });
/** `/schools/:schoolId/…/:classId` */
export const schoolClassParams = z.object({ schoolId: z.uuid(), classId: z.uuid() });
/** `/schools/:schoolId/…/:linkId` */
export const schoolLinkParams = z.object({ schoolId: z.uuid(), linkId: z.uuid() });

/** `?download=1` on a file's address: sent as an attachment rather than shown. */
export const downloadQuery = z.object({ download: z.string().optional() });

/** `/surveys/:surveyId/…` */
export const surveyParams = z.object({ surveyId: z.uuid() });
