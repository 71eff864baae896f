/**
 * Published optimal makespans of the shipped instances (all proven optimal): Fisher and Thompson (1963)
 * ft06/ft10/ft20, Lawrence (1984) la01-la05, Taillard (1993) ta01-ta10.
 *
 * @example
 * ```ts
 * BEST_KNOWN_MAKESPAN.ft10; // 930
 * ```
 */
export const BEST_KNOWN_MAKESPAN: Readonly<Record<string, number>> = {
  ft06: 55,
  ft10: 930,
  ft20: 1165,
  la01: 666,
  la02: 655,
  la03: 597,
  la04: 590,
  la05: 593,
  ta01: 1231,
  ta02: 1244,
  ta03: 1218,
  ta04: 1175,
  ta05: 1224,
  ta06: 1238,
  ta07: 1227,
  ta08: 1217,
  ta09: 1274,
  ta10: 1241,
};
