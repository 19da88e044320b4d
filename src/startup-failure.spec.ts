import { ConfigurationError } from './config/app-config';
import { DatabaseUnavailableError } from './database/database-preflight';
import { EmbeddedDatabaseInUseError, EmbeddedDatabaseStartError } from './database/embedded-postgres';
import { MigrationFailedError, startupFailureMessage } from './startup-failure';

const errno = (code: string) => Object.assign(new Error(`listen ${code}: address already in use :::3000`), { code });

describe('startupFailureMessage', () => {
  it.each([
    [
      new ConfigurationError(['PORT must be an integer from 0 to 65535, got "x"', 'LOG_LEVEL must be one of …']),
      'Could not start: invalid configuration: PORT must be an integer from 0 to 65535, got "x"; LOG_LEVEL must be one of …. Fix the variables named.',
    ],
    [errno('EADDRINUSE'), 'Could not start: port 3000 is already in use. Stop the process listening on it, or set PORT to a free port.'],
    [errno('EACCES'), 'Could not start: not allowed to listen on port 3000. Use a port above 1023 (PORT), or give the process the right to bind it.'],
    [
      new DatabaseUnavailableError('database "mailpas" does not exist on db:5432; create it, or set DATABASE_CREATE=true to have it created at start'),
      'Could not start: database "mailpas" does not exist on db:5432; create it, or set DATABASE_CREATE=true to have it created at start',
    ],
    [
      new EmbeddedDatabaseStartError('the embedded PostgreSQL in /data/postgres did not start (…)'),
      'Could not start: the embedded PostgreSQL in /data/postgres did not start (…)',
    ],
    [
      new MigrationFailedError(new Error('create table "subscribers" …\n - relation "subscribers" already exists')),
      expect.stringMatching(
        /^Could not start: a database migration failed \(create table "subscribers" … - relation "subscribers" already exists\)\. None of the pending migrations was applied; fix the cause/,
      ),
    ],
    [new Error('something\nunexpected'), 'Could not start: something unexpected. The log above has the details.'],
  ])('says what failed and what to do, on one line, for %p', (error, expected) => {
    const message = startupFailureMessage(error, 3000);
    expect(message).toEqual(expected);
    expect(message).not.toContain('\n');
  });

  it('names the process and the port that hold the embedded database', () => {
    const message = startupFailureMessage(
      new EmbeddedDatabaseInUseError('/srv/mailpass/.data', { pid: 4242, processStart: '1', postgresPort: 45123, httpPort: 3000 }),
      3001,
    );
    expect(message).toBe(
      'Could not start: DATA_DIR /srv/mailpass/.data is in use: its embedded PostgreSQL (127.0.0.1:45123) belongs to process 4242, which serves HTTP on port 3000. ' +
        'Stop that process first, or start this one with another DATA_DIR, or with a DATABASE_URL.',
    );
  });
});
