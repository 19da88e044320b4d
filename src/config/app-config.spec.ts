import { generateKeyPairSync } from 'node:crypto';
import * as path from 'node:path';
import { ConfigurationError, loadAppConfig } from './app-config';

const sendgridPem = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ format: 'pem', type: 'spki' }).toString();

describe('loadAppConfig', () => {
  it('defaults to port 3000, the embedded database under ./.data and a threshold of 3', () => {
    expect(loadAppConfig({})).toEqual({
      port: 3000,
      databaseUrl: null,
      dataDir: path.resolve('./.data'),
      bootstrapApiKey: null,
      softBounceThreshold: 3,
      webhooks: { ses: {}, mailgun: {}, sendgrid: {}, postmark: {}, sparkpost: {}, mailjet: {}, brevo: {}, resend: {} },
      logLevel: 'info',
      corsOrigins: [],
      apiRateLimitPerMinute: 600,
      databaseCreate: false,
      databaseTimeouts: { acquireMs: 5000, connectMs: 3000, statementMs: 10000 },
      trustProxy: false,
      senderBlocksSuppress: false,
      softBounceWindowDays: null,
      softSuppressionExpiryDays: null,
      inboundVerpPrefix: null,
      inboundImapUrl: null,
      inboundImapPollSeconds: 60,
      outboundWebhooksAllowInsecure: false,
      outboundWebhooksWorker: true,
      metricsEnabled: true,
      redisUrl: null,
      retentionMonths: null,
      rawReportRetentionDays: null,
    });
  });

  it('reads every variable of the configuration contract', () => {
    expect(
      loadAppConfig({
        PORT: '8080',
        DATABASE_URL: 'postgres://u:p@db:5432/mailpass',
        DATA_DIR: '/var/lib/mailpass',
        BOOTSTRAP_API_KEY: 'a-bootstrap-key-of-some-length',
        SOFT_BOUNCE_THRESHOLD: '5',
        SES_TOPIC_ARNS: 'arn:aws:sns:eu-west-1:123456789012:ses-bounces, arn:aws:sns:us-east-1:123456789012:other',
        SNS_CERTIFICATES_DIR: '/etc/mailpass/sns',
        MAILGUN_WEBHOOK_SIGNING_KEY: 'key-abc',
        SENDGRID_WEBHOOK_PUBLIC_KEY: sendgridPem.trim().replace(/\n/g, '\\n'),
        POSTMARK_WEBHOOK_BASIC_AUTH: 'postmark:first, postmark:second',
        SPARKPOST_WEBHOOK_BASIC_AUTH: 'sparkpost:secret',
        MAILJET_WEBHOOK_BASIC_AUTH: 'mailjet:secret',
        BREVO_WEBHOOK_BASIC_AUTH: 'brevo:secret',
        RESEND_WEBHOOK_SECRET: 'whsec_c2VjcmV0LW9mLXJlc2VuZA==',
        LOG_LEVEL: 'warn',
        CORS_ORIGINS: 'https://app.mailpass.example, http://localhost:5173',
        API_RATE_LIMIT_PER_MINUTE: '120',
        DATABASE_CREATE: 'true',
        DATABASE_ACQUIRE_TIMEOUT_MS: '2000',
        DATABASE_CONNECT_TIMEOUT_MS: '1500',
        DATABASE_STATEMENT_TIMEOUT_MS: '60000',
        TRUST_PROXY: '1',
        SENDER_BLOCKS_SUPPRESS: 'true',
        SOFT_BOUNCE_WINDOW_DAYS: '30',
        SOFT_SUPPRESSION_EXPIRY_DAYS: '90',
        INBOUND_VERP_PREFIX: 'bounces',
        INBOUND_IMAP_URL: 'imaps://bounces%40mail.example.net:s3cret@imap.example.net/Bounces',
        INBOUND_IMAP_POLL_SECONDS: '30',
        OUTBOUND_WEBHOOKS_ALLOW_INSECURE: 'true',
        OUTBOUND_WEBHOOKS_WORKER: 'false',
        METRICS_ENABLED: 'false',
        REDIS_URL: 'redis://:s3cret@cache.internal:6380/2',
        RETENTION_MONTHS: '24',
        RAW_REPORT_RETENTION_DAYS: '90',
      }),
    ).toEqual({
      port: 8080,
      databaseUrl: 'postgres://u:p@db:5432/mailpass',
      dataDir: '/var/lib/mailpass',
      bootstrapApiKey: 'a-bootstrap-key-of-some-length',
      softBounceThreshold: 5,
      webhooks: {
        ses: {
          topicArns: ['arn:aws:sns:eu-west-1:123456789012:ses-bounces', 'arn:aws:sns:us-east-1:123456789012:other'],
          certificatesDir: '/etc/mailpass/sns',
        },
        mailgun: { signingKey: 'key-abc' },
        sendgrid: { publicKey: sendgridPem.trim() },
        postmark: { credentials: ['postmark:first', 'postmark:second'] },
        sparkpost: { credentials: ['sparkpost:secret'] },
        mailjet: { credentials: ['mailjet:secret'] },
        brevo: { credentials: ['brevo:secret'] },
        resend: { signingSecret: 'whsec_c2VjcmV0LW9mLXJlc2VuZA==' },
      },
      logLevel: 'warn',
      corsOrigins: ['https://app.mailpass.example', 'http://localhost:5173'],
      apiRateLimitPerMinute: 120,
      databaseCreate: true,
      databaseTimeouts: { acquireMs: 2000, connectMs: 1500, statementMs: 60000 },
      trustProxy: 1,
      senderBlocksSuppress: true,
      softBounceWindowDays: 30,
      softSuppressionExpiryDays: 90,
      inboundVerpPrefix: 'bounces',
      inboundImapUrl: 'imaps://bounces%40mail.example.net:s3cret@imap.example.net/Bounces',
      inboundImapPollSeconds: 30,
      outboundWebhooksAllowInsecure: true,
      outboundWebhooksWorker: false,
      metricsEnabled: false,
      redisUrl: 'redis://:s3cret@cache.internal:6380/2',
      retentionMonths: 24,
      rawReportRetentionDays: 90,
    });
  });

  it('keeps every bounce and raw report when RETENTION_MONTHS and RAW_REPORT_RETENTION_DAYS are unset or empty, and reads their bounds', () => {
    expect(loadAppConfig({})).toMatchObject({ retentionMonths: null, rawReportRetentionDays: null });
    expect(loadAppConfig({ RETENTION_MONTHS: ' ', RAW_REPORT_RETENTION_DAYS: '' })).toMatchObject({ retentionMonths: null, rawReportRetentionDays: null });
    expect(loadAppConfig({ RETENTION_MONTHS: '1', RAW_REPORT_RETENTION_DAYS: '1' })).toMatchObject({ retentionMonths: 1, rawReportRetentionDays: 1 });
    expect(loadAppConfig({ RETENTION_MONTHS: '600', RAW_REPORT_RETENTION_DAYS: '3650' })).toMatchObject({ retentionMonths: 600, rawReportRetentionDays: 3650 });
  });

  it.each([
    ['', true],
    ['true', true],
    ['0', false],
    ['FALSE', false],
  ])('reads METRICS_ENABLED=%p as %p (on unless turned off)', (value, expected) => {
    expect(loadAppConfig({ METRICS_ENABLED: value }).metricsEnabled).toBe(expected);
  });

  it('treats empty values as unset', () => {
    expect(loadAppConfig({ DATABASE_URL: '', BOOTSTRAP_API_KEY: '  ' })).toMatchObject({ databaseUrl: null, bootstrapApiKey: null });
  });

  it('turns the API rate limit off with API_RATE_LIMIT_PER_MINUTE=0', () => {
    expect(loadAppConfig({ API_RATE_LIMIT_PER_MINUTE: '0' }).apiRateLimitPerMinute).toBe(0);
  });

  it.each([
    ['2', 2],
    ['0', false],
    ['10.0.0.1', ['10.0.0.1']],
    [' loopback , 10.0.0.0/8, fd00::/8 ', ['loopback', '10.0.0.0/8', 'fd00::/8']],
    ['uniquelocal,linklocal', ['uniquelocal', 'linklocal']],
  ])("reads TRUST_PROXY=%p as %p (hops to trust, or the proxies' addresses)", (value, expected) => {
    expect(loadAppConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it.each([
    ['false', false],
    ['true', true],
    ['FALSE', false],
    ['1', true],
    ['0', false],
  ])('reads DATABASE_CREATE=%p as %p', (value, expected) => {
    expect(loadAppConfig({ DATABASE_CREATE: value }).databaseCreate).toBe(expected);
  });

  it('reads the bounds of the database timeouts: from 100 ms to 10 minutes (statements: an hour)', () => {
    expect(
      loadAppConfig({ DATABASE_ACQUIRE_TIMEOUT_MS: '100', DATABASE_CONNECT_TIMEOUT_MS: '600000', DATABASE_STATEMENT_TIMEOUT_MS: '3600000' }).databaseTimeouts,
    ).toEqual({
      acquireMs: 100,
      connectMs: 600_000,
      statementMs: 3_600_000,
    });
  });

  it.each([
    ['false', false],
    ['true', true],
    ['True', true],
    ['1', true],
    ['0', false],
    ['', false],
  ])('reads SENDER_BLOCKS_SUPPRESS=%p as %p', (value, expected) => {
    expect(loadAppConfig({ SENDER_BLOCKS_SUPPRESS: value }).senderBlocksSuppress).toBe(expected);
  });

  it('leaves the soft-bounce window and the expiry of soft suppressions off when empty, and reads the bounds 1 and 3650', () => {
    expect(loadAppConfig({ SOFT_BOUNCE_WINDOW_DAYS: ' ', SOFT_SUPPRESSION_EXPIRY_DAYS: '' })).toMatchObject({
      softBounceWindowDays: null,
      softSuppressionExpiryDays: null,
    });
    expect(loadAppConfig({ SOFT_BOUNCE_WINDOW_DAYS: '1', SOFT_SUPPRESSION_EXPIRY_DAYS: '3650' })).toMatchObject({
      softBounceWindowDays: 1,
      softSuppressionExpiryDays: 3650,
    });
  });

  it('keeps each process on its own state without REDIS_URL (unset or empty), and reads rediss:// for TLS', () => {
    expect(loadAppConfig({ REDIS_URL: ' ' }).redisUrl).toBeNull();
    expect(loadAppConfig({ REDIS_URL: ' rediss://default:pw@cache.example.net ' }).redisUrl).toBe('rediss://default:pw@cache.example.net');
  });

  it('refuses a REDIS_URL that is not one, saying what it should be and never repeating its password', () => {
    const refusal = () => loadAppConfig({ REDIS_URL: 'http://user:hunter2@cache.internal:6379' });
    expect(refusal).toThrow(new ConfigurationError(['REDIS_URL must start with redis:// or rediss://, got http://']));
    expect(refusal).toThrow(expect.objectContaining({ message: expect.not.stringContaining('hunter2') }));
  });

  it.each([
    [{ REDIS_URL: 'cache.internal:6379' }, 'REDIS_URL must start with redis:// or rediss://'],
    [{ REDIS_URL: 'redis://cache.internal/sessions' }, 'REDIS_URL must end with a database number'],
    [{ SENDER_BLOCKS_SUPPRESS: 'yes' }, 'SENDER_BLOCKS_SUPPRESS must be true or false, got "yes"'],
    [{ INBOUND_VERP_PREFIX: 'bounces+' }, 'INBOUND_VERP_PREFIX must be 1 to 40 letters, digits'],
    [{ INBOUND_VERP_PREFIX: 'a@b' }, 'INBOUND_VERP_PREFIX'],
    [{ INBOUND_IMAP_URL: 'https://imap.example.net/' }, 'INBOUND_IMAP_URL'],
    [{ INBOUND_IMAP_POLL_SECONDS: '0' }, 'INBOUND_IMAP_POLL_SECONDS'],
    [{ SOFT_BOUNCE_WINDOW_DAYS: '0' }, 'SOFT_BOUNCE_WINDOW_DAYS must be an integer from 1 to 3650 (days; unset: off), got "0"'],
    [{ RETENTION_MONTHS: '0' }, 'RETENTION_MONTHS must be an integer from 1 to 600 (months; unset: keep every bounce), got "0"'],
    [{ RETENTION_MONTHS: '601' }, 'RETENTION_MONTHS'],
    [{ RETENTION_MONTHS: '12m' }, 'RETENTION_MONTHS'],
    [{ RAW_REPORT_RETENTION_DAYS: '0' }, 'RAW_REPORT_RETENTION_DAYS must be an integer from 1 to 3650 (days; unset: off), got "0"'],
    [{ RAW_REPORT_RETENTION_DAYS: '-5' }, 'RAW_REPORT_RETENTION_DAYS'],
    [{ SOFT_BOUNCE_WINDOW_DAYS: '7d' }, 'SOFT_BOUNCE_WINDOW_DAYS'],
    [{ SOFT_BOUNCE_WINDOW_DAYS: '3651' }, 'SOFT_BOUNCE_WINDOW_DAYS'],
    [{ SOFT_SUPPRESSION_EXPIRY_DAYS: '-30' }, 'SOFT_SUPPRESSION_EXPIRY_DAYS must be an integer from 1 to 3650 (days; unset: off), got "-30"'],
    [{ SOFT_SUPPRESSION_EXPIRY_DAYS: '1.5' }, 'SOFT_SUPPRESSION_EXPIRY_DAYS'],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: 'proxy.example.com' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '-1' }, 'TRUST_PROXY'],
    [{ DATABASE_CREATE: 'yes please' }, 'DATABASE_CREATE'],
    [{ DATABASE_STATEMENT_TIMEOUT_MS: '0' }, 'DATABASE_STATEMENT_TIMEOUT_MS must be an integer from 100 to 3600000, got "0"'],
    [{ DATABASE_STATEMENT_TIMEOUT_MS: '10s' }, 'DATABASE_STATEMENT_TIMEOUT_MS'],
    [{ DATABASE_STATEMENT_TIMEOUT_MS: '3600001' }, 'DATABASE_STATEMENT_TIMEOUT_MS'],
    [{ DATABASE_ACQUIRE_TIMEOUT_MS: '99' }, 'DATABASE_ACQUIRE_TIMEOUT_MS'],
    [{ DATABASE_ACQUIRE_TIMEOUT_MS: '600001' }, 'DATABASE_ACQUIRE_TIMEOUT_MS'],
    [{ DATABASE_CONNECT_TIMEOUT_MS: '-1' }, 'DATABASE_CONNECT_TIMEOUT_MS'],
    [{ DATABASE_CONNECT_TIMEOUT_MS: '600001' }, 'DATABASE_CONNECT_TIMEOUT_MS'],
    [{ METRICS_ENABLED: 'public' }, 'METRICS_ENABLED must be true or false'],
    [{ API_RATE_LIMIT_PER_MINUTE: '-1' }, 'API_RATE_LIMIT_PER_MINUTE'],
    [{ API_RATE_LIMIT_PER_MINUTE: 'many' }, 'API_RATE_LIMIT_PER_MINUTE'],
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ SOFT_BOUNCE_THRESHOLD: '0' }, 'SOFT_BOUNCE_THRESHOLD'],
    [{ SOFT_BOUNCE_THRESHOLD: '2.5' }, 'SOFT_BOUNCE_THRESHOLD'],
    [{ DATABASE_URL: 'mysql://localhost/x' }, 'DATABASE_URL'],
    [{ BOOTSTRAP_API_KEY: 'short' }, 'BOOTSTRAP_API_KEY'],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL'],
    [{ SENDGRID_WEBHOOK_PUBLIC_KEY: 'MFkw-not-a-key' }, 'SENDGRID_WEBHOOK_PUBLIC_KEY'],
    [{ CORS_ORIGINS: 'app.mailpass.example' }, 'CORS_ORIGINS'],
    [{ SES_TOPIC_ARNS: 'arn:aws:sns:eu-west-1:123456789012:ok,not-an-arn' }, 'SES_TOPIC_ARNS'],
  ])('refuses %p, naming %s', (env, name) => {
    expect(() => loadAppConfig(env)).toThrow(ConfigurationError);
    expect(() => loadAppConfig(env)).toThrow(name);
  });
});
