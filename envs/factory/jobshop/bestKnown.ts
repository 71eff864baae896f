/**
 * Best known makespans of the shipped instances: proven optima of ft06/ft10/ft20 (Fisher and Thompson
 * 1963) and la01-la05 (Lawrence 1984); for Taillard's ta01-ta80 (1993) the upper bounds of L2D's table
 * (Zhang et al., NeurIPS 2020, from optimizizer.com; `TAILLARD_OPTIMAL` lists the proven optima); for
 * Demirkol's dmu16-dmu20 (30 x 20) the upper bounds L2D's gaps use (its Table S.7; dmu17's printed 3844
 * is a typo for 3814, which its 41.0 % gap implies).
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
  ta11: 1357,
  ta12: 1367,
  ta13: 1343,
  ta14: 1345,
  ta15: 1339,
  ta16: 1360,
  ta17: 1462,
  ta18: 1396,
  ta19: 1332,
  ta20: 1348,
  ta21: 1642,
  ta22: 1600,
  ta23: 1557,
  ta24: 1644,
  ta25: 1595,
  ta26: 1643,
  ta27: 1680,
  ta28: 1603,
  ta29: 1625,
  ta30: 1584,
  ta31: 1764,
  ta32: 1784,
  ta33: 1791,
  ta34: 1828,
  ta35: 2007,
  ta36: 1819,
  ta37: 1771,
  ta38: 1673,
  ta39: 1795,
  ta40: 1669,
  ta41: 2005,
  ta42: 1937,
  ta43: 1846,
  ta44: 1979,
  ta45: 2000,
  ta46: 2006,
  ta47: 1889,
  ta48: 1937,
  ta49: 1961,
  ta50: 1923,
  ta51: 2760,
  ta52: 2756,
  ta53: 2717,
  ta54: 2839,
  ta55: 2679,
  ta56: 2781,
  ta57: 2943,
  ta58: 2885,
  ta59: 2655,
  ta60: 2723,
  ta61: 2868,
  ta62: 2869,
  ta63: 2755,
  ta64: 2702,
  ta65: 2725,
  ta66: 2845,
  ta67: 2825,
  ta68: 2784,
  ta69: 3071,
  ta70: 2995,
  ta71: 5464,
  ta72: 5181,
  ta73: 5568,
  ta74: 5339,
  ta75: 5392,
  ta76: 5342,
  ta77: 5436,
  ta78: 5394,
  ta79: 5358,
  ta80: 5183,
  dmu16: 3751,
  dmu17: 3814,
  dmu18: 3844,
  dmu19: 3768,
  dmu20: 3710,
};

/**
 * Taillard instances whose best known makespan is a proven optimum (L2D's table).
 *
 * @example
 * ```ts
 * TAILLARD_OPTIMAL.has('ta01'); // true
 * ```
 */
export const TAILLARD_OPTIMAL: ReadonlySet<string> = new Set([
  'ta01', 'ta02', 'ta03', 'ta04', 'ta05', 'ta06', 'ta07', 'ta08', 'ta09', 'ta10', 'ta11', 'ta12', 'ta13', 'ta14', 'ta15',
  'ta16', 'ta17', 'ta19', 'ta20', 'ta21', 'ta24', 'ta28', 'ta31', 'ta34', 'ta35', 'ta36', 'ta37', 'ta38', 'ta39', 'ta51',
  'ta52', 'ta53', 'ta54', 'ta55', 'ta56', 'ta57', 'ta58', 'ta59', 'ta60', 'ta61', 'ta62', 'ta63', 'ta64', 'ta65', 'ta66',
  'ta67', 'ta68', 'ta69', 'ta70', 'ta71', 'ta72', 'ta73', 'ta74', 'ta75', 'ta76', 'ta77', 'ta78', 'ta79', 'ta80',
]);
