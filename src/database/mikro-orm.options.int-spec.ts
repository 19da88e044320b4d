import { ApiExceptionFilter } from '../../libs/bounce-handling/src';
import { TcpProxy } from '../../test/support/tcp-proxy';
import { openTestOrm, type TestOrm } from '../../test/support/test-orm';

describe("MikroORM's connections, when the database stalls (accepts, answers nothing) (integration)", () => {
  let proxy: TcpProxy;
  let db: TestOrm;

  beforeAll(async () => {
    const server = new URL(process.env.TEST_DATABASE_ADMIN_URL!);
    proxy = await TcpProxy.open(server.hostname, Number(server.port));
    db = await openTestOrm({ poolSize: 1, port: proxy.port, timeouts: { acquireMs: 1_000, connectMs: 1_000, statementMs: 300 } });
  });

  afterAll(async () => {
    proxy.release();
    await db.close();
    await proxy.stop();
  });

  /** What the API answers the failure of `work` with. */
  const answerTo = async (work: Promise<unknown>) => {
    const error = await work.then(
      () => null,
      (failure: unknown) => failure,
    );
    expect(error).not.toBeNull();
    return new ApiExceptionFilter().describe(error).body.error.code;
  };

  const pid = async () => Number((await db.sql<{ pid: number }>('select pg_backend_pid() as pid'))[0]!.pid);

  it('fails a statement that gets no answer (503), and never lends its connection again, even once the database answers it late', async () => {
    const before = await pid();
    proxy.hold();
    try {
      expect(await answerTo(db.sql('select 1'))).toBe('SERVICE_UNAVAILABLE');
    } finally {
      proxy.release();
    }
    expect(await pid()).not.toBe(before);
  });

  it('fails a transaction whose statement gets no answer (503), and never lends its connection again', async () => {
    const before = await pid();
    proxy.hold();
    try {
      expect(await answerTo(db.orm.em.fork().transactional((em) => em.execute('select 1')))).toBe('SERVICE_UNAVAILABLE');
    } finally {
      proxy.release();
    }
    expect(await pid()).not.toBe(before);
  });

  it('fails a statement the server cancels at the statement timeout (503), and keeps the connection', async () => {
    const before = await pid();
    expect(await answerTo(db.sql('select pg_sleep(1)'))).toBe('SERVICE_UNAVAILABLE');
    expect(await pid()).toBe(before);
  });
});
