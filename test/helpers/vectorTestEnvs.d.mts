/** Registers the test envs VecCounter-v0, VecCounterTrunc-v0, VecDict-v0, VecDuo-v0 with a tsgym core. */
export function setup(tsgym: unknown): void;
/** This module's path, for `setupModules`. */
export const SETUP_MODULE: string;
