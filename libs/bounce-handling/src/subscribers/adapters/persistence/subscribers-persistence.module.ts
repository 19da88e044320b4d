import { Module } from '@nestjs/common';
import { SubscriberRepository } from '../../application/ports/subscriber.repository.port';
import { PostgresSubscriberRepository } from './postgres-subscriber-repository.adapter';
import { SubscriberHistory } from '../../application/ports/subscriber-history.port';
import { PostgresSubscriberHistory } from './postgres-subscriber-history.adapter';

@Module({
  providers: [
    { provide: SubscriberRepository, useClass: PostgresSubscriberRepository },
    { provide: SubscriberHistory, useClass: PostgresSubscriberHistory },
  ],
  exports: [SubscriberRepository, SubscriberHistory],
})
export class SubscribersPersistenceModule {}
