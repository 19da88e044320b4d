import { Module } from '@nestjs/common';
import { BounceRepository } from '../../application/ports/bounce.repository.port';
import { PostgresBounceRepository } from './postgres-bounce-repository.adapter';

@Module({
  providers: [{ provide: BounceRepository, useClass: PostgresBounceRepository }],
  exports: [BounceRepository],
})
export class BouncesPersistenceModule {}
