// HTTP for `urllib.request` (src/engine/fetch.rs): the `weft_net` imports of a Worker ask
// the page for a `fetch()` and wait until it is done, and `Fetcher` runs them in the page,
// uncached (the HTTP cache would queue identical requests one after another) and without
// cookies or referrer, as CPython sends them. The response stays in the page until the
// engine has allocated room for it and asks for the copy.

// Mirrors src/engine/fetch.rs.
const OK = 0;
const FAILED = 1;
const TIMED_OUT = 2;
const REFUSED = 3;

// The control words a waiting Worker shares with the page.
const DONE = 0;
const OUTCOME = 1;
const HEAD_SIZE = 2;
const BODY_SIZE = 3;
const ID = 4;

// The `weft_net` imports of one Worker; `post` reaches its Process in the page.
export function netImports(memory, post) {
  const control = new Int32Array(new SharedArrayBuffer(4 * 5));
  const ask = (msg) => {
    Atomics.store(control, DONE, 0);
    post({ ...msg, control: control.buffer });
    Atomics.wait(control, DONE, 0);
  };
  return {
    // `request` is "METHOD\nURL\nName: value\n...", `timeoutMs` 0 for none. Writes the
    // sizes of the head (status, reason, final URL if redirected, headers; or an error's
    // message) and of the body at `sizes`, and returns the outcome.
    request(requestPtr, requestLen, dataPtr, dataLen, timeoutMs, sizes) {
      // Views of shared memory cannot be decoded or sent: copy them out first.
      const request = new TextDecoder().decode(new Uint8Array(memory.buffer, requestPtr, requestLen).slice());
      const data = new Uint8Array(memory.buffer, dataPtr, dataLen).slice().buffer;
      ask({ type: 'fetch', request, data, timeoutMs });
      new Uint32Array(memory.buffer, sizes, 2).set([control[HEAD_SIZE], control[BODY_SIZE]]);
      return control[OUTCOME];
    },
    // Has the page copy the response into this process's memory.
    take(headPtr, bodyPtr) {
      ask({ type: 'fetch-take', id: control[ID], headPtr, bodyPtr });
    },
  };
}

// Request headers only the browser may set: left out (fetch would drop them anyway).
const FORBIDDEN = new Set([
  'accept-charset', 'accept-encoding', 'access-control-request-headers', 'access-control-request-method',
  'connection', 'content-length', 'cookie', 'cookie2', 'date', 'dnt', 'expect', 'host', 'keep-alive',
  'origin', 'referer', 'set-cookie', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'via',
]);
const forbidden = (name) => FORBIDDEN.has(name.toLowerCase()) || /^(proxy|sec)-/i.test(name);

async function perform(request, data, timeoutMs, stopped) {
  const [method, url, ...lines] = request.split('\n');
  let req;
  try {
    const headers = new Headers();
    for (const line of lines) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon);
      if (!forbidden(name)) headers.append(name, line.slice(colon + 1).trim());
    }
    req = new Request(url, {
      method, headers, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer',
      body: method === 'GET' || method === 'HEAD' ? null : data,
      signal: timeoutMs ? AbortSignal.any([AbortSignal.timeout(timeoutMs), stopped]) : stopped,
    });
  } catch (err) {
    return [REFUSED, err.message];
  }
  try {
    const response = await fetch(req);
    const body = new Uint8Array(await response.arrayBuffer());
    // The final URL only when the browser followed redirects to it.
    const moved = response.redirected ? response.url : '';
    const headers = [...response.headers].map(([name, value]) => `${name}: ${value}\r\n`).join('');
    return [OK, `${response.status}\n${response.statusText}\n${moved}\n${headers}`, body];
  } catch (err) {
    return [err.name === 'TimeoutError' ? TIMED_OUT : FAILED, err.message];
  }
}

// The page's side, one per process: runs the requests of its Workers.
export class Fetcher {
  #memory;
  #responses = new Map();
  #next = 1;
  #stop = new AbortController();

  constructor(memory) {
    this.#memory = memory;
  }

  // Ends the requests still under way (the process has ended).
  stop() {
    this.#stop.abort();
  }

  // Handles a `fetch` or `fetch-take` message; false for any other.
  handle(msg) {
    if (msg.type === 'fetch') this.#fetch(msg);
    else if (msg.type === 'fetch-take') this.#take(msg);
    else return false;
    return true;
  }

  async #fetch({ request, data, timeoutMs, control }) {
    const [outcome, text, body = new Uint8Array(0)] = await perform(request, data, timeoutMs, this.#stop.signal);
    const head = new TextEncoder().encode(text);
    const id = this.#next++;
    this.#responses.set(id, { head, body });
    const words = new Int32Array(control);
    words.set([outcome, head.length, body.length, id], OUTCOME);
    done(words);
  }

  #take({ id, headPtr, bodyPtr, control }) {
    const { head, body } = this.#responses.get(id);
    this.#responses.delete(id);
    new Uint8Array(this.#memory.buffer, headPtr, head.length).set(head);
    new Uint8Array(this.#memory.buffer, bodyPtr, body.length).set(body);
    done(new Int32Array(control));
  }
}

function done(words) {
  Atomics.store(words, DONE, 1);
  Atomics.notify(words, DONE);
}
