// One EventSource on /api/audio/stream/events carrying audio, spectral and
// stats events. EventSource reconnects by itself (sending Last-Event-ID);
// this class only steps in when it gives up (readyState CLOSED, e.g. after a
// non-200 answer) and tells a rejected token or an ended stream apart from a
// transient failure by asking the stats route.

import { probeToken } from './token.mjs';

const EVENTS_URL = 'api/audio/stream/events';  // relative: works under a proxy's prefix
const EVENT_NAMES = ['audio', 'spectral', 'stats', 'heartbeat', 'lagged', 'resolution'];
const MAX_BACKOFF_MS = 10000;

export class EventStream {
  /**
   * @param {object} options
   * @param {string} options.token  JWT, sent as ?access_token= (EventSource cannot set headers)
   * @param {Record<string,string>} options.query  extra query parameters (types, decimate, ...)
   * @param {object} options.on  callbacks: audio, spectral, stats, heartbeat, lagged (parsed JSON),
   *   resolution, state(name, detail) with name in connecting|live|reconnecting|ended|rejected|unreachable
   */
  constructor({ token, query, on }) {
    this.token = token;
    this.query = query;
    this.on = on;
    this.source = null;
    this.lastEventId = null;
    this.failures = 0;
    this.retryTimer = null;
    this.stopped = false;
  }

  start() {
    this.stopped = false;
    this.#open();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.source) this.source.close();
    this.source = null;
  }

  #url() {
    const params = new URLSearchParams(this.query);
    params.set('access_token', this.token);
    // A recreated EventSource does not carry Last-Event-ID; the query
    // parameter asks the server to resume after the last frame seen.
    if (this.lastEventId !== null) params.set('last_event_id', this.lastEventId);
    return `${EVENTS_URL}?${params}`;
  }

  #open() {
    const source = new EventSource(this.#url());
    this.source = source;
    this.on.state('connecting');
    source.onopen = () => {
      this.failures = 0;
      this.on.state('live');
    };
    source.onerror = () => this.#failed(source);
    for (const name of EVENT_NAMES) {
      source.addEventListener(name, (event) => {
        if (source !== this.source) return;
        if (event.lastEventId) this.lastEventId = event.lastEventId;
        let data;
        try {
          data = JSON.parse(event.data);
        } catch {
          return;  // a malformed event is skipped, the stream goes on
        }
        this.on[name]?.(data);
      });
    }
  }

  async #failed(source) {
    if (source !== this.source || this.stopped) return;
    const gaveUp = source.readyState === EventSource.CLOSED;
    this.on.state('reconnecting');
    const verdict = await probeToken(this.token);
    if (source !== this.source || this.stopped) return;
    if (verdict.kind === 'rejected') {
      this.stop();
      this.on.state('rejected', verdict);
      return;
    }
    if (verdict.kind === 'ok' && verdict.stats.stream_closed) {
      this.stop();
      this.on.state('ended', verdict.stats);
      return;
    }
    if (verdict.kind === 'network' || verdict.kind === 'http') this.on.state('unreachable', verdict);
    if (gaveUp) {
      source.close();
      this.failures += 1;
      const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(this.failures, 5));
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => {
        if (!this.stopped) this.#open();
      }, delay);
    }
  }
}
