import sharp, { type Sharp } from 'sharp';
import { MediaError } from './errors.js';
import type { AcceptedType } from './media-types.js';

/** Long side of the screen rendition, in pixels (never enlarged). */
const SCREEN_LONG_SIDE = 1600;
/** Long side of the thumbnail, in pixels (never enlarged). */
const THUMBNAIL_LONG_SIDE = 320;

/** One encoded image, ready to store. */
export interface EncodedImage {
  readonly data: Buffer;
  readonly mimeType: string;
  readonly extension: string;
  readonly width: number;
  readonly height: number;
}

/** The three images stored for a photo; none carries EXIF, XMP or GPS. */
interface PhotoRenditions {
  /** Full size, upright, re-encoded: the uploaded bytes themselves are never stored. */
  readonly original: EncodedImage;
  readonly screen: EncodedImage;
  readonly thumbnail: EncodedImage;
}

async function encode(pipeline: Sharp, mimeType: string, extension: string): Promise<EncodedImage> {
  const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
  return { data, mimeType, extension, width: info.width, height: info.height };
}

// PNG and WebP may carry transparency, so they stay in their format; everything else (JPEG, and
// HEIC/AVIF which browsers do not all show) becomes JPEG.
// Huffman optimisation (optimiseCoding) costs a second pass over 12 MP for ~5 % of size: skipped
// on the full-size image to keep a phone photo under 300 ms on two cores.
function encodeOriginal(base: Sharp, type: AcceptedType, hasAlpha: boolean): Promise<EncodedImage> {
  if (type.mimeType === 'image/png') return encode(base.png({ compressionLevel: 6 }), 'image/png', 'png');
  if (type.mimeType === 'image/webp') return encode(base.webp({ quality: 90 }), 'image/webp', 'webp');
  // Transparent HEIC/AVIF become JPEG on white; flatten() costs a pass, so only when needed.
  const opaque = hasAlpha ? base.flatten({ background: '#ffffff' }) : base;
  return encode(opaque.jpeg({ quality: 88, optimiseCoding: false }), 'image/jpeg', 'jpg');
}

// The screen rendition is JPEG (WebP encoding of 2 MP costs twice as much) unless the photo is
// transparent; the thumbnail is small enough for WebP's better compression to be free.
function screenRendition(base: Sharp, hasAlpha: boolean): Promise<EncodedImage> {
  const resizedBase = base.resize(SCREEN_LONG_SIDE, SCREEN_LONG_SIDE, { fit: 'inside', withoutEnlargement: true });
  if (hasAlpha) return encode(resizedBase.webp({ quality: 80 }), 'image/webp', 'webp');
  return encode(resizedBase.jpeg({ quality: 80 }), 'image/jpeg', 'jpg');
}

function thumbnailRendition(base: Sharp): Promise<EncodedImage> {
  return encode(base.resize(THUMBNAIL_LONG_SIDE, THUMBNAIL_LONG_SIDE, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 75 }), 'image/webp', 'webp');
}

/** Whether an ICC profile's description names sRGB ("sRGB IEC61966-2.1", or UTF-16 in ICC v4). */
function isSrgbProfile(icc: Buffer): boolean {
  return icc.toString('latin1').replace(/\0/g, '').includes('sRGB');
}

function decodeFailure(error: unknown, type: AcceptedType): MediaError {
  if (type.heif) return new MediaError('MEDIA_HEIC_UNSUPPORTED', 'this HEIC/HEIF photo cannot be decoded (no HEVC decoder in libvips)', { cause: error });
  if (error instanceof Error && /pixel limit/i.test(error.message)) return new MediaError('MEDIA_PIXEL_FLOOD', error.message, { cause: error });
  return new MediaError('MEDIA_CORRUPT', `the image cannot be decoded: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

/**
 * Decodes a photo once per rendition (in parallel; JPEG shrink-on-load makes the small ones cheap)
 * and re-encodes it upright (EXIF orientation applied), in sRGB, without EXIF/XMP/IPTC: sharp
 * drops metadata unless asked to keep it, and only an sRGB ICC profile is ever written back.
 * Refuses decompression bombs from the header, before any pixel is decoded.
 */
export async function renderPhoto(input: Buffer, type: AcceptedType, maxInputPixels: number): Promise<PhotoRenditions> {
  let width: number;
  let height: number;
  let hasAlpha: boolean;
  let needsSrgbConversion: boolean;
  try {
    const metadata = await sharp(input).metadata();
    width = metadata.width;
    height = metadata.height;
    hasAlpha = metadata.hasAlpha;
    needsSrgbConversion = metadata.icc !== undefined && !isSrgbProfile(metadata.icc);
  } catch (error) {
    throw decodeFailure(error, type);
  }
  if (width * height > maxInputPixels) {
    throw new MediaError('MEDIA_PIXEL_FLOOD', `${width}×${height} exceeds ${maxInputPixels} pixels`);
  }
  // failOn 'truncated': a cut-off file is refused, while the harmless warnings many phone JPEGs
  // trigger ("extraneous bytes before marker") are not.
  const base = sharp(input, { limitInputPixels: maxInputPixels, failOn: 'truncated' }).rotate();
  // A photo with another profile (Display P3 from iPhones, Adobe RGB from cameras) is converted to
  // sRGB and tagged so (about 40 ms for 12 MP); an untagged or sRGB-tagged one is sRGB already and
  // is written untagged, which browsers read as sRGB.
  if (needsSrgbConversion) base.withIccProfile('srgb');
  try {
    const [original, screen, thumbnail] = await Promise.all([
      encodeOriginal(base.clone(), type, hasAlpha),
      screenRendition(base.clone(), hasAlpha),
      thumbnailRendition(base.clone()),
    ]);
    return { original, screen, thumbnail };
  } catch (error) {
    throw decodeFailure(error, type);
  }
}
