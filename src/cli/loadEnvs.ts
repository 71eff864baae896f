/**
 * Registers every built-in environment and baseline policy (idempotent: modules load once).
 *
 * @example
 * ```ts
 * await loadEnvs(); make('CartPole-v1');
 * ```
 */
export async function loadEnvs(): Promise<void> {
  await import('../../envs/index.js');
}
