import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { AddressStateRepository } from '../../application/ports/address-state.repository.port';
import { BounceRepository } from '../../application/ports/bounce.repository.port';
import { BounceOrmEntity } from './bounce.orm-entity';
import { MikroOrmAddressStateRepository } from './mikro-orm-address-state-repository.adapter';
import { PostgresBounceRepository } from './postgres-bounce-repository.adapter';

@Module({
  imports: [MikroOrmModule.forFeature([BounceOrmEntity])],
  providers: [
    { provide: BounceRepository, useClass: PostgresBounceRepository },
    { provide: AddressStateRepository, useClass: MikroOrmAddressStateRepository },
  ],
  exports: [BounceRepository, AddressStateRepository],
})
export class BouncesPersistenceModule {}
