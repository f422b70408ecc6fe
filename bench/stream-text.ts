import type { IncomingMessage } from 'node:http';
import { constants, createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';

/**
 * An event stream's text as a browser's decoder hands it over: each chunk as it arrives, gunzipped when the
 * stream is, and a cut stream (no gzip trailer) taken as it is.
 */
export function streamText(res: IncomingMessage): Readable {
  const text =
    res.headers['content-encoding'] === 'gzip'
      ? res.pipe(createGunzip({ flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH }))
      : res;
  text.setEncoding('utf8');
  return text;
}
