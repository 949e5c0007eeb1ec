// Raw keep-alive clients sending back to back to a gatepost process (GET /healthz, no pause between
// a response and the next request) while it receives SIGTERM: each request gets a whole answer —
// its 200, or the catalog's 503 with Retry-After and Connection: close — and then each client's
// new connection is refused. None is reset (server/src/http/idle-connections-at-close.ts).
import { describe, expect, it } from 'vitest';
import { rawGet, startKeepAliveLoop, type Answer, type LoopCounts } from '../integration/http/keep-alive-clients';
import { useFaultDatabase } from './fault-database';
import { startGatepostProcess } from './gatepost-process';

const ROUNDS = 3;
const CLIENTS = 16;
const LOAD_MS = 500;

describe('SIGTERM to a gatepost process while keep-alive clients send without pause', () => {
  const database = useFaultDatabase();

  it('answers every request, the last of each client 503 with Retry-After and Connection: close, and resets none', async () => {
    const rounds: LoopCounts[] = [];
    const exits: (number | string)[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const gatepost = await startGatepostProcess({ databaseUrl: database.current.url, env: { SHUTDOWN_TIMEOUT_MS: '3000' } });
      const loop = startKeepAliveLoop({ port: gatepost.port, clients: CLIENTS, request: rawGet('/healthz') });
      await loop.allAnswered;
      await new Promise((resolve) => setTimeout(resolve, LOAD_MS));
      gatepost.child.kill('SIGTERM');
      exits.push(await gatepost.exited);
      rounds.push(await loop.finished);
    }
    const answers = rounds.flatMap((round) => round.answers);
    const failures = rounds.flatMap((round) => round.failures);
    console.log(
      `[faults] SIGTERM, keep-alive clients: ${ROUNDS} processes × ${CLIENTS} clients, ${answers.length} answers ` +
        `(${answers.filter((answer) => answer.status === 503).length} of them 503), ` +
        `${rounds.reduce((sum, round) => sum + round.refused, 0)} connections refused, ${failures.length} reset or unanswered ` +
        `${JSON.stringify(failures.map((failure) => failure.kind))}; exit codes ${JSON.stringify(exits)}`,
    );

    expect(failures).toEqual([]);
    for (const round of rounds) {
      const last = new Map<number, Answer>(round.answers.map((answer) => [answer.client, answer]));
      expect([...last.values()]).toEqual(
        Array.from({ length: CLIENTS }, () => expect.objectContaining({ status: 503, retryAfter: true, connectionClose: true })),
      );
      expect(round.refused).toBe(CLIENTS);
    }
    expect(exits).toEqual(rounds.map(() => 0));
  });
});
