/*
 * `npx tsx bench/media-run.ts`: the media benchmarks alone (no database needed). `npm run bench`
 * runs them too. Fails only with BENCH_ENFORCE=1.
 */
import { benchPhotoIngest } from './media-photo.js';
import { benchVideoUpload } from './media-upload.js';

const photoMet = await benchPhotoIngest();
const uploadMet = await benchVideoUpload();
process.exit((photoMet && uploadMet) || process.env.BENCH_ENFORCE !== '1' ? 0 : 1);
