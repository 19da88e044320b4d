import { MikroOrmModule } from '@mikro-orm/nestjs';
import { type DynamicModule, Module } from '@nestjs/common';
import { BounceHandlingModule } from '../libs/bounce-handling/src';
import type { AppConfig } from './config/app-config';
import { mikroOrmOptions } from './database/mikro-orm.options';

/** The host application: configuration, the database, and the bounce-handling library. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig & { databaseUrl: string }): DynamicModule {
    return {
      module: AppModule,
      imports: [
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
    };
  }
}
