// s3rver 3.7 ships no types; this declares the part of its API test/helpers/s3-server.ts uses (lib/s3rver.js).
declare module 's3rver' {
  import type { AddressInfo } from 'node:net';

  export interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory?: string;
    resetOnClose?: boolean;
    allowMismatchedSignatures?: boolean;
    vhostBuckets?: boolean;
    configureBuckets?: ReadonlyArray<{ readonly name: string; readonly configs?: ReadonlyArray<string | Buffer> }>;
  }

  export default class S3rver {
    constructor(options?: S3rverOptions);
    /** Creates the configured buckets, then listens; resolves with the bound address. */
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
    /** Koa's middleware list (s3rver is a Koa app): a function put first runs before its router. */
    readonly middleware: unknown[];
    /** Its filesystem store, which says where an upload's parts are kept. */
    readonly store: { getResourcePath(bucket: string, key: string | undefined, resource: string): string };
  }
}
