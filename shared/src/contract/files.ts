import { z } from 'zod';
import { defineMutation, defineQuery, entityId, timestamp } from '../define';
import { file } from '../file-field';

/** The largest file `files.upload` takes (the server's MAX_UPLOAD_BYTES may be lower). */
export const MAX_FILE_BYTES = 5 * 1024 ** 3;

export const StoredFile = z
  .object({
    id: entityId(),
    name: z.string().describe('The file name it was sent with, made safe: no folders, no control characters'),
    mediaType: z.string().describe('Its media type, as its first bytes show'),
    sizeBytes: z.number().int().describe('Its size in bytes'),
    sha256: z.string().describe('The SHA-256 of its bytes, in hex'),
    createdAt: timestamp(),
    url: z.string().describe('Where its owner (or an admin) downloads it'),
  })
  .meta({ id: 'File', description: 'A file someone uploaded, stored by gatepost' });

export const UploadFileInput = z.strictObject({
  file: file({ maxBytes: MAX_FILE_BYTES }).describe('The file'),
  description: z.string().trim().max(500).optional().describe('What it is'),
});

export const uploadFile = defineMutation({
  name: 'files.upload',
  graphqlName: 'uploadFile',
  rest: { method: 'POST', path: '/files', status: 201, location: '/files/{id}' },
  description: 'Upload a file (multipart), streamed to storage as it arrives; signed-in users only.',
  auth: 'user',
  input: UploadFileInput,
  output: StoredFile,
  errors: ['PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'],
});

export const getFile = defineQuery({
  name: 'files.get',
  graphqlName: 'file',
  rest: { method: 'GET', path: '/files/{id}' },
  description: "A file's details by its id; null unless you uploaded it (admins read every file).",
  auth: 'user',
  input: z.strictObject({ id: entityId() }),
  output: StoredFile.nullable(),
});

export const files = { upload: uploadFile, get: getFile };
