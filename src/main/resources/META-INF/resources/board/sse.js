// Server-Sent Events read with fetch, because EventSource cannot send an Authorization header.

/** Splits a text/event-stream body into events ({id, event, data}); comments (keep-alives) are skipped. */
export class SseParser {
  constructor(onEvent) {
    this.onEvent = onEvent;
    this.buffer = '';
    this.reset();
  }

  reset() {
    this.id = null;
    this.event = '';
    this.data = [];
  }

  push(text) {
    this.buffer += text;
    let end;
    while ((end = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.buffer.slice(0, end);
      const newline = this.buffer.startsWith('\r\n', end) ? 2 : 1;
      this.buffer = this.buffer.slice(end + newline);
      this.line(line);
    }
  }

  line(line) {
    if (line === '') {
      if (this.data.length > 0 || this.event) {
        this.onEvent({ id: this.id, event: this.event || 'message', data: this.data.join('\n') });
      }
      this.reset();
      return;
    }
    if (line.startsWith(':')) {
      return;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }
    if (field === 'id') {
      this.id = value;
    } else if (field === 'event') {
      this.event = value;
    } else if (field === 'data') {
      this.data.push(value);
    }
  }
}

/**
 * Opens the stream once and reads it until it ends: resolves when the server ends it, rejects when
 * the connection breaks, or with an Error whose status (and retryAfter) says why it was refused.
 */
export async function follow({ token, lastEventId, signal, onOpen, onEvent }) {
  const headers = { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' };
  if (lastEventId) {
    headers['Last-Event-ID'] = lastEventId;
  }
  const response = await fetch('/api/v1/stream', { headers, signal, cache: 'no-store' });
  if (!response.ok) {
    const error = new Error(`stream refused: ${response.status}`);
    error.status = response.status;
    error.retryAfter = Number(response.headers.get('Retry-After')) || null;
    throw error;
  }
  onOpen();
  const parser = new SseParser(onEvent);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    parser.push(value);
  }
}
