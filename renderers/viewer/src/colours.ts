/** Vehicle speed stops: magenta (stopped) -> lavender -> cyan (fast), apart from the signals' red/amber/green. */
const SPEED_STOPS = [
  [255, 64, 200],
  [184, 156, 255],
  [64, 208, 255],
] as const;

/** Colour ramp over [0, 1] through `SPEED_STOPS`. */
function ramp(t: number): number {
  const u = Math.min(Math.max(t, 0), 1) * 2;
  const k = Math.min(1, Math.floor(u));
  const f = u - k;
  const a = SPEED_STOPS[k] ?? SPEED_STOPS[0];
  const b = SPEED_STOPS[k + 1] ?? SPEED_STOPS[2];
  const c = (i: 0 | 1 | 2): number => Math.round(a[i] + (b[i] - a[i]) * f);
  return (c(0) << 16) | (c(1) << 8) | c(2);
}

const SPEED_LUT = Array.from({ length: 33 }, (_, i) => ramp(i / 32));
const WAIT_LUT = Array.from({ length: 33 }, (_, i) => {
  const u = i / 32;
  return (Math.round(200 + u * 55) << 16) | (Math.round(200 - u * 170) << 8) | Math.round(200 + u * 30);
});

/** Tint for a speed in m/s (magenta stopped, cyan at 14 m/s and above: never a signal colour). */
export function speedColour(v: number): number {
  return SPEED_LUT[Math.min(32, Math.max(0, Math.round((v / 14) * 32)))] ?? 0xffffff;
}

/** Tint for a waiting time in s (grey 0 s, magenta 120 s and above). */
export function waitColour(w: number): number {
  return WAIT_LUT[Math.min(32, Math.max(0, Math.round((w / 120) * 32)))] ?? 0xffffff;
}

/** Signal head colours by state character. */
export const SIGNAL_COLOURS: Record<string, number> = { r: 0xe53935, y: 0xfdd835, g: 0x43a047, o: 0x555555 };

/** Machine colours by state code (idle, busy, setup, blocked, starved, down). */
export const MACHINE_COLOURS = [0x78909c, 0x43a047, 0x1e88e5, 0xfb8c00, 0xfdd835, 0xe53935] as const;

/** Job colours by type index. */
export const JOB_COLOURS = [0x4fc3f7, 0xba68c8, 0xffb74d, 0xaed581, 0xf06292, 0x90a4ae] as const;
