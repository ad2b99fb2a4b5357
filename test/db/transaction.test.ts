import { expect } from 'chai';
import { runInTransaction } from '../../src/db/transaction.js';
import { newId } from '../../src/model/columns.js';
import { AuditEvent } from '../../src/model/index.js';
import { testDataSource } from '../support/database.js';

const event = (action: string) => ({
  id: newId(),
  schoolId: null,
  actorId: null,
  action,
  subjectKind: 'test',
  subjectId: null,
  detailJson: '{}',
  at: new Date('2026-11-20T09:00:00Z'),
});

describe('transactions', () => {
  it('run side by side without colliding, on either engine', async () => {
    const tag = `concurrent-${newId()}`;
    await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        runInTransaction(testDataSource(), async (manager) => {
          await manager.insert(AuditEvent, event(tag));
          await new Promise((resolve) => setTimeout(resolve, 5 * (index % 3)));
          await manager.insert(AuditEvent, event(tag));
        }),
      ),
    );
    expect(await testDataSource().getRepository(AuditEvent).countBy({ action: tag })).to.equal(16);
  });

  it('keep nothing of a transaction that fails, and let the next one run', async () => {
    const tag = `rolled-back-${newId()}`;
    const failing = runInTransaction(testDataSource(), async (manager) => {
      await manager.insert(AuditEvent, event(tag));
      throw new Error('halfway');
    });
    const next = runInTransaction(testDataSource(), (manager) => manager.insert(AuditEvent, event(`${tag}-next`)));
    let message = '';
    try {
      await failing;
    } catch (error) {
      message = (error as Error).message;
    }
    await next;
    expect(message).to.equal('halfway');
    expect(await testDataSource().getRepository(AuditEvent).countBy({ action: tag })).to.equal(0);
    expect(await testDataSource().getRepository(AuditEvent).countBy({ action: `${tag}-next` })).to.equal(1);
  });
});

describe('transactions on the shared SQLite connection', () => {
  it('keep other requests’ statements out of an open transaction: they survive its rollback and never see its rows', async () => {
    const tag = `isolation-${newId()}`;
    let releaseFailing!: () => void;
    const paused = new Promise<void>((resolve) => (releaseFailing = resolve));
    let markOpen!: () => void;
    const open = new Promise<void>((resolve) => (markOpen = resolve));
    const failing = runInTransaction(testDataSource(), async (manager) => {
      await manager.insert(AuditEvent, event(`${tag}-uncommitted`));
      markOpen();
      await paused;
      throw new Error('rolled back');
    }).catch((error: Error) => error.message);
    await open;

    // Another request, meanwhile: a plain write and a read, outside any transaction.
    const outsideWrite = testDataSource().getRepository(AuditEvent).insert(event(`${tag}-outside`));
    const outsideRead = testDataSource().getRepository(AuditEvent).countBy({ action: `${tag}-uncommitted` });
    await new Promise((resolve) => setTimeout(resolve, 20));
    releaseFailing();

    expect(await failing).to.equal('rolled back');
    await outsideWrite;
    expect(await outsideRead, 'a read outside the transaction saw its uncommitted row').to.equal(0);
    expect(await testDataSource().getRepository(AuditEvent).countBy({ action: `${tag}-outside` })).to.equal(1);
    expect(await testDataSource().getRepository(AuditEvent).countBy({ action: `${tag}-uncommitted` })).to.equal(0);
  });

  it('let a transaction started inside another one join it instead of waiting for itself', async () => {
    const tag = `nested-${newId()}`;
    await runInTransaction(testDataSource(), async (outer) => {
      await outer.insert(AuditEvent, event(tag));
      await runInTransaction(testDataSource(), (inner) => inner.insert(AuditEvent, event(tag)));
    });
    expect(await testDataSource().getRepository(AuditEvent).countBy({ action: tag })).to.equal(2);
  });
});
