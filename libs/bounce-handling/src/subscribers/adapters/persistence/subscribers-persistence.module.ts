import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { SubscriberRepository } from '../../application/ports/subscriber.repository.port';
import { PostgresSubscriberRepository } from './postgres-subscriber-repository.adapter';
import { SubscriberOrmEntity } from './subscriber.orm-entity';

@Module({
  imports: [MikroOrmModule.forFeature([SubscriberOrmEntity])],
  providers: [{ provide: SubscriberRepository, useClass: PostgresSubscriberRepository }],
  exports: [SubscriberRepository],
})
export class SubscribersPersistenceModule {}
