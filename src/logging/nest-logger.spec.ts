import { Writable } from 'node:stream';
import { createLogger } from './logger';
import { PinoNestLogger } from './nest-logger';

function captured() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { lines, logger: new PinoNestLogger(createLogger('trace', destination)) };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('PinoNestLogger', () => {
  it('writes what Nest logs as JSON lines with its context, at the matching level', async () => {
    const { lines, logger } = captured();
    logger.log('Starting Nest application...', 'NestFactory');
    logger.warn('careful', 'Somewhere');
    logger.debug('detail', 'Somewhere');
    logger.verbose('more detail', 'Somewhere');
    logger.fatal('gone', 'Somewhere');
    await flush();
    expect(lines.map(({ level, context, msg }) => ({ level, context, msg }))).toEqual([
      { level: 30, context: 'NestFactory', msg: 'Starting Nest application...' },
      { level: 40, context: 'Somewhere', msg: 'careful' },
      { level: 20, context: 'Somewhere', msg: 'detail' },
      { level: 10, context: 'Somewhere', msg: 'more detail' },
      { level: 60, context: 'Somewhere', msg: 'gone' },
    ]);
  });

  it('keeps the stack and the context of an error, as Nest passes them', async () => {
    const { lines, logger } = captured();
    logger.error('It broke', 'Error: It broke\n    at somewhere (file.ts:1:1)', 'ExceptionHandler');
    logger.error('Just a message', 'InstanceLoader');
    await flush();
    expect(lines).toEqual([
      expect.objectContaining({ level: 50, context: 'ExceptionHandler', stack: 'Error: It broke\n    at somewhere (file.ts:1:1)', msg: 'It broke' }),
      expect.objectContaining({ level: 50, context: 'InstanceLoader', msg: 'Just a message' }),
    ]);
  });
});
