/**
 * A GET as a phone's browser sends it, for the benches (no heavy imports: bench/comeback-client.ts runs it in
 * each of its child processes).
 */
import { request } from 'node:http';

/** A browser's Accept-Encoding. */
export const BROWSER_ACCEPT = 'gzip, deflate, br, zstd';

/**
 * GETs `url` with the bearer token, its answer read to the end and left encoded (decoding is the phone's
 * work, not the server's); resolves with the bytes received. Throws unless 200.
 */
export function fetchBytes(url: string, token: string, acceptEncoding = BROWSER_ACCEPT): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { headers: { authorization: `Bearer ${token}`, 'accept-encoding': acceptEncoding } },
      (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', () =>
          res.statusCode === 200 ? resolve(bytes) : reject(new Error(`GET ${url}: ${res.statusCode}`)),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}
