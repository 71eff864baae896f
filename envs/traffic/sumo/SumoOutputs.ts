function attr(line: string, name: string): number {
  const at = line.indexOf(` ${name}="`);
  if (at < 0) return NaN;
  const start = at + name.length + 3;
  return Number(line.slice(start, line.indexOf('"', start)));
}

/**
 * SUMO's own trip statistics, read from the tripinfo and summary outputs it streams to tsgym over a
 * loopback socket (one `<tripinfo>` per arrived vehicle, one `<step>` per simulation step; SUMO sends
 * each element as it closes it, so what came with an answer is complete up to that time; its file
 * outputs are buffered and would lag): the
 * sums over arrived vehicles of duration, waiting time, stops, time loss and depart delay, and per step
 * the vehicles inserted, running, waiting to be inserted and halting. The vehicle-seconds spent waiting
 * for insertion are summed over steps: over an episode this is the total depart delay of every vehicle,
 * those never inserted included (up to now), as RESCO's delay counts them.
 *
 * @example
 * ```ts
 * const out = new SumoOutputs(1);
 * client.onText = (text) => out.feed(text);
 * out.arrived; out.sumTimeLoss;
 * ```
 */
export class SumoOutputs {
  arrived = 0;
  sumDuration = 0;
  sumWaiting = 0;
  sumStops = 0;
  sumTimeLoss = 0;
  sumDepartDelay = 0;
  /** Last step's summary (NaN before the first). */
  time = NaN;
  inserted = 0;
  running = 0;
  pending = 0;
  halting = 0;
  /** Vehicles teleported out of jams so far (SUMO's summary counts teleports cumulatively, collisions included). */
  teleports = 0;
  /** Collisions so far (each teleports the driver behind, SUMO's default `--collision.action`). */
  collisions = 0;
  /** Vehicles SUMO removed before their arrival (tripinfo `vaporized`, e.g. a teleport past the route's end), and their summed time loss. */
  vaporized = 0;
  vaporizedTimeLoss = 0;
  meanSpeed = 0;
  /** Vehicle-seconds spent waiting for insertion, summed over steps. */
  pendingSeconds = 0;
  constructor(private readonly stepLength: number) {}

  /** Forgets everything (a new run). */
  reset(): void {
    this.arrived = this.sumDuration = this.sumWaiting = this.sumStops = this.sumTimeLoss = this.sumDepartDelay = 0;
    this.time = NaN;
    this.inserted = this.running = this.pending = this.halting = this.meanSpeed = this.pendingSeconds = this.teleports = this.collisions = 0;
    this.vaporized = this.vaporizedTimeLoss = 0;
  }

  /** Takes in output lines (complete lines, as the SUMO worker forwards them). */
  feed(text: string): void {
    let at = 0;
    for (;;) {
      const nl = text.indexOf('\n', at);
      const line = text.slice(at, nl < 0 ? text.length : nl);
      if (line.includes('<tripinfo ')) this.trip(line);
      else if (line.includes('<step ')) this.step(line);
      if (nl < 0) return;
      at = nl + 1;
    }
  }

  private trip(l: string): void {
    if (/ vaporized="[^"]/.test(l)) {
      this.vaporized++;
      this.vaporizedTimeLoss += attr(l, 'timeLoss');
      return;
    }
    this.arrived++;
    this.sumDuration += attr(l, 'duration');
    this.sumWaiting += attr(l, 'waitingTime');
    this.sumStops += attr(l, 'waitingCount');
    this.sumTimeLoss += attr(l, 'timeLoss');
    this.sumDepartDelay += attr(l, 'departDelay');
  }

  private step(l: string): void {
    this.time = attr(l, 'time');
    this.inserted = attr(l, 'inserted');
    this.running = attr(l, 'running');
    this.pending = attr(l, 'waiting');
    this.halting = attr(l, 'halting');
    const collisions = attr(l, 'collisions');
    this.collisions = Number.isFinite(collisions) ? collisions : 0;
    this.teleports = attr(l, 'teleports') - this.collisions;
    this.meanSpeed = attr(l, 'meanSpeed');
    this.pendingSeconds += this.pending * this.stepLength;
  }
}
