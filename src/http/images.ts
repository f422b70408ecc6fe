/**
 * Image uploads over HTTP: the body is the image itself (`Content-Type: image/png | image/jpeg | image/webp`,
 * at most MAX_IMAGE_BYTES), which a phone's fetch() sends from a File without multipart encoding. Routes that
 * take an image receive `request.body` as a Buffer and pass it to checkImage (the bytes decide the type).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { IMAGE_TYPES, MAX_IMAGE_BYTES } from '../core/shared/images.ts';

/** Lets routes accept raw image bodies up to MAX_IMAGE_BYTES (the JSON body limit stays as it is). */
export function registerImageBodies(app: FastifyInstance): void {
  app.addContentTypeParser(
    [...IMAGE_TYPES],
    { parseAs: 'buffer', bodyLimit: MAX_IMAGE_BYTES },
    (_req, body, done) => done(null, body),
  );
}

/** The route options an image-upload route needs (its body may be larger than a JSON body). */
export const imageUploadRoute = { bodyLimit: MAX_IMAGE_BYTES } as const;

/**
 * Sends a stored file to a person who may see it: private caching (it is someone's payment screenshot), and
 * headers that stop a browser from treating it as anything but an image.
 */
export function sendStoredFile(
  reply: FastifyReply,
  file: { bytes: Buffer; contentType: string },
): FastifyReply {
  return reply
    .header('Content-Type', file.contentType)
    .header('Cache-Control', 'private, max-age=3600')
    .header('X-Content-Type-Options', 'nosniff')
    .header('Content-Security-Policy', "default-src 'none'")
    .send(file.bytes);
}
