import { parseCliArguments, USAGE, UsageError } from './cli-arguments';

describe('parseCliArguments', () => {
  it.each([
    [['api-key', 'create', '--name', 'ci', '--permissions', 'subscribers'], { kind: 'api-key create', name: 'ci', permissions: ['subscribers'] }],
    [
      ['api-key', 'create', '--permissions', ' subscribers , campaigns ', '--name', 'two words'],
      { kind: 'api-key create', name: 'two words', permissions: ['subscribers', 'campaigns'] },
    ],
    [['api-key', 'create', '--name=ci', '--permissions=subscribers,'], { kind: 'api-key create', name: 'ci', permissions: ['subscribers'] }],
    [['api-key', 'list'], { kind: 'api-key list' }],
    [['api-key', 'revoke', '42'], { kind: 'api-key revoke', id: 42 }],
    [['migrate'], { kind: 'migrate' }],
    [['help'], { kind: 'help' }],
    [['api-key', 'create', '--help'], { kind: 'help' }],
    [['-h'], { kind: 'help' }],
  ])('reads %j', (argv, expected) => {
    expect(parseCliArguments(argv)).toEqual(expected);
  });

  it('leaves unknown permission names to the use case, which knows them', () => {
    expect(parseCliArguments(['api-key', 'create', '--name', 'ci', '--permissions', 'admin'])).toMatchObject({ permissions: ['admin'] });
  });

  it.each([
    [[], 'A command is required'],
    [['launch'], 'Unknown command "launch"'],
    [['api-key'], 'api-key needs a subcommand'],
    [['api-key', 'delete', '1'], 'Unknown api-key subcommand "delete"'],
    [['api-key', 'create', '--permissions', 'subscribers'], 'needs --name'],
    [['api-key', 'create', '--name', 'ci'], 'needs --permissions'],
    [['api-key', 'create', '--name'], "'--name <value>' argument missing"],
    [['api-key', 'create', '--name', 'ci', '--permissions', 'subscribers', '--admin'], "Unknown option '--admin'"],
    [['api-key', 'create', '--name', 'ci', '--permissions', 'subscribers', 'extra'], 'unexpected argument "extra"'],
    [['api-key', 'list', '--name', 'ci'], 'api-key list does not take --name'],
    [['api-key', 'revoke'], 'needs the ID'],
    [['api-key', 'revoke', 'abc'], 'positive integer, got "abc"'],
    [['api-key', 'revoke', '0'], 'positive integer, got "0"'],
    [['api-key', 'revoke', '-3'], "Unknown option '-3'"],
    [['api-key', 'revoke', '1.5'], 'positive integer, got "1.5"'],
    [['api-key', 'revoke', '99999999999999999999'], 'positive integer'],
    [['api-key', 'revoke', '1', '2'], 'unexpected argument "2"'],
    [['migrate', '--name', 'x'], 'migrate does not take --name'],
  ])('refuses %j as a usage error: %s', (argv, message) => {
    expect(() => parseCliArguments(argv)).toThrow(UsageError);
    expect(() => parseCliArguments(argv)).toThrow(message);
  });

  it('documents every command and the permissions in its usage text', () => {
    for (const text of [
      'api-key create --name NAME --permissions',
      'api-key list',
      'api-key revoke ID',
      'migrate',
      'subscribers, campaigns',
      'DATABASE_URL',
      'DATA_DIR',
    ]) {
      expect(USAGE).toContain(text);
    }
  });
});
