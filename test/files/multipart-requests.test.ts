// What the GraphQL multipart request spec and tRPC's FormData input refuse, each with a clear 400 and nothing kept.
import { expect, it } from 'vitest';
import { bearer, signUp, type SignedIn } from '../auth/helpers';
import { forEachDatabase } from '../helpers/databases';
import { useGatepost } from '../helpers/start-gatepost';
import { PNG, fileOf } from './upload-helpers';

const UPLOAD = 'mutation Upload($input: UploadFileInput!) { uploadFile(input: $input) { id } }';

forEachDatabase((database) => {
  const gp = useGatepost(database);
  let user: SignedIn;

  async function postGraphQL(
    form: FormData,
  ): Promise<{ status: number; body: { errors?: { message: string; extensions?: { code?: string } }[]; data?: unknown } }> {
    const response = await gp.anonymousFetch('/graphql', { method: 'POST', body: form, headers: bearer(user.token) });
    return { status: response.status, body: (await response.json()) as never };
  }

  function form(operations: unknown, map: unknown, files: Record<string, File>): FormData {
    const body = new FormData();
    body.set('operations', JSON.stringify(operations));
    body.set('map', JSON.stringify(map));
    for (const [name, file] of Object.entries(files)) body.set(name, file);
    return body;
  }

  it('stores a file whose variable is typed Upload directly, as Apollo examples write it', async () => {
    user = await signUp(gp, 'multipart');
    const answer = await postGraphQL(
      form(
        { query: 'mutation Up($file: Upload!) { uploadFile(input: { file: $file }) { name sizeBytes } }', variables: { file: null } },
        { 0: ['variables.file'] },
        { 0: fileOf(PNG, 'direct.png', 'image/png') },
      ),
    );
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ uploadFile: { name: 'direct.png', sizeBytes: PNG.length } });
  });

  it('refuses a map path that points at no variable with 400', async () => {
    const answer = await postGraphQL(
      form(
        { query: UPLOAD, variables: { input: { file: null } } },
        { 0: ['variables.input.picture'] },
        { 0: fileOf(PNG, 'p.png', 'image/png') },
      ),
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.message).toMatch(/map path "variables.input.picture" points at no null variable value/);
  });

  it('refuses a map that names a file the request did not carry with 400', async () => {
    const answer = await postGraphQL(form({ query: UPLOAD, variables: { input: { file: null } } }, { 0: ['variables.input.file'] }, {}));
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.message).toMatch(/map names the file "0", which the request did not carry/);
  });

  it('refuses a file part the map does not name with 400', async () => {
    const answer = await postGraphQL(
      form({ query: UPLOAD, variables: { input: { file: null } } }, {}, { 7: fileOf(PNG, 'p.png', 'image/png') }),
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.message).toMatch(/the file part "7" is not named in map/);
  });

  it('refuses files sent before operations and map with 400', async () => {
    const body = new FormData();
    body.set('0', fileOf(PNG, 'early.png', 'image/png'));
    body.set('operations', JSON.stringify({ query: UPLOAD, variables: { input: { file: null } } }));
    body.set('map', JSON.stringify({ 0: ['variables.input.file'] }));
    const answer = await postGraphQL(body);
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
  });

  it('answers a field error, not a crash, for a file given to a mutation that takes none', async () => {
    const answer = await postGraphQL(
      form(
        {
          query: 'mutation($input: SubmitContactInput!) { submitContact(input: $input) { id } }',
          variables: { input: { name: 'Ada', email: 'ada@example.com', message: null } },
        },
        { 0: ['variables.input.message'] },
        { 0: fileOf(PNG, 'p.png', 'image/png') },
      ),
    );
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses files in a tRPC batch with 400, since a batch body is JSON', async () => {
    const body = new FormData();
    body.set('file', fileOf(PNG, 'batch.png', 'image/png'));
    const response = await gp.anonymousFetch('/trpc/files.upload,files.upload?batch=1', {
      method: 'POST',
      body,
      headers: bearer(user.token),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/A batch cannot carry files/);
  });

  it('refuses files sent to a tRPC query with 404 naming it', async () => {
    const body = new FormData();
    body.set('file', fileOf(PNG, 'query.png', 'image/png'));
    const response = await gp.anonymousFetch('/trpc/files.get', { method: 'POST', body, headers: bearer(user.token) });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
      'files.get is no mutation; files can only be sent to a mutation.',
    );
  });
});
