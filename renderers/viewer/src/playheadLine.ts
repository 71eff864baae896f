/**
 * Redraws a chart's playhead: copies the chart's pre-rendered `base` canvas back onto `canvas` and draws a
 * 1 px white line at CSS x `x` from `top` for `height` px, recording x in `data-playhead-x` (pixel tests
 * read it). Shared by the Gantt and time-space panels.
 *
 * @example
 * ```ts
 * drawPlayheadLine(canvas, base, 120, 2, 180);
 * ```
 */
export function drawPlayheadLine(canvas: HTMLCanvasElement, base: CanvasImageSource, x: number, top: number, height: number): void {
  const g = canvas.getContext('2d');
  if (!g) return;
  g.setTransform(1, 0, 0, 1, 0, 0);
  g.drawImage(base, 0, 0);
  const dpr = window.devicePixelRatio || 1;
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.fillStyle = '#ffffff';
  g.fillRect(x, top, 1, height);
  canvas.dataset.playheadX = String(x);
}
