// In production gatepost does not map its schema for a stranger: no introspection, no
// "Did you mean …?" suggestions, no GraphiQL — on the fast path and through yoga. In development
// all three work. NODE_ENV=production sets the defaults; GRAPHIQL / GRAPHQL_INTROSPECTION override.
import { loadConfig, type AppConfig } from '@gatepost/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/databases';
import { startGatepost, type GatepostUnderTest } from '../helpers/start-gatepost';
import { expectNothingLeaked, postGraphQL } from '../integration/http/wire';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const SCHEMA_INTROSPECTION = '{ __schema { types { name } } }';
const TYPE_INTROSPECTION = '{ __type(name: "Contact") { name } }';
const MISSPELLED_FIELD = `{ contat(id: "${UNKNOWN_ID}") { id } }`;

/** What loadConfig gives for NODE_ENV=production, for the settings this file is about. */
const PRODUCTION: Partial<AppConfig> = { production: true, graphiql: false, graphqlIntrospection: false };

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string }[];
}

async function query(gp: GatepostUnderTest, document: string): Promise<{ status: number; text: string; body: GraphQLBody }> {
  const response = await gp.fetch('/graphql', postGraphQL(document));
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as GraphQLBody };
}

async function graphiqlPage(gp: GatepostUnderTest): Promise<{ status: number; contentType: string | null; text: string }> {
  const response = await gp.fetch('/graphql', { headers: { accept: 'text/html' } });
  return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
}

describe('loadConfig', () => {
  it('turns GraphiQL and introspection off for NODE_ENV=production', () => {
    const config = loadConfig({ NODE_ENV: 'production' });
    expect({ production: config.production, graphiql: config.graphiql, introspection: config.graphqlIntrospection }).toEqual({
      production: true,
      graphiql: false,
      introspection: false,
    });
  });

  it('leaves GraphiQL and introspection on in development', () => {
    const config = loadConfig({});
    expect({ production: config.production, graphiql: config.graphiql, introspection: config.graphqlIntrospection }).toEqual({
      production: false,
      graphiql: true,
      introspection: true,
    });
  });

  it('serves GraphiQL in production when GRAPHIQL=true', () => {
    const config = loadConfig({ NODE_ENV: 'production', GRAPHIQL: 'true' });
    expect({ graphiql: config.graphiql, introspection: config.graphqlIntrospection }).toEqual({ graphiql: true, introspection: false });
  });

  it('answers introspection in production when GRAPHQL_INTROSPECTION=true', () => {
    const config = loadConfig({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' });
    expect({ graphiql: config.graphiql, introspection: config.graphqlIntrospection }).toEqual({ graphiql: false, introspection: true });
  });

  it('turns GraphiQL and introspection off in development when both are set to false', () => {
    const config = loadConfig({ GRAPHIQL: 'false', GRAPHQL_INTROSPECTION: 'false' });
    expect({ graphiql: config.graphiql, introspection: config.graphqlIntrospection }).toEqual({ graphiql: false, introspection: false });
  });
});

const database = useTestDatabase('embedded');

describe.each([
  { path: 'the fast path', fastPaths: true },
  { path: 'yoga (fastPaths: false)', fastPaths: false },
])('in production, through $path', ({ fastPaths }) => {
  let gp: GatepostUnderTest;
  beforeAll(async () => {
    gp = await startGatepost({ database: database.current, config: { ...PRODUCTION, fastPaths } });
  });
  afterAll(async () => {
    await gp.close();
  });

  it.each([
    ['__schema', SCHEMA_INTROSPECTION],
    ['__type', TYPE_INTROSPECTION],
  ])('refuses a %s introspection query with 400 and no data', async (_field, document) => {
    const answer = await query(gp, document);
    expect(answer.status).toBe(400);
    expect(answer.body.data ?? undefined).toBeUndefined();
  });

  it.each([
    ['__schema', SCHEMA_INTROSPECTION],
    ['__type', TYPE_INTROSPECTION],
  ])('says that introspection is disabled when refusing %s', async (_field, document) => {
    const answer = await query(gp, document);
    expect(answer.body.errors?.[0]?.message).toMatch(/introspection/i);
    expectNothingLeaked(answer.text);
  });

  it('does not reveal the Contact type through a refused introspection query', async () => {
    const answer = await query(gp, SCHEMA_INTROSPECTION);
    expect(answer.text).not.toContain('SubmitContactInput');
  });

  it('refuses a misspelled field without suggesting the right name', async () => {
    const answer = await query(gp, MISSPELLED_FIELD);
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.message).toMatch(/Cannot query field "contat"/);
    expect(answer.text).not.toMatch(/Did you mean/i);
    expect(answer.text).not.toContain('"contact"');
  });

  it('still runs an ordinary query', async () => {
    const answer = await query(gp, `{ contact(id: "${UNKNOWN_ID}") { id } }`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: { contact: null } });
  });

  it('does not serve the GraphiQL page to a browser', async () => {
    const page = await graphiqlPage(gp);
    expect(page.contentType ?? '').not.toMatch(/^text\/html/);
    expect(page.text).not.toContain('gatepost GraphiQL');
    expect(page.status).toBeLessThan(500);
  });

  it('does not serve the printed schema at /schema.graphql either', async () => {
    const response = await gp.fetch('/schema.graphql');
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('SubmitContactInput');
  });
});

describe.each([
  { path: 'the fast path', fastPaths: true },
  { path: 'yoga (fastPaths: false)', fastPaths: false },
])('with the development defaults, through $path', ({ fastPaths }) => {
  let gp: GatepostUnderTest;
  beforeAll(async () => {
    gp = await startGatepost({ database: database.current, config: { fastPaths } });
  });
  afterAll(async () => {
    await gp.close();
  });

  it('answers a __schema introspection query listing the Contact type', async () => {
    const answer = await query(gp, SCHEMA_INTROSPECTION);
    expect(answer.status).toBe(200);
    const types = (answer.body.data?.__schema as { types: { name: string }[] } | undefined)?.types ?? [];
    expect(types.map((type) => type.name)).toContain('Contact');
  });

  it('answers a __type introspection query', async () => {
    const answer = await query(gp, TYPE_INTROSPECTION);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: { __type: { name: 'Contact' } } });
  });

  it('suggests the right name for a misspelled field', async () => {
    const answer = await query(gp, MISSPELLED_FIELD);
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.message).toMatch(/Did you mean "contact"/);
  });

  it('serves the GraphiQL page to a browser', async () => {
    const page = await graphiqlPage(gp);
    expect(page.status).toBe(200);
    expect(page.contentType).toMatch(/^text\/html/);
    expect(page.text).toContain('gatepost GraphiQL');
  });
});

describe('GRAPHQL_INTROSPECTION=true in production, through the server', () => {
  let gp: GatepostUnderTest;
  beforeAll(async () => {
    const config = loadConfig({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' });
    gp = await startGatepost({
      database: database.current,
      config: { production: config.production, graphiql: config.graphiql, graphqlIntrospection: config.graphqlIntrospection },
    });
  });
  afterAll(async () => {
    await gp.close();
  });

  it('answers introspection again', async () => {
    const answer = await query(gp, TYPE_INTROSPECTION);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: { __type: { name: 'Contact' } } });
  });

  it('still does not serve GraphiQL', async () => {
    expect((await graphiqlPage(gp)).text).not.toContain('gatepost GraphiQL');
  });

  it('serves the printed schema at /schema.graphql again', async () => {
    const response = await gp.fetch('/schema.graphql');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('input SubmitContactInput');
  });
});
