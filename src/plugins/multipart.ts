import multipart from '@fastify/multipart';
import fp from 'fastify-plugin';

/** A file from a multipart form, read whole into memory (files are small: 1 MB at most). */
export interface UploadedFile {
  filename: string;
  mimetype: string;
  data: Buffer;
  /** More than the limit was sent: data holds only the first part */
  truncated: boolean;
}

export const UPLOAD_LIMIT_BYTES = 1024 * 1024;

/**
 * Multipart forms (file uploads). Fields and files land on request.body before the CSRF check runs,
 * so a form's hidden `_csrf` field works as it does for ordinary forms. A file over the limit is
 * not an error here: it arrives marked `truncated`, and the route says so on the form.
 */
export default fp(
  async (app) => {
    await app.register(multipart, {
      attachFieldsToBody: 'keyValues',
      throwFileSizeLimit: false,
      limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 1, fields: 20, fieldSize: 64 * 1024, parts: 25, headerPairs: 100 },
      async onFile(part) {
        const data = await part.toBuffer();
        const file: UploadedFile = {
          filename: part.filename,
          mimetype: part.mimetype,
          data,
          truncated: part.file.truncated,
        };
        (part as unknown as { value: UploadedFile }).value = file;
      },
    });
  },
  { name: 'multipart' },
);
