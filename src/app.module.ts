import { MikroOrmModule } from '@mikro-orm/nestjs';
import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { BounceHandlingModule } from '../libs/bounce-handling/src';
import type { AppConfig } from './config/app-config';
import { mikroOrmOptions } from './database/mikro-orm.options';
import { HealthController } from './health/health.controller';
import { loggerOptions } from './logging/logger-options';

export interface AppModuleOptions extends AppConfig {
  readonly databaseUrl: string;
  /** Where logs go (stdout by default); tests capture them here. */
  readonly logDestination?: DestinationStream;
}

/** The host application: configuration, logging, the database, and the bounce-handling library. */
@Module({})
export class AppModule {
  static forRoot(config: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot(loggerOptions(config.logLevel, config.logDestination)),
        MikroOrmModule.forRoot(mikroOrmOptions(config.databaseUrl)),
        BounceHandlingModule.forRoot({
          softBounceThreshold: config.softBounceThreshold,
          bootstrapApiKey: config.bootstrapApiKey ?? undefined,
          webhooks: {
            ses: { topicArns: config.sesTopicArns, certificatesDir: config.snsCertificatesDir ?? undefined },
            mailgun: { signingKey: config.mailgunWebhookSigningKey ?? undefined },
            sendgrid: { publicKey: config.sendgridWebhookPublicKey ?? undefined },
          },
        }),
      ],
      controllers: [HealthController],
    };
  }
}
