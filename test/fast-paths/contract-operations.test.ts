import { contract, idempotencyRuleOf, listOperations, type AnyOperation } from '@gatepost/shared';
import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '../helpers/databases';
import { PROTOCOLS, type Protocol } from '../helpers/protocols';
import { mutationFixtures } from '../parity/fixtures';
import { expectSameAnswer, expectSameAnswers, useFastAndOfficial } from './pair';
import { responseData, sendBatch, sendCall } from '../helpers/raw-call';

/**
 * Every mutation of the contract, with every input its parity fixture holds (valid and
 * refused), sent to a gatepost with the fast paths and to one with tRPC's and yoga's own
 * adapters: alone, all together in one batch, twice with an Idempotency-Key, and read back.
 * Both must answer alike (status, body, headers that matter). A mutation added to the
 * contract is covered here as soon as its parity fixture exists.
 */
const operations = listOperations(contract);
const mutations = operations.filter((operation) => operation.kind === 'mutation');
const operationNamed = (name: string): AnyOperation => {
  const operation = operations.find((candidate) => candidate.name === name);
  if (!operation) throw new Error(`no operation ${name}`);
  return operation;
};
const over = (protocol: Protocol) => (protocol === 'trpc' ? 'tRPC' : 'GraphQL');

interface InputCase {
  readonly title: string;
  /** The input, made unique by the side's tag where it must be (a valid one). */
  readonly input: (tag: string) => unknown;
}

/** The fixture's valid input and refused ones; an operation with none is still called once, as is. */
function inputCasesOf(operation: AnyOperation): InputCase[] {
  const fixture = mutationFixtures[operation.name];
  const cases: InputCase[] = [];
  if (fixture?.valid) cases.push({ title: 'a valid input', input: fixture.valid });
  for (const refused of fixture?.invalid ?? []) cases.push({ title: refused.title, input: () => refused.input });
  if (cases.length === 0) cases.push({ title: 'a call with no input fields', input: () => ({}) });
  return cases;
}

/** The id of the (first) record a successful mutation answered with. */
async function createdId(response: Response): Promise<string> {
  const data = await responseData(response);
  const record = (Array.isArray(data) ? data[0] : data) as { id?: unknown } | undefined;
  if (typeof record?.id !== 'string') throw new Error(`no id in ${JSON.stringify(data)}`);
  return record.id;
}

it('has inputs for every mutation in the contract', () => {
  for (const operation of mutations) expect(inputCasesOf(operation).length, operation.name).toBeGreaterThan(0);
});

forEachDatabase((database) => {
  const pair = useFastAndOfficial(database);

  for (const operation of mutations) {
    describe(operation.name, () => {
      const cases = inputCasesOf(operation);
      const fixture = mutationFixtures[operation.name];

      for (const protocol of PROTOCOLS) {
        for (const { title, input } of cases) {
          it(`answers ${title} over ${over(protocol)} alike`, async () => {
            await expectSameAnswer(pair, ({ gp, tag }) => sendCall(gp, protocol, operation, input(tag)));
          });
        }

        it(`answers all its inputs in one ${protocol === 'trpc' ? 'tRPC batch' : 'GraphQL request array'} alike`, async () => {
          await expectSameAnswer(pair, ({ gp, tag }) =>
            sendBatch(
              gp,
              protocol,
              operation,
              cases.map(({ input }) => input(tag)),
            ),
          );
        });
      }

      const { valid, readBack } = fixture ?? {};
      if (!valid) return;
      for (const protocol of PROTOCOLS) {
        it(`answers a valid call sent twice with one Idempotency-Key over ${over(protocol)} alike`, async () => {
          const [first, second] = await expectSameAnswers(pair, async ({ gp, tag }) => {
            const keyed = { headers: { 'idempotency-key': `fast-path-parity-${tag}` } };
            return [await sendCall(gp, protocol, operation, valid(tag), keyed), await sendCall(gp, protocol, operation, valid(tag), keyed)];
          });
          if (idempotencyRuleOf(operation) !== 'none') {
            expect(first?.headers['idempotent-replayed']).toBeNull();
            expect(second?.headers['idempotent-replayed']).toBe('true');
          }
        });

        if (readBack)
          it(`reads a created row back with ${readBack} over ${over(protocol)} alike`, async () => {
            await expectSameAnswer(pair, async ({ gp, tag }) => {
              const id = await createdId(await sendCall(gp, protocol, operation, valid(tag)));
              return sendCall(gp, protocol, operationNamed(readBack), { id });
            });
          });
      }
    });
  }
});
