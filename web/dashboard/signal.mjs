// Pure signal helpers for the dashboard (no DOM), so Node can test them too.

// Amplitudes at or below this read as the floor instead of -Infinity.
export const DB_FLOOR = -160;

/** Amplitude (linear, 1.0 = full scale) to dBFS, floored at DB_FLOOR. */
export function amplitudeToDb(amplitude) {
  return amplitude > 0 ? Math.max(DB_FLOOR, 20 * Math.log10(amplitude)) : DB_FLOOR;
}

/** dBFS of every amplitude, as a Float32Array. */
export function toDb(amplitudes, out = new Float32Array(amplitudes.length)) {
  for (let i = 0; i < amplitudes.length; i++) out[i] = amplitudeToDb(amplitudes[i]);
  return out;
}

/**
 * The strongest bin at or above minFrequency, refined by a parabola through
 * the dB values of the bin and its two neighbours: the window's main lobe is
 * close to a parabola in dB, so this recovers a tone that falls between bins
 * (frequency to a fraction of a bin, amplitude without the scalloping loss).
 * Returns null when there is no bin to look at.
 */
export function findPeak(frequencies, db, { minFrequency = 0 } = {}) {
  const n = Math.min(frequencies.length, db.length);
  let best = -1;
  for (let k = 0; k < n; k++) {
    if (frequencies[k] < minFrequency) continue;
    if (best < 0 || db[k] > db[best]) best = k;
  }
  if (best < 0) return null;
  let offset = 0;
  let peakDb = db[best];
  if (best > 0 && best < n - 1) {
    const alpha = db[best - 1];
    const beta = db[best];
    const gamma = db[best + 1];
    const curvature = alpha - 2 * beta + gamma;
    if (curvature < 0) {
      offset = (0.5 * (alpha - gamma)) / curvature;
      peakDb = beta - 0.25 * (alpha - gamma) * offset;
    }
  }
  // Bin spacing from the neighbours, so fmin/fmax-restricted spectra work.
  const step =
    best < n - 1 ? frequencies[best + 1] - frequencies[best]
    : best > 0 ? frequencies[best] - frequencies[best - 1]
    : 0;
  return {
    index: best,
    frequency: frequencies[best] + offset * step,
    db: peakDb,
    amplitude: 10 ** (peakDb / 20),
  };
}

/**
 * Index of the first rising crossing of `level` (after the signal was below
 * level - hysteresis, so noise does not re-trigger) at or before maxStart;
 * null when there is none. Used as an oscilloscope edge trigger.
 */
export function findRisingEdge(samples, { level = 0, hysteresis = 0.02, maxStart = samples.length - 1 } = {}) {
  let armed = false;
  const last = Math.min(maxStart, samples.length - 1);
  for (let i = 0; i <= last; i++) {
    const v = samples[i];
    if (v < level - hysteresis) armed = true;
    else if (armed && v >= level && i > 0) return i;
  }
  return null;
}

/** Median of a list of numbers (null when empty). */
export function median(values) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
