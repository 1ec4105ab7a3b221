// The recordings panel: a record button (shown when the token may write),
// elapsed time and size while recording, and the list of recordings with
// their files, downloaded through fetch (so no token URL lands in the
// browser's history or downloads list).
//
// The token goes as ?access_token=, as the page's streams send it: behind a
// reverse proxy's HTTP Basic login the browser's Authorization header belongs
// to the proxy, and a Bearer header would replace it (docs/deploy.md).

// Relative, like every URL of the page, so it works under a proxy's prefix
// (docs/deploy.md).
const API = 'api/audio/recordings';
const POLL_RECORDING_MS = 1000;
const POLL_IDLE_MS = 5000;

/** "1.2 MB" for a byte count. */
export function formatBytes(bytes) {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = Number(bytes) || 0;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) { v /= 1000; u += 1; }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}

/** "01:02:03" for milliseconds. */
export function formatElapsed(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n) => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

export class RecordingsPanel {
  /**
   * @param {object} el  the panel's elements: record, format, label, state, list
   * @param {() => string|null} getToken
   * @param {(text: string) => void} onError
   */
  constructor(el, getToken, onError) {
    this.el = el;
    this.getToken = getToken;
    this.onError = onError;
    this.timer = null;
    this.active = null;
    this.mayWrite = false;
    el.record.addEventListener('click', () => this.toggle());
  }

  start() {
    this.stop();
    this.refresh();
  }

  stop() {
    clearTimeout(this.timer);
    this.timer = null;
  }

  withToken(url) {
    return `${url}${url.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(this.getToken())}`;
  }

  async request(method, path = '', body) {
    const headers = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(this.withToken(API + path), {
      method, headers, cache: 'no-store', body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = res.status === 204 ? null : await res.json().catch(() => null);
    if (!res.ok) throw new Error(json?.error_description ?? `${method} ${API}${path} answered ${res.status}`);
    return json;
  }

  async refresh() {
    clearTimeout(this.timer);
    try {
      const { recordings, may_write: mayWrite } = await this.request('GET');
      this.mayWrite = Boolean(mayWrite);
      this.active = recordings.find((r) => r.state === 'recording') ?? null;
      this.render(recordings);
    } catch (err) {
      this.el.state.textContent = `recordings unavailable: ${err.message}`;
    }
    this.timer = setTimeout(() => this.refresh(), this.active ? POLL_RECORDING_MS : POLL_IDLE_MS);
  }

  async toggle() {
    this.el.record.disabled = true;
    try {
      if (this.active) {
        await this.request('POST', `/${encodeURIComponent(this.active.id)}/stop`);
      } else {
        const body = {};
        if (this.el.format.value) body.format = this.el.format.value;
        if (this.el.label.value.trim()) body.label = this.el.label.value.trim();
        await this.request('POST', '', body);
      }
    } catch (err) {
      this.onError(`Recording: ${err.message}`);
    }
    this.el.record.disabled = false;
    await this.refresh();
  }

  render(recordings) {
    const { record, format, label, state, list } = this.el;
    for (const control of [record, format, label]) control.hidden = !this.mayWrite;
    record.textContent = this.active ? 'Stop recording' : 'Record';
    record.setAttribute('aria-pressed', String(Boolean(this.active)));
    format.disabled = label.disabled = Boolean(this.active);
    if (this.active) {
      const a = this.active;
      state.dataset.state = 'recording';
      state.textContent = `● recording ${formatElapsed(Date.now() - a.started_at)} · ${formatBytes(a.bytes)}` +
        (a.frames_lost ? ` · ${a.frames_lost} frames lost` : '');
    } else {
      state.dataset.state = 'idle';
      state.textContent = this.mayWrite ? 'not recording' : 'not recording (this token may not record)';
    }
    list.replaceChildren(...recordings.map((r) => this.row(r)));
  }

  row(r) {
    const tr = document.createElement('tr');
    tr.dataset.id = r.id;
    const cell = (text, cls) => {
      const td = document.createElement('td');
      td.textContent = text;
      if (cls) td.className = cls;
      tr.append(td);
      return td;
    };
    cell(r.label ? `${r.id} · ${r.label}` : r.id);
    const st = cell(r.state, `state ${r.state}`);
    if (r.error) st.title = r.error;
    const end = r.stopped_at ?? Date.now();
    cell(formatElapsed(end - r.started_at), 'num');
    cell(formatBytes(r.bytes), 'num');
    cell(String(r.frames_lost), r.frames_lost ? 'num lost' : 'num');
    const files = cell('');
    for (const f of r.files) {
      const a = document.createElement('a');
      a.href = `${API}/${encodeURIComponent(r.id)}/files/${encodeURIComponent(f.name)}`;
      a.textContent = f.name;
      a.download = f.name;
      a.addEventListener('click', (event) => { event.preventDefault(); this.download(a.href, f.name); });
      files.append(a, ' ');
    }
    const actions = cell('');
    if (this.mayWrite && r.state !== 'recording') {
      const del = document.createElement('button');
      del.type = 'button';
      del.textContent = 'Delete';
      del.addEventListener('click', async () => {
        if (!window.confirm(`Delete recording ${r.id} and its ${r.files.length} file(s)?`)) return;
        try { await this.request('DELETE', `/${encodeURIComponent(r.id)}`); } catch (err) { this.onError(err.message); }
        this.refresh();
      });
      actions.append(del);
    }
    return tr;
  }

  async download(url, name) {
    try {
      const res = await fetch(this.withToken(url));
      if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
      const blob = await res.blob();
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = name;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    } catch (err) {
      this.onError(`Download failed: ${err.message}`);
    }
  }
}
