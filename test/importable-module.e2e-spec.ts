import { Migrator } from '@mikro-orm/migrations';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Injectable, Module, type INestApplicationContext, type InjectionToken, type OnModuleInit } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { Module as NestModule } from '@nestjs/core/injector/module';
import { Test } from '@nestjs/testing';
import * as publicApi from '../libs/bounce-handling/src';
import {
  AllowListFacade,
  ApiKeysFacade,
  BOUNCE_HANDLING_ENTITIES,
  BOUNCE_HANDLING_MIGRATIONS,
  BounceHandlingEvents,
  BounceHandlingModule,
  BouncesFacade,
  type CampaignAlertEvent,
  EmailAddress,
  StatisticsFacade,
  type StatusChange,
  SubscribersFacade,
  SuppressionsFacade,
} from '../libs/bounce-handling/src';
import { AllowListModule } from '../libs/bounce-handling/src/allowlist/allowlist.module';
import { AuthModule } from '../libs/bounce-handling/src/auth/auth.module';
import { BouncesModule } from '../libs/bounce-handling/src/bounces/bounces.module';
import { CampaignsModule } from '../libs/bounce-handling/src/campaigns/campaigns.module';
import { BounceHandlingEventsModule } from '../libs/bounce-handling/src/shared/bounce-handling-events.module';
import { SharedModule } from '../libs/bounce-handling/src/shared/shared.module';
import { SubscribersModule } from '../libs/bounce-handling/src/subscribers/subscribers.module';
import { SuppressionsModule } from '../libs/bounce-handling/src/suppressions/suppressions.module';
import { WebhooksModule } from '../libs/bounce-handling/src/webhooks/webhooks.module';
import { createTestDatabase, type TestDatabase } from './support/test-database';

const LIBRARY_SOURCES = path.join(__dirname, '../libs/bounce-handling/src');
const FEATURE_MODULES: unknown[] = [AuthModule, AllowListModule, BouncesModule, SubscribersModule, CampaignsModule, WebhooksModule, SuppressionsModule];

/** What a module lets the modules that import it inject: what it exports, through the modules it re-exports too. */
function injectableByImporters(module: NestModule): Set<InjectionToken> {
  const tokens = new Set<InjectionToken>();
  for (const token of module.exports) {
    const reexported = [...module.imports].find((imported) => imported.metatype === token);
    if (reexported === undefined) tokens.add(token);
    else for (const inner of injectableByImporters(reexported)) tokens.add(inner);
  }
  return tokens;
}

/** Every value exported by the library's use-case files (`*.use-case.ts`, `*.use-cases.ts`). */
async function useCaseExports(): Promise<Set<unknown>> {
  const files = (fs.readdirSync(LIBRARY_SOURCES, { recursive: true }) as string[]).filter((file) => /\.use-cases?\.ts$/.test(file));
  const values = new Set<unknown>();
  for (const file of files) for (const value of Object.values(await import(path.join(LIBRARY_SOURCES, file)))) values.add(value);
  return values;
}

/** A service of the platform that sends mail: it asks before sending and listens to changes. */
@Injectable()
class NewsletterSender implements OnModuleInit {
  readonly changes: StatusChange[] = [];

  constructor(
    private readonly subscribers: SubscribersFacade,
    private readonly events: BounceHandlingEvents,
  ) {}

  onModuleInit(): void {
    this.events.onStatusChange((change) => {
      this.changes.push(change);
    });
  }

  async recipientsOf(addresses: string[]): Promise<string[]> {
    const answers = await this.subscribers.checkSendability(addresses);
    return answers.filter((answer) => answer.sendable).map((answer) => answer.email);
  }
}

describe('BounceHandlingModule imported by another Nest service (e2e)', () => {
  let database: TestDatabase;
  let context: INestApplicationContext;
  const optionsFactory = jest.fn(async () => ({ softBounceThreshold: 2, logStatusChanges: false }));

  beforeAll(async () => {
    database = await createTestDatabase();
    @Module({
      imports: [
        MikroOrmModule.forRoot({
          driver: (await import('@mikro-orm/postgresql')).PostgreSqlDriver,
          clientUrl: database.url,
          entities: BOUNCE_HANDLING_ENTITIES,
          extensions: [Migrator],
          migrations: { migrationsList: BOUNCE_HANDLING_MIGRATIONS, silent: true },
          allowGlobalContext: false,
        }),
        BounceHandlingModule.forRootAsync({ useFactory: optionsFactory }),
      ],
      providers: [NewsletterSender],
    })
    class SenderServiceModule {}

    const moduleRef = await Test.createTestingModule({ imports: [SenderServiceModule] }).compile();
    context = moduleRef;
    await context.get(MikroORM).getMigrator().up();
    await moduleRef.init();
  });

  afterAll(async () => {
    await context?.close();
    await database?.drop();
  });

  it('answers sendability in-process and tells its listeners of status changes, with its own threshold', async () => {
    const sender = context.get(NewsletterSender);
    const bounces = context.get(BouncesFacade);
    const soft = (n: number) => ({
      kind: 'bounce' as const,
      bounceType: 'soft' as const,
      email: EmailAddress.parse('full@example.com'),
      source: 'api' as const,
      providerEventId: null,
      providerMessageId: `m-${n}`,
      campaignId: null,
      subtype: 'MailboxFull',
      diagnosticCode: null,
      rawPayload: null,
    });

    expect(await sender.recipientsOf(['full@example.com', 'fine@example.com'])).toEqual(['full@example.com', 'fine@example.com']);
    await bounces.ingest([soft(1)]);
    expect(sender.changes).toEqual([]);
    await bounces.ingest([soft(2)]);

    expect(await sender.recipientsOf(['Full@Example.com', 'fine@example.com', 'not an address'])).toEqual(['fine@example.com']);
    expect(sender.changes).toEqual([
      expect.objectContaining({ email: 'full@example.com', subscriberId: null, previousStatus: 'active', status: 'bounced', reason: 'soft-bounce-threshold' }),
    ]);
  });

  it('keeps a listener that throws from disturbing the others or the ingestion', async () => {
    const events = context.get(BounceHandlingEvents);
    const seen: string[] = [];
    const offFailing = events.onStatusChange(() => {
      throw new Error('listener bug');
    });
    const offRecording = events.onStatusChange((change) => void seen.push(change.email));
    try {
      await context.get(BouncesFacade).ingest([
        {
          kind: 'complaint',
          email: EmailAddress.parse('angry@example.com'),
          source: 'api',
          providerEventId: null,
          providerMessageId: null,
          campaignId: null,
          subtype: null,
          feedbackType: 'abuse',
          rawPayload: null,
        },
      ]);
    } finally {
      offFailing();
      offRecording();
    }
    expect(seen).toEqual(['angry@example.com']);
    expect(await context.get(SubscribersFacade).isSendable('angry@example.com')).toBe(false);
  });

  it('adds to and removes from the suppression list in-process, recorded with the service’s name and told to its listeners', async () => {
    const sender = context.get(NewsletterSender);
    const suppressions = context.get(SuppressionsFacade);
    const told = sender.changes.length;

    expect(
      await suppressions.suppress(
        [
          { email: 'Opted-Out@example.com', status: 'unsubscribed', note: 'replied STOP' },
          { email: 'gone@example.com', status: 'bounced' },
          { email: 'not an address', status: 'bounced' },
        ],
        { actor: 'newsletter-service' },
      ),
    ).toEqual([
      { email: 'opted-out@example.com', result: 'added', status: 'unsubscribed' },
      { email: 'gone@example.com', result: 'added', status: 'bounced' },
      { email: 'not an address', result: 'invalid', status: null },
    ]);
    expect(await sender.recipientsOf(['opted-out@example.com', 'gone@example.com'])).toEqual([]);
    const page = await suppressions.list({ origins: ['manual'] });
    expect(page.items.map((item) => [item.email, item.note])).toEqual(
      expect.arrayContaining([
        ['opted-out@example.com', 'replied STOP'],
        ['gone@example.com', null],
      ]),
    );

    expect(await suppressions.unsuppress(['opted-out@example.com', 'gone@example.com'], { actor: 'newsletter-service' })).toEqual([
      { email: 'opted-out@example.com', result: 'kept_complaint' },
      { email: 'gone@example.com', result: 'removed' },
    ]);
    expect(await sender.recipientsOf(['opted-out@example.com', 'gone@example.com'])).toEqual(['gone@example.com']);
    expect(sender.changes.slice(told).map((change) => [change.email, change.status, change.reason])).toEqual([
      ['opted-out@example.com', 'unsubscribed', 'manual'],
      ['gone@example.com', 'bounced', 'manual'],
      ['gone@example.com', 'active', 'reactivation'],
    ]);
    const [recorded] = await context.get(EntityManager).fork().execute("select count(*)::int as n from status_changes where actor = 'newsletter-service'");
    expect(recorded).toEqual({ n: 3 });
  });

  it('lets the service inject its facades and its events, and nothing else', () => {
    const modules = [...context.get(ModulesContainer).values()];
    const library = modules.find((module) => module.metatype === BounceHandlingModule)!;
    expect(injectableByImporters(library)).toEqual(
      new Set([BounceHandlingEvents, ApiKeysFacade, AllowListFacade, BouncesFacade, SubscribersFacade, SuppressionsFacade, StatisticsFacade]),
    );
  });

  it('counts sends in-process, reads a campaign’s health and tells its listeners of an alert', async () => {
    const statistics = context.get(StatisticsFacade);
    const alerts: CampaignAlertEvent[] = [];
    const off = context.get(BounceHandlingEvents).onAlert((alert) => void alerts.push(alert));
    try {
      const emails = Array.from({ length: 100 }, (_, i) => `reader${i}@example.com`);
      expect(await statistics.countSends({ campaignId: 'in-process', emails: [...emails, 'not an address'] })).toEqual({ counted: 100, invalid: 1 });
      await context.get(BouncesFacade).ingest(
        emails.slice(0, 10).map((address, n) => ({
          kind: 'bounce' as const,
          bounceType: 'hard' as const,
          email: EmailAddress.parse(address),
          source: 'api' as const,
          providerEventId: null,
          providerMessageId: `h-${n}`,
          campaignId: 'in-process',
          subtype: null,
          diagnosticCode: null,
          rawPayload: null,
        })),
      );
      expect(await statistics.campaignHealth({ campaignId: 'in-process' })).toMatchObject({
        figures: { sent: 100, hard: 10 },
        bounceRate: 0.1,
        status: 'critical',
      });
      expect(alerts.map((alert) => [alert.campaignId, alert.previousStatus, alert.status])).toEqual([['in-process', 'ok', 'critical']]);
    } finally {
      off();
    }
  });

  it('offers facades in its public API, never a use case', async () => {
    const useCases = await useCaseExports();
    expect(useCases.size).toBeGreaterThan(10);
    expect(
      Object.entries(publicApi)
        .filter(([, value]) => useCases.has(value))
        .map(([name]) => name),
    ).toEqual([]);
    expect(publicApi).toMatchObject({ ApiKeysFacade, BouncesFacade, SubscribersFacade, SuppressionsFacade, StatisticsFacade, BounceHandlingEvents });
  });

  it('resolves its options once, for features that share one SharedModule, and puts nothing global in the service', () => {
    expect(optionsFactory).toHaveBeenCalledTimes(1);
    const modules = [...context.get(ModulesContainer).values()];
    const shared = modules.filter((module) => module.metatype === SharedModule);
    const features = modules.filter((module) => FEATURE_MODULES.includes(module.metatype));
    expect(shared).toHaveLength(1);
    expect(features).toHaveLength(FEATURE_MODULES.length);
    for (const feature of features)
      expect({ feature: feature.metatype.name, importsShared: feature.imports.has(shared[0]) }).toEqual({
        feature: feature.metatype.name,
        importsShared: true,
      });
    const ours = [BounceHandlingModule, SharedModule, BounceHandlingEventsModule, ...FEATURE_MODULES];
    expect(modules.filter((module) => ours.includes(module.metatype) && module.isGlobal).map((module) => module.metatype.name)).toEqual([]);
  });
});
