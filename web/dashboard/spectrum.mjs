// Spectrum of A and B in dBFS with the resonance peak (of channel A) marked.

import { findPeak } from './signal.mjs';
import { COLORS, axis, fitWidth } from './theme.mjs';

const HEIGHT = 250;
export const DB_RANGE = [-120, 0];
// Bins below this are ignored by the peak search (DC and window leakage).
const PEAK_MIN_HZ = 20;

function formatHz(v) {
  return v >= 1000 ? `${+(v / 1000).toFixed(2)}k` : `${v}`;
}

export class Spectrum {
  constructor(container) {
    this.peak = null;
    this.maxFrequency = 24000;
    this.plot = new uPlot(
      {
        width: Math.max(200, container.clientWidth),
        height: HEIGHT,
        pxAlign: false,
        legend: { show: false },
        cursor: { show: false },
        scales: {
          x: { time: false, range: (u, min, max) => [Math.min(0, min ?? 0), this.maxFrequency] },
          y: { range: () => DB_RANGE },
        },
        series: [
          {},
          { label: 'A', stroke: COLORS.a, width: 1, points: { show: false } },
          { label: 'B', stroke: COLORS.b, width: 1, points: { show: false } },
        ],
        axes: [
          axis('frequency (Hz)', { values: (u, ticks) => ticks.map(formatHz) }),
          axis('level (dBFS)', { size: 48 }),
        ],
        hooks: { draw: [(u) => this.#drawPeak(u)] },
      },
      [[], [], []],
      container,
    );
    fitWidth(this.plot, container, HEIGHT);
  }

  /** Plots one decoded spectrum (frames.mjs decodeSpectrum); returns the interpolated peak of channel A (or null). */
  draw(frame) {
    const f = frame.frequencies;
    this.maxFrequency = f.length ? f[f.length - 1] : frame.sample_rate / 2;
    this.peak = findPeak(f, frame.db_a, { minFrequency: PEAK_MIN_HZ });
    this.plot.setData([f, frame.db_a, frame.db_b]);
    return this.peak;
  }

  #drawPeak(u) {
    if (!this.peak) return;
    const ctx = u.ctx;
    const ratio = uPlot.pxRatio;
    const x = u.valToPos(this.peak.frequency, 'x', true);
    const y = u.valToPos(Math.max(DB_RANGE[0], this.peak.db), 'y', true);
    const { top, height, left, width } = u.bbox;
    ctx.save();
    ctx.strokeStyle = COLORS.peak;
    ctx.fillStyle = COLORS.peak;
    ctx.lineWidth = ratio;
    ctx.setLineDash([4 * ratio, 3 * ratio]);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.beginPath();
    ctx.arc(x, y, 4 * ratio, 0, 2 * Math.PI);
    ctx.stroke();
    ctx.font = `${11 * ratio}px ui-monospace, Menlo, Consolas, monospace`;
    const label = `${this.peak.frequency.toFixed(1)} Hz`;
    const textWidth = ctx.measureText(label).width;
    const right = x + 6 * ratio + textWidth <= left + width;
    ctx.textAlign = right ? 'left' : 'right';
    ctx.fillText(label, right ? x + 6 * ratio : x - 6 * ratio, top + 14 * ratio);
    ctx.restore();
  }
}
