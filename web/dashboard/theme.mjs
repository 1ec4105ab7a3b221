// Colours and uPlot axis styling shared by the plots (a dark bench-instrument look).

export const COLORS = {
  a: '#f2b53a',
  b: '#41c7e6',
  peak: '#ff5c7a',
  axis: '#93a1b0',
  grid: 'rgba(147, 161, 176, 0.16)',
};

const FONT = '11px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';

export function axis(label, extra = {}) {
  return {
    label,
    stroke: COLORS.axis,
    font: FONT,
    labelFont: FONT,
    labelSize: 18,
    grid: { stroke: COLORS.grid, width: 1 },
    ticks: { stroke: COLORS.grid, width: 1, size: 4 },
    ...extra,
  };
}

/** Keeps a uPlot chart as wide as its container. */
export function fitWidth(plot, container, height) {
  const resize = () => {
    const width = Math.max(200, Math.floor(container.clientWidth));
    if (width !== plot.width) plot.setSize({ width, height });
  };
  new ResizeObserver(resize).observe(container);
  resize();
}
