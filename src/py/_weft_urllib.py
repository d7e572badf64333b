"""urllib.request's http: and https: through the browser's fetch (`_weft.fetch`, which
waits without the GIL). Installed when urllib.request is first imported (`_weft_startup`);
urllib's redirect and error handlers run unchanged."""

import http
import http.client
import io
import socket

import _weft

# Outcomes of _weft.fetch (src/engine/fetch.rs).
_OK, _FAILED, _TIMED_OUT, _REFUSED = range(4)

_UNREACHABLE = ("the browser's fetch failed: the server is unreachable, or it does not allow "
                "this page's origin (no CORS header Access-Control-Allow-Origin)")


class _Received:
    """The socket http.client's response reads from: what the browser received, written
    back as HTTP/1.1."""

    def __init__(self, data):
        self._data = data

    def makefile(self, mode):
        return io.BytesIO(self._data)

    def close(self):
        pass


class _Connection(http.client.HTTPConnection):
    """http.client's connection with the browser for a socket: http.client checks and
    encodes the request as usual, the browser sends it in `request()` (where urllib turns
    failures into URLError) and `getresponse()` parses the answer with http.client's own
    HTTPResponse (where a timeout surfaces, as with a slow server in CPython)."""

    def __init__(self, scheme, host, **options):
        super().__init__(host, **options)
        self._origin = f'{scheme}://{host}'
        self._sent = bytearray()
        self._reply = None
        self._timed_out = False
        # The final URL when the browser followed redirects.
        self.moved_to = None

    def send(self, data):
        self._sent += data

    def request(self, method, url, body=None, headers={}, *, encode_chunked=False):
        self._sent.clear()
        super().request(method, url, body, headers, encode_chunked=encode_chunked)
        head, _, data = bytes(self._sent).partition(b'\r\n\r\n')
        start, *fields = head.decode('latin-1').split('\r\n')
        method, target, _ = start.split(' ')
        if target.startswith('/'):
            target = self._origin + target
        timeout = socket.getdefaulttimeout() if self.timeout is socket._GLOBAL_DEFAULT_TIMEOUT else self.timeout
        label = f'urllib.request.urlopen {method} {target}'
        outcome, head, body = _weft.fetch(label, '\n'.join([method, target, *fields]), data, timeout)
        if outcome == _FAILED:
            raise OSError(_UNREACHABLE)
        if outcome == _REFUSED:
            raise OSError(f'the browser refuses to send this request: {head}')
        self._timed_out = outcome == _TIMED_OUT
        if outcome == _OK:
            self._reply = self._received(method, head, body)

    def getresponse(self):
        if self._timed_out:
            raise TimeoutError('timed out')
        self.sock = _Received(self._reply)
        return super().getresponse()

    def _received(self, method, head, body):
        status, reason, moved_to, fields = head.split('\n', 3)
        self.moved_to = moved_to or None
        # The browser gives header names in lower case.
        fields = [(name.title(), value) for name, _, value in (f.partition(': ') for f in fields.split('\r\n') if f)]
        if method != 'HEAD':
            # The browser has decoded the body (gzip, say); its headers may not say so
            # (another origin's are hidden unless exposed).
            fields = [(name, str(len(body)) if name == 'Content-Length' else value)
                      for name, value in fields if name != 'Content-Encoding']
        if any(name == 'Transfer-Encoding' and 'chunked' in value.lower() for name, value in fields):
            body = b'%x\r\n%s\r\n0\r\n\r\n' % (len(body), body) if body else b'0\r\n\r\n'
        if not reason:
            # HTTP/2 has no reason phrases.
            try:
                reason = http.HTTPStatus(int(status)).phrase
            except ValueError:
                pass
        lines = [f'HTTP/1.1 {status} {reason}', *(f'{name}: {value}' for name, value in fields), '', '']
        return '\r\n'.join(lines).encode('latin-1') + body


def _open(handler, scheme, req):
    made = []

    def connect(host, **options):
        made.append(_Connection(scheme, host, **options))
        return made[0]

    response = handler.do_open(connect, req)
    if made[0].moved_to:
        response.url = made[0].moved_to
    return response


def _http_open(self, req):
    return _open(self, 'http', req)


def _https_open(self, req):
    return _open(self, 'https', req)


def install(request):
    # HTTPHandler serves https too: without ssl, urllib has no HTTPSHandler.
    handler = request.HTTPHandler
    handler.http_open = _http_open
    handler.https_open = _https_open
    handler.https_request = request.AbstractHTTPHandler.do_request_
