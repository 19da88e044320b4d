import { Module } from '@nestjs/common';
import { PostgresAddressStateRepository } from '../../../shared/adapters/persistence/postgres-address-state-repository.adapter';
import { AddressStateRepository } from '../../../shared/application/ports/address-state.repository.port';
import { BounceRepository } from '../../application/ports/bounce.repository.port';
import { PostgresBounceRepository } from './postgres-bounce-repository.adapter';

@Module({
  providers: [
    { provide: BounceRepository, useClass: PostgresBounceRepository },
    // Every address's state, which the subscribers' use cases lock and save too.
    { provide: AddressStateRepository, useClass: PostgresAddressStateRepository },
  ],
  exports: [BounceRepository, AddressStateRepository],
})
export class BouncesPersistenceModule {}
