/**
 * Typed errors raised by tsgym. Every message says what was wrong, what was expected and what came.
 *
 * @example
 * ```ts
 * try { env.step(7); } catch (e) { if (e instanceof InvalidAction) console.error(e.message); }
 * ```
 */
export class TsgymError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** `step()` was called before `reset()`, or after an episode ended without a new `reset()`. */
export class ResetNeeded extends TsgymError {}

/** A method was called on an environment (or pool) after `close()`. */
export class ClosedEnvironment extends TsgymError {}

/** An action is not an element of the action space. */
export class InvalidAction extends TsgymError {}

/** An observation is not an element of the observation space. */
export class InvalidObservation extends TsgymError {}

/** A space was constructed with inconsistent arguments, or a space JSON is malformed. */
export class InvalidSpace extends TsgymError {}

/** An environment id is unknown, badly formed, or registered twice. */
export class UnknownEnv extends TsgymError {}

/** A constructor or `make` got keyword arguments the environment does not accept, or bad values. */
export class InvalidConfig extends TsgymError {}

/** A policy name is unknown or does not fit the environment. */
export class UnknownPolicy extends TsgymError {}

/** `checkEnv` found an environment that breaks the Env contract. */
export class EnvCheckError extends TsgymError {}

/** A file (network, recording, model, checkpoint) is malformed or of the wrong format/version. */
export class InvalidFile extends TsgymError {}

/** An env (or vector env) cannot snapshot/restore its state, or a snapshot does not fit it. */
export class SnapshotUnsupported extends TsgymError {}

/** A worker thread failed; the message names the env index and seed, and `cause` holds the original. */
export class WorkerError extends TsgymError {}

/**
 * An external simulator (SUMO run through TraCI) is missing, failed to start, crashed, was killed or
 * stopped answering; the message names the scenario and quotes the simulator's own error output.
 * `retryable` is true when the same episode may succeed when played again (a crash or a kill, not a
 * missing program or a bad scenario): the rollout pool then plays it again.
 */
export class SimulatorError extends TsgymError {
  constructor(message: string, readonly retryable = false) {
    super(message);
  }
}
