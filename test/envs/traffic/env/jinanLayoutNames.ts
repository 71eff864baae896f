/**
 * The canonical layout of a Jinan-style intersection, written out by hand from the design (approaches N, E,
 * S, W; lanes left to right; phases sorted by their movement lists, right turns left out as they are green
 * in every phase).
 */
export const JINAN_PHASES = ['N.l+N.s', 'N.l+S.l', 'N.s+S.s', 'E.l+E.s', 'E.l+W.l', 'E.s+W.s', 'S.l+S.s', 'W.l+W.s'];

/** Feature names of that layout, in order. */
export const JINAN_FEATURES = [
  ...JINAN_PHASES.map((p) => `phase=${p}`),
  'minGreen',
  ...['N', 'E', 'S', 'W'].flatMap((a) => ['l', 's', 'r'].flatMap((m) => [`${a}.${m}.density`, `${a}.${m}.queue`])),
];
