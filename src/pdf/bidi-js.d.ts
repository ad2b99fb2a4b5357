// Types for bidi-js 1.1 (the package ships none): the parts e-carnet uses.
declare module 'bidi-js' {
  /** Resolved embedding levels: odd levels run right to left. */
  export interface EmbeddingLevels {
    readonly levels: Uint8Array;
    readonly paragraphs: readonly { start: number; end: number; level: number }[];
  }
  export interface Bidi {
    getEmbeddingLevels(text: string, explicitDirection?: 'ltr' | 'rtl'): EmbeddingLevels;
    /** Ranges (inclusive) to reverse in place, in order, to go from logical to visual order. */
    getReorderSegments(text: string, levels: EmbeddingLevels, start?: number, end?: number): [number, number][];
    /** Characters to mirror (brackets…) by their index, with their mirror image; takes `levels.levels`. */
    getMirroredCharactersMap(text: string, levels: Uint8Array, start?: number, end?: number): Map<number, string>;
  }
  export default function bidiFactory(): Bidi;
}
