import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { PostgresAddressStateRepository } from '../../../shared/adapters/persistence/postgres-address-state-repository.adapter';
import { AddressStateRepository } from '../../../shared/application/ports/address-state.repository.port';
import { BounceRepository } from '../../application/ports/bounce.repository.port';
import { BounceOrmEntity } from './bounce.orm-entity';
import { PostgresBounceRepository } from './postgres-bounce-repository.adapter';

@Module({
  imports: [MikroOrmModule.forFeature([BounceOrmEntity])],
  providers: [
    { provide: BounceRepository, useClass: PostgresBounceRepository },
    // Every address's state, which the subscribers' use cases lock and save too.
    { provide: AddressStateRepository, useClass: PostgresAddressStateRepository },
  ],
  exports: [BounceRepository, AddressStateRepository],
})
export class BouncesPersistenceModule {}
