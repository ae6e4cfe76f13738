// The wall board: reads /api/v1/board, then re-reads it whenever the stream says something changed.
// The service computes every alarm; this page only shows them.

import { follow } from './sse.js';
import { chairCard } from './render.js';

const TOKEN_KEY = 'infusion-board-token';
const REFRESH_AFTER_EVENT_MS = 150;
const REFRESH_EVERY_MS = 60000;
const TICK_MS = 15000;
const RETRY_MAX_MS = 15000;

const $ = (id) => document.getElementById(id);
const state = { board: null, flags: new Map(), skew: 0, lastEventId: null, stream: null, refreshTimer: null };

/** The token from #token=... (then wiped from the address bar) or from this tab's session storage. */
function takeToken() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const fromUrl = fragment.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl.trim());
    history.replaceState(null, '', location.pathname);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

function showConnection(stateName, text) {
  const node = $('connection');
  node.dataset.state = stateName;
  node.textContent = text;
  document.body.dataset.connection = stateName;
}

function askForToken(reason) {
  sessionStorage.removeItem(TOKEN_KEY);
  stopStream();
  showConnection('expired', reason);
  $('token-form').hidden = false;
  $('token-input').focus();
}

class Refused extends Error {
  constructor(status) {
    super(`refused: ${status}`);
    this.status = status;
  }
}

async function getJson(path, token) {
  const response = await fetch(path, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
    cache: 'no-store',
  });
  if (!response.ok) {
    throw new Refused(response.status);
  }
  return response.json();
}

function now() {
  return Date.now() - state.skew;
}

function draw() {
  const board = state.board;
  if (!board) {
    return;
  }
  const at = now();
  const cards = board.sessions.map((chair) => chairCard(chair, state.flags.get(chair.sessionId) || [], at));
  $('chairs').replaceChildren(...cards);
  $('empty').hidden = board.sessions.length > 0;
  const critical = board.sessions.filter((c) => c.openFlags.mostSevere === 'CRITICAL').length;
  const parts = [`${board.openSessions} open`];
  if (critical) {
    parts.push(`▲ ${critical} critical`);
  }
  if (board.overdueRemsForms) {
    parts.push(`${board.overdueRemsForms} REMS form${board.overdueRemsForms === 1 ? '' : 's'} overdue`);
  }
  $('summary').textContent = parts.join(' · ');
  $('clock').textContent = new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

async function refresh() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) {
    return;
  }
  try {
    const [board, flags] = await Promise.all([
      getJson('/api/v1/board', token),
      getJson('/api/v1/flags?status=OPEN&size=200', token),
    ]);
    state.skew = Date.now() - Date.parse(board.at);
    state.board = board;
    state.flags = new Map();
    for (const flag of flags.items) {
      const list = state.flags.get(flag.sessionId) || [];
      list.push(flag);
      state.flags.set(flag.sessionId, list);
    }
    draw();
  } catch (error) {
    if (error instanceof Refused && (error.status === 401 || error.status === 403)) {
      askForToken(error.status === 401 ? 'Token expired or not valid: paste a new one' : 'This token may not read the board');
    } else {
      showConnection('lost', 'Cannot reach the service: the board may be out of date');
    }
  }
}

function refreshSoon() {
  clearTimeout(state.refreshTimer);
  state.refreshTimer = setTimeout(refresh, REFRESH_AFTER_EVENT_MS);
}

function stopStream() {
  if (state.stream) {
    state.stream.abort();
    state.stream = null;
  }
}

function onEvent(event) {
  if (event.id) {
    state.lastEventId = event.id;
  }
  if (event.event === 'stream.closed') {
    const reason = JSON.parse(event.data || '{}').reason;
    askForToken(reason === 'token-expired' ? 'Token expired: paste a new one' : 'The service closed the stream');
    return;
  }
  // reset (our cursor is too old) and every change alike: read the board again.
  refreshSoon();
}

async function streamLoop() {
  const controller = new AbortController();
  state.stream = controller;
  let wait = 1000;
  while (state.stream === controller) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    try {
      await follow({
        token,
        lastEventId: state.lastEventId,
        signal: controller.signal,
        onOpen: () => {
          wait = 1000;
          showConnection('live', 'Live');
          refresh();
        },
        onEvent,
      });
      if (state.stream === controller) {
        showConnection('lost', 'Connection lost: reconnecting…');
      }
    } catch (error) {
      if (controller.signal.aborted) {
        return;
      }
      if (error.status === 401 || error.status === 403) {
        askForToken(error.status === 401 ? 'Token expired or not valid: paste a new one' : 'This token may not read the board');
        return;
      }
      if (error.retryAfter) {
        wait = error.retryAfter * 1000;
      }
      showConnection('lost', 'Connection lost: reconnecting…');
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
    wait = Math.min(wait * 2, RETRY_MAX_MS);
  }
}

function start() {
  $('token-form').hidden = true;
  showConnection('starting', 'Connecting…');
  streamLoop();
}

$('token-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const token = $('token-input').value.trim();
  if (token) {
    sessionStorage.setItem(TOKEN_KEY, token);
    $('token-input').value = '';
    start();
  }
});
window.addEventListener('hashchange', () => {
  if (takeToken()) {
    stopStream();
    start();
  }
});
setInterval(draw, TICK_MS);
setInterval(refresh, REFRESH_EVERY_MS);

if (takeToken()) {
  start();
} else {
  askForToken('Paste a viewer token to show the board');
}
