// Oscilloscope of channels A and B: a window of the latest frame, started on a
// rising edge of channel A so a periodic signal stands still.

import { findRisingEdge } from './signal.mjs';
import { COLORS, axis, fitWidth } from './theme.mjs';

const HEIGHT = 250;

export class Scope {
  /**
   * @param {HTMLElement} container  element the chart is placed in
   * @param {number} decimate  the decimate= the stream was opened with
   */
  constructor(container, { decimate }) {
    this.decimate = decimate;
    this.windowMs = 2;
    this.plot = new uPlot(
      {
        width: Math.max(200, container.clientWidth),
        height: HEIGHT,
        pxAlign: false,
        legend: { show: false },
        cursor: { show: false },
        scales: {
          x: { time: false },
          y: { range: () => [-1, 1] },
        },
        series: [
          {},
          { label: 'A', stroke: COLORS.a, width: 1.5, points: { show: false } },
          { label: 'B', stroke: COLORS.b, width: 1.5, points: { show: false } },
        ],
        axes: [axis('time (ms)'), axis('amplitude (full scale)', { size: 48 })],
      },
      [[], [], []],
      container,
    );
    fitWidth(this.plot, container, HEIGHT);
  }

  /** Window length in ms; null shows the whole frame. */
  setWindow(ms) {
    this.windowMs = ms;
  }

  draw(frame) {
    const a = frame.channel_a;
    const b = frame.channel_b;
    const n = Math.min(a.length, b.length);
    if (n < 2) return;
    const rate = frame.sample_rate / this.decimate;
    const count = this.windowMs === null ? n : Math.min(n, Math.round((this.windowMs * rate) / 1000) + 1);
    const start = count < n ? (findRisingEdge(a, { maxStart: n - count }) ?? 0) : 0;
    const x = new Float64Array(count);
    for (let i = 0; i < count; i++) x[i] = (i * 1000) / rate;
    this.plot.setData([x, a.slice(start, start + count), b.slice(start, start + count)]);
  }
}
