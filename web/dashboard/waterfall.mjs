// Scrolling spectrogram: one row per spectral frame, newest at the top,
// frequency across, colour = level of channel A in dBFS.

import { DB_FLOOR } from './signal.mjs';

// Anchor colours of a perceptually ordered dark-to-bright map (inferno-like).
const ANCHORS = [
  [0.0, [0, 0, 4]],
  [0.15, [31, 12, 72]],
  [0.3, [85, 15, 109]],
  [0.45, [136, 34, 106]],
  [0.6, [186, 54, 85]],
  [0.75, [227, 89, 51]],
  [0.88, [249, 140, 10]],
  [1.0, [252, 255, 164]],
];

function buildPalette() {
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const t = i / 255;
    let j = 1;
    while (j < ANCHORS.length - 1 && ANCHORS[j][0] < t) j++;
    const [t0, c0] = ANCHORS[j - 1];
    const [t1, c1] = ANCHORS[j];
    const w = (t - t0) / (t1 - t0);
    for (let c = 0; c < 3; c++) lut[i * 3 + c] = c0[c] + (c1[c] - c0[c]) * w;
  }
  return lut;
}

export const PALETTE = buildPalette();

/** CSS linear-gradient of the palette, for the colour bar. */
export function paletteGradient() {
  const stops = ANCHORS.map(([t, [r, g, b]]) => `rgb(${r},${g},${b}) ${(t * 100).toFixed(0)}%`);
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

export class Waterfall {
  /** @param {HTMLCanvasElement} canvas @param {{dbRange:[number,number]}} options */
  constructor(canvas, { dbRange }) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.dbRange = dbRange;
    this.pending = [];
    this.rowHeight = 1;
    this.rowsPerSpectrum = 1;
    new ResizeObserver(() => this.#resize()).observe(canvas);
    this.#resize();
  }

  #resize() {
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.round(this.canvas.clientWidth * ratio));
    const height = Math.max(1, Math.round(this.canvas.clientHeight * ratio));
    if (width === this.canvas.width && height === this.canvas.height) return;
    this.canvas.width = width;
    this.canvas.height = height;
    this.rowHeight = Math.max(1, Math.round(ratio));
    this.ctx.fillStyle = `rgb(${PALETTE[0]},${PALETTE[1]},${PALETTE[2]})`;
    this.ctx.fillRect(0, 0, width, height);
    this.pending = [];
  }

  /**
   * Each spectrum is drawn as n rows: with spectra thinned to one per n frames
   * (max_fps), the spectrogram keeps the time scale of one row per frame.
   */
  setRowsPerSpectrum(n) {
    this.rowsPerSpectrum = Math.max(1, Math.min(64, Math.round(n)));
  }

  /** Queues one row from a decoded spectrum (frames.mjs decodeSpectrum); drawn by the next flush(). */
  push(frame) {
    const db = frame.db_a;
    const bins = db.length;
    const width = this.canvas.width;
    if (bins === 0) return;
    const [lo, hi] = this.dbRange;
    const row = new Uint8ClampedArray(width * 4);
    for (let x = 0; x < width; x++) {
      // Loudest bin under each pixel column, so a narrow tone is never lost.
      const k0 = Math.floor((x * bins) / width);
      const k1 = Math.max(k0 + 1, Math.floor(((x + 1) * bins) / width));
      let m = DB_FLOOR;
      for (let k = k0; k < k1 && k < bins; k++) if (db[k] > m) m = db[k];
      const level = (m - lo) / (hi - lo);
      const i = Math.round(Math.min(1, Math.max(0, level)) * 255) * 3;
      row[x * 4] = PALETTE[i];
      row[x * 4 + 1] = PALETTE[i + 1];
      row[x * 4 + 2] = PALETTE[i + 2];
      row[x * 4 + 3] = 255;
    }
    for (let i = 0; i < this.rowsPerSpectrum; i++) this.pending.push(row);
    // Hidden tabs get no animation frames: keep only what fits on screen.
    const fits = Math.ceil(this.canvas.height / this.rowHeight);
    if (this.pending.length > fits) this.pending.splice(0, this.pending.length - fits);
  }

  /** Scrolls the image down and paints the queued rows (call once per animation frame). */
  flush() {
    const rows = this.pending;
    if (rows.length === 0) return;
    this.pending = [];
    const { width, height } = this.canvas;
    const shift = Math.min(height, rows.length * this.rowHeight);
    if (shift < height) this.ctx.drawImage(this.canvas, 0, 0, width, height - shift, 0, shift, width, height - shift);
    const image = this.ctx.createImageData(width, shift);
    for (let r = 0; r < rows.length; r++) {
      const newest = rows.length - 1 - r;  // the newest row goes to the top
      for (let dy = 0; dy < this.rowHeight; dy++) {
        const y = r * this.rowHeight + dy;
        if (y < shift) image.data.set(rows[newest], y * width * 4);
      }
    }
    this.ctx.putImageData(image, 0, 0);
  }
}
