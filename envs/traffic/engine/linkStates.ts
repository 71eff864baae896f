import { SIG_PERMITTED, SIG_PROTECTED, SIG_RED, SIG_STOP, SIG_YELLOW } from './RawPrograms.js';

/*
 * Link states as SUMO names them (sumo.dlr.de/docs/Networks/SUMO_Road_Networks.html#signal_state_definitions):
 * a signal's green with priority (G) or yielding (g), yellow, red; at unsignalized junctions major (M),
 * minor (m), equal (=, right before left), stop (s), all-way stop (w), zipper (Z), unregulated (O).
 */
export const LS_G = 0;
export const LS_g = 1;
export const LS_Y = 2;
export const LS_R = 3;
export const LS_M = 4;
export const LS_m = 5;
export const LS_EQ = 6;
export const LS_S = 7;
export const LS_W = 8;
export const LS_Z = 9;
export const LS_O = 10;

const BY_CHAR: Record<string, number> = { M: LS_M, m: LS_m, '=': LS_EQ, s: LS_S, w: LS_W, Z: LS_Z, O: LS_O };

/**
 * Code of a SUMO connection state character of an unsignalized link.
 *
 * @example
 * ```ts
 * linkStateCode('m'); // LS_m
 * ```
 */
export function linkStateCode(ch: string): number {
  return BY_CHAR[ch] ?? LS_m;
}

/**
 * Link state of a signal-controlled connection from the signal controller's state.
 *
 * @example
 * ```ts
 * signalLinkState(SIG_PROTECTED); // LS_G
 * ```
 */
export function signalLinkState(sig: number): number {
  if (sig === SIG_PROTECTED) return LS_G;
  if (sig === SIG_PERMITTED) return LS_g;
  if (sig === SIG_YELLOW) return LS_Y;
  if (sig === SIG_RED) return LS_R;
  if (sig === SIG_STOP) return LS_S;
  return LS_M;
}

/**
 * Whether a link in state `s` has right of way (SUMO `havePriority`: G, M, O and zipper).
 *
 * @example
 * ```ts
 * havePriority(LS_G); // true
 * ```
 */
export function havePriority(s: number): boolean {
  return s === LS_G || s === LS_M || s === LS_O || s === LS_Z;
}
