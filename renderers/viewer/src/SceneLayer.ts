import type { Container } from 'pixi.js';

/** What a pane needs from a scene renderer (traffic or factory). */
export interface SceneLayer {
  /** Added to the viewport; world units, y down. */
  readonly root: Container;
  /** World rectangle of the whole scene. */
  readonly world: { x: number; y: number; width: number; height: number };
  /** The part to open on (traffic: the signalized junctions with their approaches), else `world`. */
  readonly focus?: { x: number; y: number; width: number; height: number };
  /** Draws frame `i` blended towards frame `j` (-1 none) by `alpha`. */
  draw(i: number, j: number, alpha: number): void;
  /** Vehicles or jobs currently drawn. */
  drawn(): number;
  /** Description of the thing nearest to world point (x, y), or null if nothing is close. */
  inspect(x: number, y: number): string | null;
  /**
   * The agent at world point (x, y) whose decisions a recording explains (an intersection id, a machine
   * id, `release` for the factory backlog), or null; marks it as selected (null clears the mark).
   */
  select(x: number, y: number): string | null;
  /** The inspector text of the thing last inspected, at the frame last drawn (it follows the playhead), or null. */
  followed?(): string | null;
  /** Vehicle colouring (traffic only). */
  colourBy: 'speed' | 'wait';
}
