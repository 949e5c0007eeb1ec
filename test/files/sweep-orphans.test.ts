// The sweeper removes stored files that no row names (a crash between storing and answering), once they are old enough.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { expect, it } from 'vitest';
import { ORPHAN_AGE_MS, sweepOrphans } from '../../server/src/files/sweep-orphans';
import { forEachDatabase } from '../helpers/databases';
import { forEachStorage } from '../helpers/storages';
import { storedKeys } from './upload-helpers';
import { tables } from '@gatepost/db';

forEachDatabase((database) => {
  forEachStorage((storage) => {
    async function storeWithRow(withRow: boolean): Promise<string> {
      const key = randomUUID();
      await storage.current.write(key, Readable.from([Buffer.from(key)]));
      if (withRow) {
        await database.current.handle.db
          .insert(tables.files)
          .values({ id: key, name: 'kept.txt', mediaType: 'text/plain', sizeBytes: 36, sha256: 'a'.repeat(64) });
      }
      return key;
    }

    it('keeps an object no row names while it is younger than an hour: its call may still be running', async () => {
      const young = await storeWithRow(false);
      await sweepOrphans(database.current.handle.db, storage.current);
      expect(await storedKeys(storage.current)).toContain(young);
    });

    it('removes an object no row names once it is an hour old, and keeps the ones rows name', async () => {
      const orphan = await storeWithRow(false);
      const saved = await storeWithRow(true);
      const anHourLater = Date.now() + ORPHAN_AGE_MS + 1000;
      await sweepOrphans(database.current.handle.db, storage.current, anHourLater);
      const left = await storedKeys(storage.current);
      expect(left).toContain(saved);
      expect(left).not.toContain(orphan);
    });
  });
});
