// Access token handling: taken from ?token= once, kept in sessionStorage (per
// tab, gone when the tab closes), checked against the API before streaming.

const STORAGE_KEY = 'acoustream.token';
const STATS_URL = 'api/audio/stream/stats';  // relative: works under a proxy's prefix

/**
 * Moves a ?token= from the address bar into sessionStorage and removes it from
 * the URL (history.replaceState), so it is not left in history or bookmarks.
 * Returns the stored token, or null.
 */
export function adoptTokenFromUrl(win = window) {
  const url = new URL(win.location.href);
  if (url.searchParams.has('token')) {
    const token = url.searchParams.get('token').trim();
    url.searchParams.delete('token');
    win.history.replaceState(win.history.state, '', url.pathname + url.search + url.hash);
    if (token) win.sessionStorage.setItem(STORAGE_KEY, token);
  }
  return win.sessionStorage.getItem(STORAGE_KEY);
}

export function storeToken(token, win = window) {
  win.sessionStorage.setItem(STORAGE_KEY, token);
}

export function forgetToken(win = window) {
  win.sessionStorage.removeItem(STORAGE_KEY);
}

/** A reason the token cannot be a JWT before asking the server, or null. */
export function tokenSyntaxProblem(token) {
  if (!token) return 'the token is empty';
  // A header value must be visible ASCII; a JWT is base64url parts and dots.
  if (!/^[\x21-\x7e]+$/.test(token)) return 'the token contains spaces or non-ASCII characters';
  return null;
}

/**
 * Asks the server whether the token is accepted (EventSource cannot see HTTP
 * status codes, fetch can). Resolves to one of
 *   { kind: 'ok', stats }
 *   { kind: 'rejected', status, error, message }   (401/403)
 *   { kind: 'http', status, message }              (any other failure status)
 *   { kind: 'network', message }                   (server unreachable)
 */
export async function probeToken(token, fetchImpl = fetch) {
  const syntax = tokenSyntaxProblem(token);
  if (syntax) return { kind: 'rejected', status: 0, error: 'invalid_token', message: syntax };
  let response;
  try {
    // The token goes in the query, as the EventSource sends it: behind a
    // proxy's HTTP Basic login the browser's Authorization header belongs to
    // the proxy, and the probe must test what the stream will use.
    response = await fetchImpl(`${STATS_URL}?access_token=${encodeURIComponent(token)}`, {
      cache: 'no-store',
    });
  } catch (err) {
    return { kind: 'network', message: `cannot reach the server (${err.message})` };
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (response.status === 401 || response.status === 403) {
    return {
      kind: 'rejected',
      status: response.status,
      error: body?.error ?? 'invalid_token',
      message: body?.error_description ?? response.statusText,
    };
  }
  if (!response.ok || body === null) {
    return {
      kind: 'http',
      status: response.status,
      message: body?.error_description ?? `${STATS_URL} answered ${response.status}`,
    };
  }
  return { kind: 'ok', stats: body };
}
