/**
 * Intelligent Driver Model acceleration (Treiber, Hennecke & Helbing 2000):
 * `a = A [1 - (v/v0)^delta - (s*(v, dv)/s)^2]`, `s* = s0 + max(0, v T + v dv / (2 sqrt(A b)))`.
 *
 * @param v own speed (m/s); @param v0 desired speed; @param gap bumper-to-bumper gap to the leader (m,
 * Infinity for none); @param vl leader speed; @param A max acceleration; @param b comfortable deceleration;
 * @param T time headway (s); @param s0 minimum gap (m); @param delta free-road exponent.
 * @example
 * ```ts
 * idmAccel(10, 13.89, 30, 10, 2.6, 4.5, 1, 2.5, 4); // gentle acceleration toward the leader's speed
 * ```
 */
export function idmAccel(v: number, v0: number, gap: number, vl: number, A: number, b: number, T: number, s0: number, delta: number): number {
  const q = v / v0;
  const free = delta === 4 ? 1 - q * q * q * q : 1 - Math.pow(q, delta);
  if (gap === Infinity) return A * free;
  const sStar = s0 + Math.max(0, v * T + (v * (v - vl)) / (2 * Math.sqrt(A * b)));
  const s = gap > 0.01 ? gap : 0.01;
  const r = sStar / s;
  return A * (free - r * r);
}

/**
 * Krauss safe speed (Krauss 1998, SUMO's default model): the highest speed from which the follower can
 * still stop behind a leader braking with `b`: `vsafe = vl + (g - vl tau) / ((v + vl) / (2 b) + tau)`.
 *
 * @param g net gap minus the minimum gap (m).
 * @example
 * ```ts
 * kraussSafeSpeed(10, 8, 20, 4.5, 1); // ~13.4
 * ```
 */
export function kraussSafeSpeed(v: number, vl: number, g: number, b: number, tau: number): number {
  return vl + (g - vl * tau) / ((v + vl) / (2 * b) + tau);
}
