import { Module } from '@nestjs/common';
import { SubscriberRepository } from '../../application/ports/subscriber.repository.port';
import { PostgresSubscriberRepository } from './postgres-subscriber-repository.adapter';

@Module({
  providers: [{ provide: SubscriberRepository, useClass: PostgresSubscriberRepository }],
  exports: [SubscriberRepository],
})
export class SubscribersPersistenceModule {}
