import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const WEB_OUT_DIR = join(repoRoot, 'dist/web');
/** Not served: @fastify/static skips dotfiles. */
const FINGERPRINT_FILE = '.sources-sha256';

/** Everything the app's bundle is made of: its own sources, the client and contract it imports, the locked dependencies. */
const SOURCES = ['web/index.html', 'web/vite.config.ts', 'web/package.json', 'web/src', 'client/src', 'shared/src', 'package-lock.json'];

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

/** A hash of every source file's path and bytes: equal hashes, equal bundles. */
function sourcesFingerprint(): string {
  const hash = createHash('sha256');
  for (const file of SOURCES.flatMap((source) => filesUnder(join(repoRoot, source)))) {
    hash.update(relative(repoRoot, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

function builtFingerprint(): string | undefined {
  const file = join(WEB_OUT_DIR, FINGERPRINT_FILE);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/**
 * Builds web/ with Vite into dist/web, unless dist/web was built from these very sources
 * (so `npm start` stays quick). The bundle is written to a folder of its own and moved into
 * place whole: a server or a second build never sees half of one.
 */
export async function buildWeb(options: { force?: boolean } = {}): Promise<'built' | 'up to date'> {
  const fingerprint = sourcesFingerprint();
  if (!options.force && builtFingerprint() === fingerprint) return 'up to date';
  const staging = `${WEB_OUT_DIR}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    await build({
      configFile: join(repoRoot, 'web/vite.config.ts'),
      build: { outDir: staging, emptyOutDir: true },
      logLevel: 'warn',
    });
    writeFileSync(join(staging, FINGERPRINT_FILE), fingerprint);
    const previous = `${staging}.previous`;
    // A build running beside this one (a test run and `npm start`, say) may move folders
    // between these two steps: its bundle, made from the same sources, is as good as ours.
    tolerate(['ENOENT'], () => renameSync(WEB_OUT_DIR, previous));
    tolerate(['ENOTEMPTY', 'EEXIST'], () => renameSync(staging, WEB_OUT_DIR));
    rmSync(previous, { recursive: true, force: true });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return 'built';
}

function tolerate(codes: readonly string[], move: () => void): void {
  try {
    move();
  } catch (error) {
    if (!codes.includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  }
}
