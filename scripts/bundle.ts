import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const WORKSPACES = ['shared', 'drizzle', 'server', 'client'];

/** Every third-party package the workspaces depend on: left to node_modules, not bundled. */
function thirdPartyPackages(): string[] {
  const names = new Set<string>();
  for (const manifest of ['package.json', ...WORKSPACES.map((workspace) => `${workspace}/package.json`)]) {
    const { dependencies = {}, devDependencies = {} } = JSON.parse(readFileSync(`${repoRoot}/${manifest}`, 'utf8')) as Record<string, Record<string, string>>;
    for (const name of [...Object.keys(dependencies), ...Object.keys(devDependencies)]) if (!name.startsWith('@gatepost/')) names.add(name);
  }
  return [...names].flatMap((name) => [name, `${name}/*`]);
}

/**
 * Bundles a TypeScript entry point with gatepost's own workspaces into one ES module, leaving
 * third-party packages to node_modules. Running the bundle with plain `node` spares the tsx
 * loader's hooks thread (~48 MB of RSS) and its per-module compile. The output must stay inside
 * the repository, so the bundle resolves node_modules (and the migrations) from where it lies.
 */
export async function bundle(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [`${repoRoot}/${entry}`],
    outfile: `${repoRoot}/${outfile}`,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    external: thirdPartyPackages(),
    logLevel: 'warning',
  });
}
