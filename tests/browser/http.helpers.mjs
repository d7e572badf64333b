// Plain HTTP requests for the server tests: the path goes out exactly as written (no URL
// normalisation, unlike fetch), and the body comes back as the bytes sent.

import http from 'node:http';

// Resolves to { status, headers, body } (body a Buffer, not decoded).
export function request(url, path, { method = 'GET', headers = {} } = {}) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path, method, headers }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}
