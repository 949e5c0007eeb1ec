// The four ways the bench sends a file: gatepost's three protocols (README "File uploads") and bare
// graphql-yoga's own multipart handling. Each says where to POST, which text parts go before the
// file, what the file part is called, and how to read the size (and SHA-256) from its answer.
import type { FormFields } from './upload-multipart';
import type { UploadAnswer } from './upload-request';

export interface UploadWire {
  readonly protocol: string;
  readonly path: string;
  readonly fields: FormFields;
  readonly fileField: string;
  readonly okStatus: number;
  /** The stored file as the answer describes it (its `sizeBytes`, and `sha256` if any), from its parsed JSON. */
  stored(json: unknown): Readonly<Record<string, unknown>> | undefined;
}

const GATEPOST_UPLOAD = 'mutation($input: UploadFileInput!) { uploadFile(input: $input) { id sizeBytes sha256 } }';

export const REST_UPLOAD: UploadWire = {
  protocol: 'REST',
  path: '/api/files',
  fields: [['description', 'upload bench']],
  fileField: 'file',
  okStatus: 201,
  stored: (json) => field(json, []),
};

export const GRAPHQL_UPLOAD: UploadWire = {
  protocol: 'GraphQL multipart',
  path: '/graphql',
  fields: [
    ['operations', JSON.stringify({ query: GATEPOST_UPLOAD, variables: { input: { file: null } } })],
    ['map', JSON.stringify({ 0: ['variables.input.file'] })],
  ],
  fileField: '0',
  okStatus: 200,
  stored: (json) => field(json, ['data', 'uploadFile']),
};

export const TRPC_UPLOAD: UploadWire = {
  protocol: 'tRPC FormData',
  path: '/trpc/files.upload',
  fields: [],
  fileField: 'file',
  okStatus: 200,
  stored: (json) => field(json, ['result', 'data']),
};

/** bench/peers/yoga-upload.ts: `uploadFile(file: File!): Int!` answers the size yoga saw. */
export const YOGA_UPLOAD: UploadWire = {
  protocol: 'GraphQL multipart',
  path: '/graphql',
  fields: [
    ['operations', JSON.stringify({ query: 'mutation($file: File!) { uploadFile(file: $file) }', variables: { file: null } })],
    ['map', JSON.stringify({ 0: ['variables.file'] })],
  ],
  fileField: '0',
  okStatus: 200,
  stored: (json) => {
    const data = field(json, ['data']);
    return data ? { sizeBytes: data.uploadFile } : undefined;
  },
};

/** Whether the answer is the wire's success and names `sizeBytes` (and `sha256`, when given): null if so, else why not. */
export function answerProblem(wire: UploadWire, answer: UploadAnswer, sizeBytes: number, sha256?: string): string | null {
  if (!answer.ok) return answer.error;
  const excerpt = answer.text.slice(0, 300);
  if (answer.status !== wire.okStatus) return `HTTP ${answer.status} (expected ${wire.okStatus}): ${excerpt}`;
  let json: unknown;
  try {
    json = JSON.parse(answer.text);
  } catch {
    return `HTTP ${answer.status} but not JSON: ${excerpt}`;
  }
  const stored = wire.stored(json);
  if (!stored) return `HTTP ${answer.status} without the stored file: ${excerpt}`;
  if (stored.sizeBytes !== sizeBytes) return `answered sizeBytes ${String(stored.sizeBytes)}, sent ${sizeBytes}`;
  if (sha256 !== undefined && stored.sha256 !== sha256) return `answered sha256 ${String(stored.sha256)}, sent ${sha256}`;
  return null;
}

function field(json: unknown, path: readonly string[]): Record<string, unknown> | undefined {
  let value = json;
  for (const key of path) value = isRecord(value) ? value[key] : undefined;
  return isRecord(value) ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
