// Dashboard entry point: token → two EventSources (audio for the scope,
// spectra for the spectrum and spectrogram, each in its compact form) → plots
// redrawn at most once per animation frame.

import { adoptTokenFromUrl, forgetToken, probeToken, storeToken } from './token.mjs';
import { EventStream } from './stream.mjs';
import { Scope } from './scope.mjs';
import { Spectrum } from './spectrum.mjs';
import { Waterfall, paletteGradient } from './waterfall.mjs';
import { median } from './signal.mjs';
import { decodeAudio, decodeSpectrum } from './frames.mjs';
import { RecordingsPanel, formatBytes } from './recordings.mjs';

// Every 2nd sample (24 kHz for a 48 kHz source) keeps a 2 kHz tone smooth on
// the scope at half the bytes; the spectrum is computed by the server from all samples.
const DECIMATE = 2;
// What the page asks for (docs/api.md, "Choosing the bytes"): 16-bit audio is
// finer than the scope's pixels; dB spectra to 0.1 dB are what the plots
// draw; ten spectra a second keep the peak readout and spectrogram fluid.
const AUDIO_QUERY = { types: 'audio,stats', encoding: 'i16', decimate: String(DECIMATE) };
const SPECTRAL_FPS = 10;
const SPECTRAL_QUERY = { types: 'spectral,stats', format: 'db', max_fps: String(SPECTRAL_FPS) };
const LATENCY_SAMPLES = 30;
// Colour range of the spectrogram: the noise floor sits low in the palette.
const WATERFALL_DB = [-90, 0];

const $ = (id) => document.getElementById(id);
const ui = {
  status: $('status'),
  message: $('message'),
  form: $('token-form'),
  input: $('token-input'),
  tokenButton: $('token-button'),
  pause: $('pause'),
  timebase: $('timebase'),
  peakFrequency: $('peak-frequency'),
  peakAmplitude: $('peak-amplitude'),
  wfAxis: $('waterfall-axis'),
  stat: {
    fps: $('stat-fps'),
    received: $('stat-received'),
    subscribers: $('stat-subscribers'),
    frames: $('stat-frames'),
    drops: $('stat-drops'),
    lagged: $('stat-lagged'),
    latency: $('stat-latency'),
    source: $('stat-source'),
    rate: $('stat-rate'),
    resolution: $('stat-resolution'),
  },
};

function showMessage(text, kind = 'error') {
  ui.message.textContent = text;
  ui.message.dataset.kind = kind;
  ui.message.hidden = !text;
}

const STATUS_TEXT = {
  idle: 'no token',
  checking: 'checking token…',
  connecting: 'connecting…',
  live: 'live',
  paused: 'paused',
  reconnecting: 'reconnecting…',
  unreachable: 'server unreachable',
  rejected: 'token rejected',
  ended: 'stream ended',
};

if (typeof uPlot === 'undefined') {
  // Said plainly instead of failing on a ReferenceError the user never sees.
  showMessage('The plotting library /vendor/uPlot.iife.min.js could not be loaded from the server; ' +
    'check that "npm ci" was run in the acoustream source tree.');
  throw new Error('uPlot is not loaded');
}

const scope = new Scope($('scope'), { decimate: DECIMATE });
const spectrum = new Spectrum($('spectrum'));
const waterfall = new Waterfall($('waterfall'), { dbRange: WATERFALL_DB });
const recordings = new RecordingsPanel(
  { record: $('rec-button'), format: $('rec-format'), label: $('rec-label'), state: $('rec-state'), list: $('rec-list') },
  () => token,
  (text) => showMessage(text),
);

let token = null;
let streams = [];
let connection = 'idle';
let paused = false;
let latestAudio = null;
let latestSpectral = null;
let audioDirty = false;
let spectralDirty = false;
let frameRequested = false;
let laggedTotal = 0;
const latencies = [];
const arrivals = [];
const spectralAxis = {};  // decodeSpectrum's cached frequency axis

function renderStatus() {
  const state = paused && connection === 'live' ? 'paused' : connection;
  ui.status.dataset.state = state;
  ui.status.textContent = STATUS_TEXT[state] ?? state;
  ui.pause.disabled = !['live', 'reconnecting', 'connecting', 'unreachable'].includes(connection);
}

function showTokenForm(show) {
  ui.form.hidden = !show;
  if (show) ui.input.focus();
}

function rejected(verdict) {
  stopStreams();
  recordings.stop();
  forgetToken();
  token = null;
  const code = verdict.status ? ` (HTTP ${verdict.status} ${verdict.error})` : '';
  showMessage(`The server rejected the access token${code}: ${verdict.message}. Enter a valid token below.`);
  showTokenForm(true);
}

function onState(state, detail) {
  connection = state;
  renderStatus();
  if (state === 'live') showMessage('');
  else if (state === 'rejected') rejected(detail);
  else if (state === 'ended') {
    const src = detail?.source ? ` (source ${detail.source.name}: ${detail.source.state})` : '';
    showMessage(
      `The stream has ended${src} after ${detail?.total_frames ?? '?'} frames. ` +
        'Restart acquisition on the server, then reload this page.',
      'info',
    );
    if (detail) renderStats(detail);
  } else if (state === 'unreachable') showMessage(`${detail.message}; retrying…`);
}

function requestDraw() {
  if (frameRequested) return;
  frameRequested = true;
  requestAnimationFrame(drawFrame);
}

function drawFrame() {
  frameRequested = false;
  if (paused) return;
  // Only the newest frame is drawn, so only that one is decoded.
  if (audioDirty && latestAudio) scope.draw(decodeAudio(latestAudio));
  if (spectralDirty && latestSpectral) {
    const peak = spectrum.draw(latestSpectral);
    renderPeak(peak);
    renderWaterfallAxis(latestSpectral);
  }
  audioDirty = spectralDirty = false;
  waterfall.flush();
}

function renderPeak(peak) {
  if (!peak) {
    ui.peakFrequency.textContent = '—';
    ui.peakAmplitude.textContent = '—';
    return;
  }
  ui.peakFrequency.textContent = `${peak.frequency.toFixed(1)} Hz`;
  ui.peakAmplitude.textContent = `${peak.amplitude.toFixed(3)} (${peak.db.toFixed(1)} dBFS)`;
}

let axisFor = null;
function renderWaterfallAxis(frame) {
  const f = frame.frequencies;
  if (f.length < 2) return;
  const lo = f[0];
  const hi = f[f.length - 1];
  const key = `${lo}:${hi}`;
  if (key === axisFor) return;
  axisFor = key;
  // 1-2-5 step giving about six labels across.
  const raw = (hi - lo) / 6;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw);
  const spans = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi; v += step) {
    const span = document.createElement('span');
    span.style.left = `${((v - lo) / (hi - lo)) * 100}%`;
    span.textContent = v >= 1000 ? `${+(v / 1000).toFixed(1)} kHz` : `${v} Hz`;
    spans.push(span);
  }
  ui.wfAxis.replaceChildren(...spans);
}

// Each stream's own bytes per second, from two consecutive stats events of
// that stream; the strip shows their sum.
const streamRates = new Map();
function renderRate(name, s) {
  if (typeof s.stream_bytes_sent !== 'number') return;
  const now = performance.now();
  const last = streamRates.get(name);
  const rate = { bytes: s.stream_bytes_sent, at: now, perSecond: last?.perSecond ?? null };
  if (last && now > last.at) rate.perSecond = Math.max(0, ((s.stream_bytes_sent - last.bytes) * 1000) / (now - last.at));
  streamRates.set(name, rate);
  const known = [...streamRates.values()].filter((r) => r.perSecond !== null);
  if (known.length === streams.length && known.length > 0)
    ui.stat.rate.textContent = `${formatBytes(known.reduce((k, r) => k + r.perSecond, 0))}/s`;
}

function renderStats(s) {
  ui.stat.fps.textContent = Number(s.fps ?? 0).toFixed(1);
  ui.stat.subscribers.textContent = String(s.active_subscribers ?? '—');
  ui.stat.frames.textContent = String(s.total_frames ?? '—');
  ui.stat.drops.textContent = String(s.dropped_frames ?? '—');
  if (s.source) ui.stat.source.textContent = `${s.source.name} · ${s.source.state}`;
}

function renderClientStats() {
  const now = performance.now();
  while (arrivals.length && arrivals[0] < now - 1000) arrivals.shift();
  ui.stat.received.textContent = String(arrivals.length);
  ui.stat.lagged.textContent = String(laggedTotal);
  const latency = median(latencies);
  ui.stat.latency.textContent = latency === null ? '—' : `${Math.round(latency)} ms`;
}

const handlers = {
  audio(frame) {
    arrivals.push(performance.now());
    latencies.push(Date.now() - frame.timestamp);
    if (latencies.length > LATENCY_SAMPLES) latencies.shift();
    if (paused) return;
    latestAudio = frame;
    audioDirty = true;
    requestDraw();
  },
  spectral(event) {
    if (paused) return;
    const frame = decodeSpectrum(event, spectralAxis);
    latestSpectral = frame;
    spectralDirty = true;
    waterfall.push(frame);
    requestDraw();
  },
  stats(s) {
    renderRate('audio', s);
    renderStats(s);
    renderClientStats();
    // One spectrogram row per frame period, so it scrolls as if every
    // spectrum came (each one drawn as tall as the frames it stands for).
    if (s.fps > 0) waterfall.setRowsPerSpectrum(Math.max(1, Math.round(s.fps / SPECTRAL_FPS)));
  },
  lagged(notice) {
    laggedTotal += Number(notice.skipped) || 0;
    renderClientStats();
  },
  // The server changed this stream's decimation because the page read too
  // slowly (or caught up again): the scope's time axis follows it.
  resolution(notice) {
    const decimate = Number(notice.decimate);
    if (Number.isInteger(decimate) && decimate > 0) scope.decimate = decimate;
    ui.stat.resolution.textContent = decimate === DECIMATE ? 'full' : `×${decimate / DECIMATE} coarser`;
  },
  state: onState,
};

// The spectral stream's stats only count its bytes. The audio stream's state
// is the page's (both end together); of the spectral one's only a rejected
// token is news, so its reconnections never overwrite "stream ended".
const spectralHandlers = {
  spectral: handlers.spectral,
  lagged: handlers.lagged,
  stats: (s) => renderRate('spectral', s),
  state: (state, detail) => { if (state === 'rejected') onState(state, detail); },
};

function stopStreams() {
  for (const s of streams) s.stop();
  streams = [];
}

function connect() {
  streamRates.clear();
  scope.decimate = DECIMATE;
  ui.stat.resolution.textContent = 'full';
  stopStreams();
  streams = [
    new EventStream({ token, query: AUDIO_QUERY, on: handlers }),
    new EventStream({ token, query: SPECTRAL_QUERY, on: spectralHandlers }),
  ];
  for (const s of streams) s.start();
}

async function begin(candidate) {
  stopStreams();
  token = candidate;
  connection = 'checking';
  renderStatus();
  const verdict = await probeToken(candidate);
  if (verdict.kind === 'rejected') {
    onState('rejected', verdict);
    return;
  }
  if (verdict.kind === 'ok') renderStats(verdict.stats);
  else showMessage(`${verdict.message}; retrying…`);
  storeToken(candidate);
  showTokenForm(false);
  connect();
  recordings.start();
}

ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  const candidate = ui.input.value.trim();
  ui.input.value = '';
  begin(candidate);
});

ui.tokenButton.addEventListener('click', () => showTokenForm(ui.form.hidden));

ui.pause.addEventListener('click', () => {
  paused = !paused;
  ui.pause.textContent = paused ? 'Resume' : 'Pause';
  ui.pause.setAttribute('aria-pressed', String(paused));
  renderStatus();
  if (!paused) {
    audioDirty = latestAudio !== null;
    spectralDirty = latestSpectral !== null;
    requestDraw();
  }
});

ui.timebase.addEventListener('change', () => {
  scope.setWindow(ui.timebase.value === 'frame' ? null : Number(ui.timebase.value));
  audioDirty = latestAudio !== null;
  requestDraw();
});

$('colorbar').style.background = paletteGradient();
$('colorbar-min').textContent = `${WATERFALL_DB[0]} dBFS`;
$('colorbar-max').textContent = `${WATERFALL_DB[1]} dBFS`;
setInterval(renderClientStats, 1000);

const initial = adoptTokenFromUrl();
if (initial) {
  begin(initial);
} else {
  renderStatus();
  showMessage('Enter the access token printed by "acoustream serve" (its "token:" line), or open the dashboard URL it prints.', 'info');
  showTokenForm(true);
}
